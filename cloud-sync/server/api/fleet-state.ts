import type { z } from 'zod';
import type { DeviceAlert, FleetDevice, LastMetrics } from '../../protocol/api/fleet.js';
import { TargetStateUnavailable } from '../build-target-state.js';
import type { GatewayDb } from '../gateway-db.js';
import type { TargetStateCache } from '../target-state-cache.js';

/** The Device columns the fleet view needs (never the credential's hash or the pairing code's). */
export const FLEET_DEVICE = {
  id: true,
  userId: true,
  name: true,
  location: true,
  tags: true,
  synagogueId: true,
  status: true,
  online: true,
  lastSeenAt: true,
  appVersion: true,
  pairedAt: true,
  revokedAt: true,
  appliedStateEtag: true,
  createdAt: true,
  updatedAt: true,
} as const;

type DeviceRow = {
  id: string;
  userId: string;
  name: string;
  location: string | null;
  tags: unknown;
  synagogueId: string | null;
  status: string;
  online: boolean;
  lastSeenAt: Date | null;
  appVersion: string | null;
  pairedAt: Date | null;
  revokedAt: Date | null;
  appliedStateEtag: string | null;
  createdAt: Date;
};

const DISK_NEARLY_FULL = 0.9;
const OVERHEATING_C = 80;

/**
 * One device as the fleet view shows it: its row, whether it holds the state it should (by the
 * target-state cache, so a page of devices of one tenant builds that tenant's content once), its
 * last metrics and display power, and the alerts an operator acts on. Runs in the request's
 * tenant context.
 */
export async function fleetDevice(db: GatewayDb, states: TargetStateCache, device: DeviceRow, now: Date): Promise<z.infer<typeof FleetDevice>> {
  const alerts: z.infer<typeof DeviceAlert>[] = [];
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  let currentStateEtag: string | null = null;
  try {
    currentStateEtag = (await states.current(device, now)).etag;
  } catch (error) {
    if (!(error instanceof TargetStateUnavailable)) throw error;
    alerts.push({ kind: 'state-unavailable', message: error.message, since: null });
  }
  const [metrics, heartbeat, update] = await Promise.all([
    db.deviceMetrics.findFirst({ where: { deviceId: device.id }, orderBy: { sampledAt: 'desc' } }),
    db.deviceMonitoring.findFirst({
      where: { deviceId: device.id, kind: 'heartbeat' },
      orderBy: { receivedAt: 'desc' },
      select: { receivedAt: true, detail: true },
    }),
    db.updateStatus.findFirst({
      where: { deviceId: device.id },
      orderBy: { updatedAt: 'desc' },
      select: { state: true, error: true, toVersion: true, updatedAt: true },
    }),
  ]);
  const lastMetrics: z.infer<typeof LastMetrics> | null = metrics && {
    sampledAt: metrics.sampledAt.toISOString(),
    cpuPercent: metrics.cpuPercent,
    cpuTemperatureC: metrics.cpuTemperatureC,
    memoryUsedBytes: metrics.memoryUsedBytes,
    memoryTotalBytes: metrics.memoryTotalBytes,
    diskUsedBytes: metrics.diskUsedBytes,
    diskTotalBytes: metrics.diskTotalBytes,
    uptimeSeconds: metrics.uptimeSeconds,
    throttled: metrics.throttled,
  };
  const heartbeatDisplay = (heartbeat?.detail as { display?: string } | null)?.display;
  const metricsNewer = metrics && (!heartbeat || metrics.sampledAt > heartbeat.receivedAt);
  const displayPower =
    metricsNewer && metrics.displayOn !== null
      ? metrics.displayOn
        ? 'on'
        : 'off'
      : heartbeatDisplay === 'on' || heartbeatDisplay === 'off'
        ? heartbeatDisplay
        : 'unknown';

  const paired = device.status === 'active' && !device.revokedAt;
  if (!device.pairedAt && !device.revokedAt)
    alerts.push({ kind: 'never-paired', message: 'waiting to be paired: create a pairing code and type it on the screen', since: iso(device.createdAt) });
  if (paired && !device.online) alerts.push({ kind: 'offline', message: 'the screen is not connected to the broker', since: iso(device.lastSeenAt) });
  if (paired && currentStateEtag && device.appliedStateEtag !== currentStateEtag)
    alerts.push({ kind: 'state-behind', message: 'the screen does not show the latest content yet', since: null });
  if (metrics?.diskUsedBytes && metrics.diskTotalBytes && metrics.diskUsedBytes / metrics.diskTotalBytes > DISK_NEARLY_FULL)
    alerts.push({
      kind: 'disk-nearly-full',
      message: `the disk is ${Math.round((100 * metrics.diskUsedBytes) / metrics.diskTotalBytes)}% full`,
      since: iso(metrics.sampledAt),
    });
  if (metrics?.cpuTemperatureC && metrics.cpuTemperatureC >= OVERHEATING_C)
    alerts.push({
      kind: 'overheating',
      message: `the CPU is at ${metrics.cpuTemperatureC.toFixed(0)} °C; check the screen's ventilation`,
      since: iso(metrics.sampledAt),
    });
  if (metrics?.throttled) alerts.push({ kind: 'throttled', message: 'the board is throttled (power supply or heat)', since: iso(metrics.sampledAt) });
  if (update && (update.state === 'failed' || update.state === 'rolledBack'))
    alerts.push({
      kind: 'update-failed',
      message: `the update to ${update.toVersion} ${update.state === 'failed' ? 'failed' : 'was rolled back'}${update.error ? `: ${update.error}` : ''}`,
      since: iso(update.updatedAt),
    });

  return {
    id: device.id,
    userId: device.userId,
    name: device.name,
    location: device.location,
    tags: Array.isArray(device.tags) ? (device.tags as string[]) : [],
    synagogueId: device.synagogueId,
    status: device.status,
    online: device.online,
    lastSeenAt: iso(device.lastSeenAt),
    appVersion: device.appVersion,
    pairedAt: iso(device.pairedAt),
    revokedAt: iso(device.revokedAt),
    appliedStateEtag: device.appliedStateEtag,
    currentStateEtag,
    stateCurrent: currentStateEtag ? device.appliedStateEtag === currentStateEtag : null,
    displayPower,
    lastMetrics,
    alerts,
    createdAt: device.createdAt.toISOString(),
  };
}
