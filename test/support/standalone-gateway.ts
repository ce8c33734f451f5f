import path from 'node:path';
import { SYNAGOGUE_FILE_FORMAT, SynagogueFile } from '../../cloud-sync/protocol/api/synagogue-file.js';
import { createGateway, type Gateway } from '../../cloud-sync/server/gateway.js';
import { ensureStandaloneScreen } from '../../cloud-sync/server/standalone-screen.js';
import { demoTargetState } from '../../device/demo/demo-state.js';
import { capturingLogger, GatewayCloud } from './gateway-cloud.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The gateway a standalone screen runs, in this process: seeded with the demo synagogue, serving
 * the built console and display, already set up by a phone (`cookie` is that phone's session).
 */
export async function startSetUpStandaloneGateway(options: { requestsPerMinute?: number } = {}) {
  const cloud = GatewayCloud.open();
  const now = new Date();
  const seed = SynagogueFile.parse({ format: SYNAGOGUE_FILE_FORMAT, version: 1, exportedAt: now.toISOString(), ...demoTargetState(now) });
  const screen = await ensureStandaloneScreen(cloud.db, { hostName: 'shul.local', seed });
  let code: string | null = 'K7M2';
  const gateway: Gateway = createGateway({
    prisma: cloud.db,
    logger: capturingLogger().logger,
    staticDir: path.join(ROOT, 'dist', 'console'),
    displayDir: path.join(ROOT, 'dist', 'display'),
    ...(options.requestsPerMinute ? { requestsPerMinute: options.requestsPerMinute } : {}),
    firstRun: { ownerId: screen.ownerId, code: () => code, completed: () => (code = null) },
  });
  const { url } = await gateway.start(0);
  const setUp = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, email: 'gabbai@shul.test', password: 'correct horse battery' }),
  });
  if (!setUp.ok) throw new Error(`setup refused: ${await setUp.text()}`);
  const [name, value] = setUp.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
  return {
    url,
    screen,
    cookie: { name, value, url },
    async stop() {
      await gateway.stop();
      await cloud.dispose();
    },
  };
}
