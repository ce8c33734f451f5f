import fs from 'node:fs';
import path from 'node:path';
import { SYNAGOGUE_FILE_FORMAT, SynagogueFile } from '../../cloud-sync/protocol/api/synagogue-file.js';
import { deviceTopics } from '../../cloud-sync/protocol/topics.js';
import { createGateway, type Gateway } from '../../cloud-sync/server/gateway.js';
import { openSqliteGatewayDb } from '../../cloud-sync/server/gateway-db.js';
import { directoryAssetStore } from '../../cloud-sync/server/assets/asset-store.js';
import { ensureStandaloneScreen, pairStandaloneScreen, reportStandaloneScreen } from '../../cloud-sync/server/standalone-screen.js';
import type { Clock } from '../clock.js';
import type { Device } from '../compose-device.js';
import type { DeviceConfig } from '../config.js';
import { demoTargetState } from '../demo/demo-state.js';
import { localHostName, MdnsAnnouncer } from '../host/mdns-announcer.js';
import type { Logger } from '../log.js';
import { appRoot } from '../shell/display-server.js';
import { newSetupCode, setupNotice } from './setup-notice.js';

export interface Standalone {
  /** The device's config, now naming the embedded gateway as its cloud. */
  config: DeviceConfig;
  /** Where a phone on the shul's network opens the console. */
  consoleUrl: string;
  /** The gateway's address on this machine. */
  localUrl: string;
  /** Wire the started device: nudges sync it at once, the wall shows the setup code until a phone sets the password. */
  attach(device: Device): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Standalone, the embedded default: the gateway that the cloud runs, here on SQLite inside the
 * device's data directory, serving the console on the local network. On the first run it is
 * seeded with the demo synagogue, so the wall shows something until the gabbai makes it theirs.
 * The device pairs with it at every start (a fresh credential; none is kept on disk). Without
 * a broker, a write nudges the device in process: the gateway's change feed calls syncNow, so
 * an edit reaches the wall as fast as a database read and one model build.
 */
export async function startStandalone(options: { config: DeviceConfig; clock: Clock; logger: Logger; appVersion: string }): Promise<Standalone> {
  const { config, clock, logger } = options;
  const settings = config.standalone ?? { port: 8080, announce: true };
  const dir = path.join(config.dataDir, 'standalone');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { client, db } = openSqliteGatewayDb(path.join(dir, 'cloud.db'));
  const now = clock.now();
  const demo = demoTargetState(now);
  const seed = SynagogueFile.parse({
    format: SYNAGOGUE_FILE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    synagogue: demo.synagogue,
    settings: demo.settings,
    content: demo.content,
  });
  const screen = await ensureStandaloneScreen(db, { hostName: localHostName(), seed });
  if (screen.seeded)
    logger.info({ event: 'standalone.seeded', deviceId: screen.deviceId }, 'first run: the screen’s own gateway was seeded with the demo synagogue');
  let code: string | null = screen.setUp ? null : newSetupCode();
  let device: Device | undefined;

  const nudge = () =>
    void device?.sync
      ?.syncNow()
      .then(async ({ appliedEtag }) => {
        if (appliedEtag) await reportStandaloneScreen(db, screen, { appliedStateEtag: appliedEtag, now: clock.now() });
      })
      .catch((error: Error) => logger.warn({ event: 'standalone.sync-failed', error: error.message }, 'the screen could not sync with its own gateway'));
  const nudgeTopic = deviceTopics(screen.deviceId).stateChanged;
  const gateway: Gateway = createGateway({
    prisma: db,
    clock,
    logger: logger.child({ part: 'gateway' }) as never,
    assets: directoryAssetStore(path.join(dir, 'assets')),
    stateCache: { enabled: true },
    staticDir: path.join(appRoot(), 'dist', 'console'),
    displayDir: path.join(appRoot(), 'dist', 'display'),
    broker: {
      publish: async (topic) => {
        if (topic !== nudgeTopic) throw new Error('a standalone screen has no broker: commands need the cloud');
        nudge();
      },
    },
    firstRun: {
      ownerId: screen.ownerId,
      code: () => code,
      completed: () => {
        code = null;
        device?.runtime.showSetup(undefined);
        logger.info({ event: 'standalone.set-up' }, 'the screen was set up from a phone');
      },
    },
  });
  let announcer: MdnsAnnouncer | undefined;
  try {
    const { port } = await gateway.start(settings.port, '0.0.0.0');
    const host = localHostName();
    const consoleUrl = `http://${host}${port === 80 ? '' : `:${port}`}/`;
    const paired = await pairStandaloneScreen(db, screen, clock.now());
    if (settings.announce) {
      announcer = new MdnsAnnouncer({ name: `Luach · ${screen.synagogueName}`, host, port }, logger);
      announcer.start();
    }
    const localUrl = `http://127.0.0.1:${port}`;
    return {
      config: { ...config, cloud: { apiUrl: localUrl, deviceId: screen.deviceId, token: paired } },
      consoleUrl,
      localUrl,
      async attach(started) {
        device = started;
        if (code) started.runtime.showSetup(setupNotice(consoleUrl, code));
        await reportStandaloneScreen(db, screen, { online: true, appVersion: options.appVersion, now: clock.now() });
        nudge();
      },
      async stop() {
        await announcer?.stop();
        await reportStandaloneScreen(db, screen, { online: false, now: clock.now() }).catch(() => undefined);
        await gateway.stop();
        await client.$disconnect();
      },
    };
  } catch (error) {
    await announcer?.stop();
    await gateway.stop();
    await client.$disconnect();
    throw error;
  }
}
