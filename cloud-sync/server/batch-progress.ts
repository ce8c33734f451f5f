import type { GatewayDb } from './gateway-db.js';

const FINAL = new Set(['succeeded', 'failed', 'expired']);
const OPEN_HISTORY = ['queued', 'sent', 'acknowledged'];

/**
 * Bring a BatchCommand's counters and status in line with its per-device results: running
 * while any device is still to answer; then completed (every device succeeded), partial (some
 * did) or failed (none did). Counted from the results, never incremented, so a redelivered
 * result cannot count twice. Runs in the batch owner's context (or as the gateway).
 */
export async function refreshBatch(db: GatewayDb, batchId: string, now: Date): Promise<void> {
  const results = await db.batchCommandResult.findMany({ where: { batchCommandId: batchId }, select: { status: true } });
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const succeeded = count('succeeded');
  const failed = count('failed');
  const expired = count('expired');
  const done = results.length > 0 && results.every((r) => FINAL.has(r.status));
  const status = !done ? 'running' : succeeded === results.length ? 'completed' : succeeded > 0 ? 'partial' : 'failed';
  await db.batchCommand.updateMany({
    where: { id: batchId, status: { not: 'cancelled' } },
    data: { succeeded, failed, expired, status, ...(done ? { completedAt: now } : { completedAt: null }) },
  });
}

/** Copy one device's command outcome onto its batch result row, then refresh the batch. */
export async function recordBatchResult(
  db: GatewayDb,
  row: { batchCommandId: string | null; deviceId: string; commandId: string },
  outcome: { status: string; result?: unknown; error?: string | null },
  now: Date,
): Promise<void> {
  if (!row.batchCommandId) return;
  await db.batchCommandResult.updateMany({
    where: { batchCommandId: row.batchCommandId, deviceId: row.deviceId },
    data: {
      status: outcome.status,
      commandId: row.commandId,
      ...(outcome.result !== undefined ? { result: JSON.parse(JSON.stringify(outcome.result)) } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(FINAL.has(outcome.status) ? { completedAt: now } : {}),
    },
  });
  await refreshBatch(db, row.batchCommandId, now);
}

/**
 * Commands no device answered before they expired: their history and batch rows become
 * `expired` (a device that comes back late refuses them anyway). Returns how many expired.
 */
export async function expireCommands(db: GatewayDb, now: Date): Promise<number> {
  const stale = await db.commandHistory.findMany({
    where: { status: { in: OPEN_HISTORY }, expiresAt: { lte: now } },
    select: { id: true, commandId: true, deviceId: true, batchCommandId: true },
    take: 1000,
  });
  for (const row of stale) {
    const { count } = await db.commandHistory.updateMany({
      where: { id: row.id, status: { in: OPEN_HISTORY } },
      data: { status: 'expired', completedAt: now, error: 'expired before the device answered' },
    });
    if (count) await recordBatchResult(db, row, { status: 'expired', error: 'expired before the device answered' }, now);
  }
  return stale.length;
}
