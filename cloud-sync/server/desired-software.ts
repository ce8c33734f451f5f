import crypto from 'node:crypto';
import { SoftwareTarget } from '../protocol/target-state.js';
import type { GatewayDb } from './gateway-db.js';

/** How many published releases are considered, newest first. */
const CANDIDATES = 20;

/**
 * The software a device should run: the newest published SoftwareUpdate on the stable channel
 * that targets it (no target list means every device of the customer) and whose rollout
 * includes it. Must run as the device's owner. Null when none applies: the device keeps what
 * it has.
 */
export async function desiredSoftware(db: GatewayDb, deviceId: string): Promise<Record<string, unknown> | null> {
  const releases = await db.softwareUpdate.findMany({
    where: { status: 'published', channel: 'stable' },
    orderBy: [{ publishedAt: 'desc' }, { createdAt: 'desc' }],
    take: CANDIDATES,
  });
  for (const release of releases) {
    const targets = Array.isArray(release.targetDeviceIds) ? (release.targetDeviceIds as unknown[]) : [];
    if (targets.length > 0 && !targets.includes(deviceId)) continue;
    if (rolloutBucket(release.id, deviceId) >= release.rolloutPercent) continue;
    const target = {
      version: release.version,
      url: release.url,
      sha256: release.sha256,
      signature: release.signature,
      channel: release.channel,
      releaseId: release.id,
      ...(release.sizeBytes ? { sizeBytes: release.sizeBytes } : {}),
      ...(release.allowDowngrade ? { allowDowngrade: true } : {}),
    };
    if (SoftwareTarget.safeParse(target).success) return target;
  }
  return null;
}

/**
 * A stable 0-99 bucket per (release, device): raising rolloutPercent only adds devices, and
 * each release picks a different first group.
 */
export function rolloutBucket(releaseId: string, deviceId: string): number {
  return crypto.createHash('sha256').update(`${releaseId}:${deviceId}`).digest().readUInt32BE(0) % 100;
}
