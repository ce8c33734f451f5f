import { randomUUID } from 'node:crypto';
import { TELEMETRY_VERSION } from '../../cloud-sync/protocol/telemetry.js';
import type { SoftwareTarget } from '../../cloud-sync/protocol/target-state.js';
import { UPDATE_TEXT_MAX, type UpdateReport, type UpdateStep } from '../../cloud-sync/protocol/update-report.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { UpdateOutcome } from './update-journal.js';

/** What a report is about: the release and the version it replaces. */
export interface ReportSubject {
  version: string;
  fromVersion: string;
  sha256: string;
  releaseId?: string;
}

export function subjectOf(release: SoftwareTarget, fromVersion: string): ReportSubject {
  return { version: release.version, fromVersion, sha256: release.sha256, ...(release.releaseId ? { releaseId: release.releaseId } : {}) };
}

/**
 * Makes each step's report, logs it, and hands it to whoever listens (the MQTT link's outbox,
 * so reports reach the gateway in order, even across restarts and outages).
 */
export class UpdateReports {
  private readonly listeners = new Set<(report: UpdateReport) => void>();

  constructor(private readonly deps: { clock: Clock; logger: Logger }) {}

  onReport(listener: (report: UpdateReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  step(step: UpdateStep, subject: ReportSubject, extra: { progressPercent?: number; reason?: string; detail?: string } = {}): void {
    this.emit({
      v: TELEMETRY_VERSION,
      id: `up-${randomUUID()}`,
      at: this.deps.clock.now().toISOString(),
      step,
      ...subject,
      ...(extra.progressPercent !== undefined ? { progressPercent: extra.progressPercent } : {}),
      ...(extra.reason ? { reason: cut(extra.reason) } : {}),
      ...(extra.detail ? { detail: cut(extra.detail) } : {}),
    });
  }

  /** An outcome the boot decided (a rollback), reported by the release that runs after it. */
  outcome(outcome: UpdateOutcome): void {
    const { outcome: step, at, reason, ...subject } = outcome;
    this.emit({ v: TELEMETRY_VERSION, id: `up-${randomUUID()}`, at, step, ...subject, ...(reason ? { reason: cut(reason) } : {}) });
  }

  private emit(report: UpdateReport): void {
    const { logger } = this.deps;
    const line = {
      event: `update.${report.step}`,
      version: report.version,
      from: report.fromVersion,
      progress: report.progressPercent,
      reason: report.reason,
      detail: report.detail,
    };
    if (report.step === 'failed' || report.step === 'rolledBack') logger.warn(line, 'update step');
    else logger.info(line, 'update step');
    for (const listener of this.listeners) listener(report);
  }
}

function cut(text: string): string {
  return text.length > UPDATE_TEXT_MAX ? `${text.slice(0, UPDATE_TEXT_MAX - 1)}…` : text;
}
