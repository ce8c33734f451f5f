import fs from 'node:fs';
import path from 'node:path';
import semverValid from 'semver/functions/valid.js';
import { readCurrent, type ReleaseLayout } from './release-layout.js';
import type { UpdateJournal } from './update-journal.js';

/**
 * Keep only what a boot or the next switch may need: the current release, the one fallback,
 * a trial's two sides, a staged release and the download of the release on offer. Everything
 * else under releases/ (older releases, an interrupted unpack, stale downloads and cache copies)
 * is removed. A file that cannot be removed is left for the next try.
 */
export function pruneReleases(layout: ReleaseLayout, journal: UpdateJournal, offeredSha256: string | undefined): void {
  if (!fs.existsSync(layout.root)) return;
  const keep = new Set([readCurrent(layout), journal.fallback?.release, journal.trial?.version, journal.trial?.from, journal.staged?.version]);
  const remove = (file: string) => fs.rmSync(file, { recursive: true, force: true, maxRetries: 2 });
  for (const name of fs.readdirSync(layout.root)) {
    const full = path.join(layout.root, name);
    if (semverValid(name) === name && !keep.has(name)) remove(full);
    const snapshot = /^cache-before-(.+)\.sqlite(\.next)?$/.exec(name);
    if (snapshot && snapshot[1] !== journal.trial?.version) remove(full);
  }
  remove(layout.staging);
  if (fs.existsSync(layout.downloads))
    for (const name of fs.readdirSync(layout.downloads)) if (name !== `${offeredSha256}.tar.gz`) remove(path.join(layout.downloads, name));
}

/** Remove one dropped release's download and unpacked copy, unless a boot may still need that directory. */
export function discardRelease(layout: ReleaseLayout, journal: UpdateJournal, release: { version: string; sha256: string }): void {
  fs.rmSync(path.join(layout.downloads, `${release.sha256}.tar.gz`), { force: true });
  const needed = [readCurrent(layout), journal.fallback?.release, journal.trial?.version, journal.trial?.from];
  if (!needed.includes(release.version)) fs.rmSync(layout.releaseDir(release.version), { recursive: true, force: true, maxRetries: 2 });
}
