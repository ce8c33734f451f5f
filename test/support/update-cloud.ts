import path from 'node:path';
import { createGateway, type Gateway } from '../../cloud-sync/server/gateway.js';
import { createMqttIngest, type MqttIngest } from '../../cloud-sync/server/mqtt-ingest.js';
import type { PairedDevice } from '../../cloud-sync/server/pairing.js';
import type { DeviceConfig } from '../../device/config.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import type { PackedRelease } from '../../scripts/release/pack-release.js';
import { ArtifactServer } from './artifact-server.js';
import { addBrokerLogin } from './gateway-broker.js';
import { capturingLogger, GatewayCloud, postJson } from './gateway-cloud.js';
import { Mosquitto } from './mosquitto.js';
import { ReleaseKit } from './release-kit.js';

export const TENANT = 'tenant-updates';

/**
 * Everything around a self-updating wall: the cloud's database (real Prisma on SQLite), the
 * device gateway (HTTP sync and pairing), its MQTT ingest writing UpdateStatus, a real Mosquitto,
 * a release kit with throwaway keys, and a release server over node:http with Range.
 */
export class UpdateCloud {
  private published = 0;

  private constructor(
    readonly broker: Mosquitto,
    readonly cloud: GatewayCloud,
    readonly gateway: Gateway,
    readonly apiUrl: string,
    readonly ingest: MqttIngest,
    readonly kit: ReleaseKit,
    readonly releases: ArtifactServer,
    /** What the gateway logged (its warnings say why a device message was dropped). */
    readonly logs: { level: number }[],
  ) {}

  /** `configuration`: the device's DeviceConfiguration row (telemetry intervals, the fallback sync), as its operator sets it. */
  static async start(deviceId: string, configuration: Record<string, unknown> = {}): Promise<UpdateCloud> {
    const broker = await Mosquitto.start([]);
    const cloud = GatewayCloud.open();
    await cloud.addTenant(TENANT, { deviceId, synagogueName: 'Kehilat Beit Yosef' });
    await cloud.as(TENANT, async (db) => {
      await db.deviceConfiguration.create({ data: tenantOwned({ deviceId, ...configuration }) });
      // A wall with a prayer board: what a congregant reads, and what the tests look for on the screen.
      await db.tfilaTime.create({ data: tenantOwned({ name: 'שחרית', category: 'shacharit', time: { kind: 'fixed', time: '06:30' }, sortOrder: 1 }) });
      await db.tfilaTime.create({ data: tenantOwned({ name: 'ערבית', category: 'maariv', time: { kind: 'fixed', time: '23:45' }, sortOrder: 2 }) });
    });
    const { logger, lines } = capturingLogger();
    const gateway = createGateway({ prisma: cloud.db, logger, onPaired: (paired) => addBrokerLogin(broker, paired.mqtt.username, paired.mqtt.password) });
    const { url: apiUrl } = await gateway.start(0);
    const ingest = createMqttIngest({ prisma: cloud.db, url: broker.url, ...broker.cloud, clientId: `ingest-${deviceId}`, logger });
    await ingest.start();
    const kit = ReleaseKit.create();
    return new UpdateCloud(broker, cloud, gateway, apiUrl, ingest, kit, await ArtifactServer.start(kit.outDir), lines as { level: number }[]);
  }

  /** Pair the device as a person would (the code the cloud shows): its credentials and broker login. */
  async pair(deviceId: string): Promise<PairedDevice> {
    const { code } = await this.cloud.pairingCode(TENANT, deviceId);
    return (await postJson(`${this.apiUrl}/device/v1/pair`, { code })).json as unknown as PairedDevice;
  }

  /** The config.json a paired device holds. */
  deviceConfig(paired: PairedDevice): { cloud: NonNullable<DeviceConfig['cloud']>; mqtt: NonNullable<DeviceConfig['mqtt']> } {
    return {
      cloud: { apiUrl: this.apiUrl, deviceId: paired.deviceId, token: paired.token },
      mqtt: { url: this.broker.url, username: paired.mqtt.username, password: paired.mqtt.password },
    };
  }

  /**
   * Publish a release as the customer would (a SoftwareUpdate row, newest of all, for every
   * device), with any field overridden, and nudge the device to sync.
   */
  async publish(deviceId: string, release: PackedRelease, overrides: Record<string, unknown> = {}): Promise<string> {
    this.published += 1;
    const row = await this.cloud.as(TENANT, (db) =>
      db.softwareUpdate.create({
        data: tenantOwned({
          version: release.version,
          url: this.releases.url(path.basename(release.artifact)),
          sha256: release.sha256,
          signature: release.signature,
          sizeBytes: release.sizeBytes,
          allowDowngrade: release.allowDowngrade,
          status: 'published',
          channel: 'stable',
          publishedAt: new Date(Date.UTC(2026, 0, 1) + this.published * 60_000),
          ...overrides,
        }),
      }),
    );
    await this.ingest.publishStateChanged(deviceId);
    return row.id;
  }

  /** Take a published release back as the customer would (status `withdrawn`), and nudge the device to sync. */
  async withdraw(deviceId: string, releaseId: string): Promise<void> {
    await this.cloud.as(TENANT, (db) => db.softwareUpdate.update({ where: { id: releaseId }, data: { status: 'withdrawn' } }));
    await this.ingest.publishStateChanged(deviceId);
  }

  /** What the gateway recorded for the device and that release. */
  status(deviceId: string, releaseId: string) {
    return this.cloud.as(TENANT, (db) => db.updateStatus.findUnique({ where: { deviceId_softwareUpdateId: { deviceId, softwareUpdateId: releaseId } } }));
  }

  /** What the device under test printed, when a test runs one (SupervisedWall sets it): a timeout shows its end. */
  deviceOutput?: () => string;

  /** Wait until the gateway's row for that release is in `state` (the ingest writes what the device reports). */
  async statusReaches(deviceId: string, releaseId: string, state: string, timeoutMs = 20_000, detail?: RegExp) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      await this.ingest.idle();
      const row = await this.status(deviceId, releaseId);
      if (row?.state === state && (!detail || detail.test(row.detail ?? ''))) return row;
      if (performance.now() > deadline)
        throw new Error(
          `UpdateStatus of ${releaseId} did not reach ${state} within ${timeoutMs} ms; it is ${row?.state ?? 'absent'} (${row?.error ?? row?.detail ?? ''}); ingest ${JSON.stringify(this.ingest.counts())}; ${JSON.stringify(this.logs.filter((l) => l.level >= 40).slice(-3))}${this.deviceOutput ? `\nthe device printed:\n${this.deviceOutput().slice(-6000)}` : ''}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async dispose(): Promise<void> {
    await this.ingest.stop();
    await this.gateway.stop();
    await this.releases.stop();
    await this.broker.dispose();
    await this.cloud.dispose();
    this.kit.dispose();
  }
}
