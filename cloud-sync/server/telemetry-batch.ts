import type { DeviceMetrics, Heartbeat } from '../protocol/telemetry.js';
import { asGateway, type GatewayDb } from './gateway-db.js';
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
 * Write a burst of heartbeats and metrics with a handful of queries, whatever its size: one insert
 * of all heartbeats, one update per applied ETag for the device rows that need touching, one
 * lookup of the metrics already stored (a redelivered report is a duplicate), one insert of the
 * new ones. A burst spans tenants, so it runs as the gateway and each row names its owner: the
 * owner of the device the message's topic names, found by id as authentication finds a device —
 * never a value from the payload.
 */
export async function writeTelemetryBatch(db: GatewayDb, items: TelemetryItem[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { written: 0, duplicate: 0, failed: [] };
  if (items.length === 0) return outcome;
  try {
    await asGateway(async () => {
      const heartbeats = items.filter((i) => i.kind === 'heartbeat');
      if (heartbeats.length)
        await db.deviceMonitoring.createMany({
          data: heartbeats.map((i) => ({ ...heartbeatRow(i.device.id, i.payload, i.receivedAt), userId: i.device.userId })),
        });
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

      const metrics = items.filter((i) => i.kind === 'metrics');
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
      if (fresh.length) await db.deviceMetrics.createMany({ data: fresh.map((i) => ({ ...metricsRow(i.device.id, i.payload), userId: i.device.userId })) });
      outcome.written += heartbeats.length + fresh.length;
      outcome.duplicate += metrics.length - fresh.length;
    });
  } catch (error) {
    outcome.failed.push({ count: items.length, error: (error as Error).message });
  }
  return outcome;
}
