import type { CommandResult } from '../protocol/commands.js';
import type { DeviceMetrics, DeviceStatus, Heartbeat } from '../protocol/telemetry.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import { recordBatchResult } from './batch-progress.js';
import type { GatewayDb } from './gateway-db.js';

/**
 * What the MQTT ingest writes for each kind of device message. Every function runs as the
 * device's owner (asDeviceOwner): creates are stamped with the tenant by the extension, and
 * reads and updates never see another tenant's rows.
 */

export type WriteOutcome = 'written' | 'duplicate' | 'unknownCommand';

/**
 * A heartbeat: always a DeviceMonitoring row; the device row (online, lastSeenAt, the applied
 * ETag) only when `touchDevice`, which the ingest decides from what it last wrote, so most of a
 * fleet's heartbeats cost one insert.
 */
export async function writeHeartbeat(db: GatewayDb, deviceId: string, heartbeat: Heartbeat, receivedAt: Date, touchDevice = true): Promise<WriteOutcome> {
  const { v: _v, id, at, uptimeSeconds, appliedEtag, ...detail } = heartbeat;
  await db.deviceMonitoring.create({
    data: tenantOwned({ deviceId, kind: 'heartbeat', receivedAt, appliedStateEtag: appliedEtag, uptimeSeconds, detail: { messageId: id, at, ...detail } }),
  });
  if (touchDevice)
    await db.device.update({
      where: { id: deviceId },
      data: { online: true, lastSeenAt: receivedAt, ...(appliedEtag ? { appliedStateEtag: appliedEtag } : {}) },
    });
  return 'written';
}

/**
 * A retained status replayed when the ingest (re)subscribes was recorded when it first
 * arrived; it only refreshes the device's online flag, so a gateway restart adds no rows.
 */
export async function writeStatus(db: GatewayDb, deviceId: string, status: DeviceStatus, receivedAt: Date, retained: boolean): Promise<WriteOutcome> {
  const { v: _v, online, appVersion, appliedEtag, shell, uptimeSeconds, ...detail } = status;
  if (!retained) {
    await db.deviceMonitoring.create({
      data: tenantOwned({
        deviceId,
        kind: online ? 'online' : 'offline',
        receivedAt,
        appVersion,
        appliedStateEtag: appliedEtag ?? null,
        shell,
        uptimeSeconds,
        detail,
      }),
    });
  }
  await db.device.update({
    where: { id: deviceId },
    data: { online, ...(online && !retained ? { lastSeenAt: receivedAt } : {}), ...(appVersion ? { appVersion } : {}) },
  });
  return 'written';
}

/**
 * One DeviceMetrics row per report. A report is identified by (device, sample time): the
 * device stamps each sample once, so a QoS 1 redelivery or an outbox replay of the same
 * message finds its row and is not counted twice.
 */
export async function writeMetrics(db: GatewayDb, deviceId: string, metrics: DeviceMetrics): Promise<WriteOutcome> {
  const sampledAt = new Date(metrics.at);
  if (await db.deviceMetrics.findFirst({ where: { deviceId, sampledAt }, select: { id: true } })) return 'duplicate';
  const { v: _v, id, at: _at, cpuLoadPercent, memory, disk, cpuTemperatureC, uptimeSeconds, throttled, display, ...rest } = metrics;
  const throttledNow = throttled ? throttled.throttledNow || throttled.underVoltageNow || throttled.frequencyCappedNow || throttled.softTempLimitNow : null;
  await db.deviceMetrics.create({
    data: tenantOwned({
      deviceId,
      sampledAt,
      cpuPercent: cpuLoadPercent,
      cpuTemperatureC,
      memoryUsedBytes: memory?.usedBytes ?? null,
      memoryTotalBytes: memory?.totalBytes ?? null,
      diskUsedBytes: disk?.usedBytes ?? null,
      diskTotalBytes: disk?.totalBytes ?? null,
      uptimeSeconds,
      throttled: throttledNow,
      displayOn: display === 'unknown' ? null : display === 'on',
      // The rest (network counters, throttle flags, renderer memory, ...) kept whole, with the message id.
      extra: JSON.parse(JSON.stringify({ messageId: id, throttleFlags: throttled, ...rest })),
    }),
  });
  return 'written';
}

const FINAL = new Set(['succeeded', 'failed', 'expired']);
const HISTORY_STATUS: Record<CommandResult['status'], string> = { accepted: 'acknowledged', succeeded: 'succeeded', failed: 'failed', rejected: 'failed' };

/** Record a command result on the command's history row; a late `accepted` never undoes a final result. */
export async function writeCommandResult(db: GatewayDb, deviceId: string, result: CommandResult, receivedAt: Date): Promise<WriteOutcome> {
  const row = await db.commandHistory.findUnique({
    where: { commandId: result.id },
    select: { id: true, deviceId: true, status: true, commandId: true, batchCommandId: true },
  });
  if (!row || row.deviceId !== deviceId) return 'unknownCommand';
  const status = HISTORY_STATUS[result.status];
  if (FINAL.has(row.status) && (!FINAL.has(status) || result.repeat)) return 'duplicate';
  const final = FINAL.has(status);
  const error = result.reason ? (result.status === 'rejected' ? `rejected by the device: ${result.reason}` : result.reason) : null;
  await db.commandHistory.update({
    where: { id: row.id },
    data: {
      status,
      ...(result.output !== undefined ? { result: JSON.parse(JSON.stringify(result.output)) } : {}),
      ...(error ? { error } : {}),
      ...(final ? { completedAt: receivedAt } : {}),
    },
  });
  await recordBatchResult(db, row, { status, result: result.output, error }, receivedAt);
  return 'written';
}
