import { FINAL_UPDATE_STEPS, type UpdateReport } from '../protocol/update-report.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import type { GatewayDb } from './gateway-db.js';

export type UpdateWriteOutcome = 'written' | 'unknownRelease';

/**
 * Record one step of a device's self-update on its UpdateStatus row for the release (one row per
 * device and SoftwareUpdate). Runs as the device's owner: the release is looked up among that
 * customer's rows only. Reports arrive in order through the device's outbox, so each one is the
 * device's latest word; a new attempt after a final step starts the row over.
 */
export async function writeUpdateReport(db: GatewayDb, deviceId: string, report: UpdateReport, receivedAt: Date): Promise<UpdateWriteOutcome> {
  const release = await findRelease(db, report);
  if (!release) return 'unknownRelease';
  const final = FINAL_UPDATE_STEPS.has(report.step);
  const fields = {
    state: report.step,
    progressPercent: report.progressPercent ?? (report.step === 'succeeded' ? 100 : null),
    fromVersion: report.fromVersion,
    toVersion: report.version,
    error: report.reason ?? null,
    detail: report.detail ?? null,
    finishedAt: final ? receivedAt : null,
  };
  const where = { deviceId_softwareUpdateId: { deviceId, softwareUpdateId: release.id } };
  const existing = await db.updateStatus.findUnique({ where, select: { state: true, startedAt: true } });
  // startedAt is when the device began this attempt: kept through its steps, new once a finished attempt is retried.
  const restarted = !existing || (FINAL_UPDATE_STEPS.has(existing.state as UpdateReport['step']) && !final);
  const startedAt = restarted ? receivedAt : (existing.startedAt ?? receivedAt);
  await db.updateStatus.upsert({
    where,
    create: tenantOwned({ deviceId, softwareUpdateId: release.id, ...fields, startedAt }),
    update: { ...fields, startedAt },
  });
  return 'written';
}

/** The SoftwareUpdate a report is about: by the id the offer carried, else by version and artifact hash. */
async function findRelease(db: GatewayDb, report: UpdateReport): Promise<{ id: string } | null> {
  if (report.releaseId) {
    const byId = await db.softwareUpdate.findFirst({ where: { id: report.releaseId, version: report.version }, select: { id: true } });
    if (byId) return byId;
  }
  return db.softwareUpdate.findFirst({ where: { version: report.version, sha256: report.sha256 }, select: { id: true }, orderBy: { createdAt: 'desc' } });
}
