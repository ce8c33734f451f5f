import fs from 'node:fs';
import type { SoftwareTarget } from '../../cloud-sync/protocol/target-state.js';
import { pointCurrent, readCurrent, type ReleaseLayout } from './release-layout.js';
import { changeJournal, type Trial } from './update-journal.js';

/** One step of a switch or a rollback: done in order; a power cut may fall between any two. */
export interface ReleaseStep {
  name: string;
  run(): void | Promise<void>;
}

export interface SwitchInput {
  layout: ReleaseLayout;
  release: SoftwareTarget;
  runningVersion: string;
  checkSeconds: number;
  reachable: Trial['reachable'];
  /** Write a consistent copy of the open cache to `file`. */
  backupCache(file: string): Promise<void>;
  now: Date;
}

/**
 * Switching to a staged release, as ordered steps. Invariant (boot-release.test.ts cuts the
 * power after every prefix): before the rename of `current` the boot runs the old release and
 * forgets the unfinished trial; after it, the new release starts on trial, with the cache copy
 * in place to roll back to.
 */
export function switchSteps(input: SwitchInput): ReleaseStep[] {
  const { layout, release, now } = input;
  const snapshot = layout.cacheSnapshot(release.version);
  return [
    { name: 'copy the cache', run: () => input.backupCache(`${snapshot}.next`) },
    { name: 'keep the copy', run: () => fs.renameSync(`${snapshot}.next`, snapshot) },
    {
      name: 'write the trial',
      run: () =>
        void changeJournal(layout, now, (j) => ({
          ...j,
          staged: undefined,
          trial: {
            version: release.version,
            from: readCurrent(layout),
            fromVersion: input.runningVersion,
            sha256: release.sha256,
            ...(release.releaseId ? { releaseId: release.releaseId } : {}),
            startedAt: now.toISOString(),
            boots: 0,
            checkSeconds: input.checkSeconds,
            reachable: input.reachable,
          },
        })),
    },
    { name: 'rename current', run: () => pointCurrent(layout, release.version) },
  ];
}

export async function runSteps(steps: readonly ReleaseStep[]): Promise<void> {
  for (const step of steps) await step.run();
}
