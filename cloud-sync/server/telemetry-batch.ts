import type { DeviceMetrics, Heartbeat } from '../protocol/telemetry.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import { asDeviceOwner, type GatewayDb } from './gateway-db.js';
import { heartbeatRow, metricsRow } from './telemetry-writes.js';

/** One heartbeat or metrics report of a known, active device, waiting to be written. */
export type TelemetryItem =
  | { kind: 'heartbeat'; device: { id: string; userId: string }; payload: Heartbeat; receivedAt: Date; touch: boolean }
  | { kind: 'metrics'; device: { id: string; userId: string }; payload: DeviceMetrics; receivedAt: Date };

export interface BatchOutcome {
  written: number;
  duplicate: number;
  failed: { count: number; error: string }[];
}

/**
 * Write a burst of heartbeats and metrics with a few queries per tenant instead of a few per
 * message: one insert of all its heartbeats, one update per applied ETag for the device rows
 * that need touching, one lookup of the metrics already stored (a redelivered report is a
 * duplicate), one insert of the new ones. Each tenant's rows are written as that tenant.
 */
export async function writeTelemetryBatch(db: GatewayDb, items: TelemetryItem[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { written: 0, duplicate: 0, failed: [] };
  const byTenant = new Map<string, TelemetryItem[]>();
  for (const item of items) byTenant.set(item.device.userId, [...(byTenant.get(item.device.userId) ?? []), item]);
  for (const [tenant, group] of byTenant) {
    try {
      await asDeviceOwner(tenant, async () => {
        const heartbeats = group.filter((i) => i.kind === 'heartbeat');
        if (heartbeats.length)
          await db.deviceMonitoring.createMany({ data: heartbeats.map((i) => tenantOwned(heartbeatRow(i.device.id, i.payload, i.receivedAt))) });
        const touches = new Map<string, { ids: Set<string>; receivedAt: Date }>();
        for (const item of heartbeats.filter((i) => i.touch)) {
          const key = item.payload.appliedEtag ?? '';
          const touch = touches.get(key) ?? { ids: new Set<string>(), receivedAt: item.receivedAt };
          touch.ids.add(item.device.id);
          touch.receivedAt = item.receivedAt;
          touches.set(key, touch);
        }
        for (const [etag, touch] of touches)
          await db.device.updateMany({
            where: { id: { in: [...touch.ids] } },
            data: { online: true, lastSeenAt: touch.receivedAt, ...(etag ? { appliedStateEtag: etag } : {}) },
          });

        const metrics = group.filter((i) => i.kind === 'metrics');
        const keyOf = (deviceId: string, at: Date) => `${deviceId}@${at.getTime()}`;
        const stored = metrics.length
          ? await db.deviceMetrics.findMany({
              where: { deviceId: { in: [...new Set(metrics.map((i) => i.device.id))] }, sampledAt: { in: metrics.map((i) => new Date(i.payload.at)) } },
              select: { deviceId: true, sampledAt: true },
            })
          : [];
        const seen = new Set(stored.map((row) => keyOf(row.deviceId, row.sampledAt)));
        const fresh = metrics.filter((i) => {
          const key = keyOf(i.device.id, new Date(i.payload.at));
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        if (fresh.length) await db.deviceMetrics.createMany({ data: fresh.map((i) => tenantOwned(metricsRow(i.device.id, i.payload))) });
        outcome.written += heartbeats.length + fresh.length;
        outcome.duplicate += metrics.length - fresh.length;
      });
    } catch (error) {
      outcome.failed.push({ count: group.length, error: (error as Error).message });
    }
  }
  return outcome;
}
