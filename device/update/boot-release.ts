import fs from 'node:fs';
import path from 'node:path';
import semverGt from 'semver/functions/gt.js';
import semverValid from 'semver/functions/valid.js';
import { appVersionAt, pointCurrent, readCurrent, type ReleaseLayout } from './release-layout.js';
import type { ReleaseStep } from './switch-release.js';
import { readJournal, writeJournal, type Trial, type UpdateJournal, type UpdateOutcome } from './update-journal.js';

/** Starts a new release gets to pass its health check before it is taken for a crash loop. */
export const MAX_TRIAL_BOOTS = 3;

export interface InstalledApp {
  dir: string;
  version: string;
}

export interface BootChoice {
  /** The application directory to run: releases/<version>, or the installed app. */
  appDir: string;
  version: string;
  /** Set when this start is a trial of a new release: the boot arms its backstop for it. */
  trial?: { version: string; checkSeconds: number };
  /** What the boot decided beyond the obvious, one line each, for the log. */
  notes: string[];
}

export interface BootInput {
  layout: ReleaseLayout;
  installed: InstalledApp;
  /** The device cache: restored from its snapshot when a trial is rolled back. */
  cacheFile: string;
  now: Date;
  maxTrialBoots?: number;
}

/**
 * Which release this start runs, deciding (and recording in the journal) what a boot loader
 * decides for an A/B system: a trial start is counted; a trial that failed its check, or started
 * too often without passing it, is rolled back; a `current` that names no complete release is
 * dropped. This is the stable part of self-update: it runs from the installed app, never from a
 * downloaded release, so a release cannot break the code that takes it back out.
 */
export function chooseRelease(input: BootInput): BootChoice {
  const { layout, installed, now } = input;
  const notes: string[] = [];
  const read = readJournal(layout, now);
  if (read.movedAside) notes.push(`the update journal did not parse and was moved aside: ${read.movedAside}`);
  const journal = read.journal;
  let current = readCurrent(layout);

  if (current !== null && !isCompleteRelease(layout.releaseDir(current))) {
    const back = journal.fallback?.release ?? null;
    const to = back !== null && back !== current && isCompleteRelease(layout.releaseDir(back)) ? back : null;
    notes.push(`current names ${current}, which is not a complete release; running ${to ?? `the installed app ${installed.version}`}`);
    pointCurrent(layout, to);
    current = to;
  }

  const trial = journal.trial;
  if (trial) {
    const verdict = trial.rollingBack ?? trial.failed;
    if (verdict !== undefined) {
      rollBack(input, journal, trial, verdict);
      current = readCurrent(layout);
      notes.push(`rolled back from ${trial.version} to ${trial.fromVersion}: ${verdict}`);
    } else if (current !== trial.version) {
      // Cut between writing the trial and renaming the link: the switch never happened.
      notes.push(`the switch to ${trial.version} did not complete; ${trial.fromVersion} runs and the update is retried in its window`);
      writeJournal(layout, { ...journal, trial: undefined });
    } else if (trial.boots >= (input.maxTrialBoots ?? MAX_TRIAL_BOOTS)) {
      const reason = `it started ${trial.boots} times without passing its health check (a crash loop)`;
      rollBack(input, journal, trial, reason);
      current = readCurrent(layout);
      notes.push(`rolled back from ${trial.version} to ${trial.fromVersion}: ${reason}`);
    } else {
      writeJournal(layout, { ...journal, trial: { ...trial, boots: trial.boots + 1 } });
      return { appDir: layout.releaseDir(trial.version), version: trial.version, trial: { version: trial.version, checkSeconds: trial.checkSeconds }, notes };
    }
  }

  if (current !== null && semverValid(installed.version) && semverGt(installed.version, current)) {
    // The .deb brought a newer app than the self-updated one: it wins.
    notes.push(`the installed app ${installed.version} is newer than ${current}; running it`);
    pointCurrent(layout, null);
    current = null;
  }
  if (current === null) return { appDir: installed.dir, version: installed.version, notes };
  return { appDir: layout.releaseDir(current), version: current, notes };
}

/**
 * Go back to the trial's previous release. Journaled and idempotent: the intent is written
 * first, each step can be redone, and the trial is cleared only once all are done, so a power
 * cut anywhere in here is finished by the next start (boot-release.test.ts cuts after every step).
 */
export function rollbackSteps(input: BootInput, journal: UpdateJournal, trial: Trial, reason: string): ReleaseStep[] {
  const { layout, now } = input;
  const outcome: UpdateOutcome = {
    version: trial.version,
    fromVersion: trial.fromVersion,
    sha256: trial.sha256,
    ...(trial.releaseId ? { releaseId: trial.releaseId } : {}),
    outcome: 'rolledBack',
    reason,
    at: now.toISOString(),
  };
  return [
    { name: 'write the intent', run: () => writeJournal(layout, { ...journal, trial: { ...trial, rollingBack: reason } }) },
    { name: 'rename current', run: () => pointCurrent(layout, trial.from) },
    { name: 'restore the cache', run: () => restoreCache(input.cacheFile, layout.cacheSnapshot(trial.version), trial.version) },
    {
      name: 'finish the journal',
      run: () =>
        writeJournal(layout, {
          ...journal,
          trial: undefined,
          bad: [...journal.bad.filter((b) => b.version !== trial.version), { version: trial.version, reason, at: outcome.at }],
          last: outcome,
          unreported: [...journal.unreported, outcome],
        }),
    },
  ];
}

function rollBack(input: BootInput, journal: UpdateJournal, trial: Trial, reason: string): void {
  for (const step of rollbackSteps(input, journal, trial, reason)) void step.run();
}

/**
 * Put back the cache as it was before the switch: the new release may have migrated it to a
 * schema the old one cannot read, and what it synced meanwhile comes back at the next sync.
 * Its own cache is kept beside (`.from-<version>`), never deleted.
 */
function restoreCache(cacheFile: string, snapshot: string, version: string): void {
  if (!fs.existsSync(snapshot)) return;
  const aside = `${cacheFile}.from-${version}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (!fs.existsSync(cacheFile + suffix)) continue;
    fs.rmSync(aside + suffix, { force: true });
    fs.renameSync(cacheFile + suffix, aside + suffix);
  }
  fs.renameSync(snapshot, cacheFile);
}

/** A directory a release was fully unpacked into: its manifest, its package.json version and both entry points. */
export function isCompleteRelease(dir: string): boolean {
  return appVersionAt(dir) !== null && ['release.json', 'dist/luach-cli.mjs', 'dist/luach-main.mjs'].every((file) => fs.existsSync(path.join(dir, file)));
}
