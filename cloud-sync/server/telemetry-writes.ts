import type { CommandResult } from '../protocol/commands.js';
import type { DeviceMetrics, DeviceStatus, Heartbeat } from '../protocol/telemetry.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import { recordBatchResult } from './batch-progress.js';
import type { GatewayDb } from './gateway-db.js';

/**
 * What the MQTT ingest writes for each kind of device message (heartbeats and metrics in bursts:
 * telemetry-batch.ts). Every function runs as the device's owner (asDeviceOwner): creates are
 * stamped with the tenant by the extension, and reads and updates never see another tenant's rows.
 */

export type WriteOutcome = 'written' | 'duplicate' | 'unknownCommand';

/** The DeviceMonitoring row of a heartbeat. */
export function heartbeatRow(deviceId: string, heartbeat: Heartbeat, receivedAt: Date) {
  const { v: _v, id, at, uptimeSeconds, appliedEtag, ...detail } = heartbeat;
  return { deviceId, kind: 'heartbeat', receivedAt, appliedStateEtag: appliedEtag, uptimeSeconds, detail: { messageId: id, at, ...detail } };
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
 * The DeviceMetrics row of a report. A report is identified by (device, sample time): the device
 * stamps each sample once, so a QoS 1 redelivery or an outbox replay of the same message is
 * recognised (telemetry-batch.ts) and not counted twice.
 */
export function metricsRow(deviceId: string, metrics: DeviceMetrics) {
  const { v: _v, id, at, cpuLoadPercent, memory, disk, cpuTemperatureC, uptimeSeconds, throttled, display, ...rest } = metrics;
  const throttledNow = throttled ? throttled.throttledNow || throttled.underVoltageNow || throttled.frequencyCappedNow || throttled.softTempLimitNow : null;
  return {
    deviceId,
    sampledAt: new Date(at),
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
    extra: JSON.parse(JSON.stringify({ messageId: id, throttleFlags: throttled, ...rest })) as object,
  };
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

/** Forget heartbeats and metrics older than `before`, for every device (the gateway's maintenance runs it as the gateway). */
export async function pruneTelemetry(db: GatewayDb, before: Date): Promise<number> {
  const metrics = await db.deviceMetrics.deleteMany({ where: { sampledAt: { lt: before } } });
  const monitoring = await db.deviceMonitoring.deleteMany({ where: { receivedAt: { lt: before } } });
  return metrics.count + monitoring.count;
}
