import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { checkRelease, type CheckProbes } from './release-check.js';
import type { ReleaseLayout } from './release-layout.js';
import { pruneReleases } from './prune-releases.js';
import { changeJournal, readJournal } from './update-journal.js';
import type { UpdateReports } from './update-reports.js';

export interface ProveOptions {
  layout: ReleaseLayout;
  runningVersion: string;
  clock: Clock;
  logger: Logger;
  reports: UpdateReports;
  probes: CheckProbes;
  /** Restart the app, for the boot to roll a failed release back. */
  restart(reason: string): Promise<void>;
}

/**
 * When the running release is on trial: run its health check, then confirm it (the release it
 * replaced becomes the one fallback, the rest is pruned) or write its failure in the journal and
 * restart, so the boot rolls it back. 'none' when it is not on trial.
 */
export async function proveRelease(options: ProveOptions): Promise<'none' | 'confirmed' | 'failed'> {
  const { layout, clock, reports } = options;
  const trial = readJournal(layout, clock.now()).journal.trial;
  if (!trial || trial.version !== options.runningVersion || trial.failed || trial.rollingBack) return 'none';
  const subject = { version: trial.version, fromVersion: trial.fromVersion, sha256: trial.sha256, ...(trial.releaseId ? { releaseId: trial.releaseId } : {}) };
  reports.step('checking', subject, { detail: `start ${trial.boots} of the new release; ${trial.checkSeconds} s to pass its health check` });
  const problem = await checkRelease(trial, options.probes, clock);
  if (problem === null) {
    const at = clock.now().toISOString();
    const journal = changeJournal(layout, clock.now(), (j) => ({
      ...j,
      trial: undefined,
      staged: undefined,
      fallback: { version: trial.fromVersion, release: trial.from },
      last: { ...subject, outcome: 'succeeded', at },
    }));
    reports.step('succeeded', subject, { detail: `${trial.fromVersion} is kept as the fallback` });
    pruneReleases(layout, journal, undefined);
    return 'confirmed';
  }
  changeJournal(layout, clock.now(), (j) => (j.trial?.version === trial.version ? { ...j, trial: { ...j.trial, failed: problem } } : j));
  options.logger.error({ event: 'update.check-failed', version: trial.version, problem }, 'the new release failed its health check; restarting to roll back');
  await options.restart(`the new release ${trial.version} failed its health check: ${problem}`);
  return 'failed';
}
