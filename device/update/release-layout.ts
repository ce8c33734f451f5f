import fs from 'node:fs';
import path from 'node:path';
import semverValid from 'semver/functions/valid.js';

/**
 * Where self-updated releases live, beside the cache in the data directory (the kiosk user can
 * write there; the installed app under /opt cannot be written and is never touched):
 *
 *   <dataDir>/releases/<version>/        an unpacked, verified release (package.json, dist/, node_modules/)
 *   <dataDir>/releases/current           symlink to `<version>`; absent means the installed app
 *   <dataDir>/releases/update-journal.json   trial, fallback, bad versions, the last outcome
 *   <dataDir>/releases/.downloads/       partial and complete artifacts, by sha256
 *   <dataDir>/releases/.staging/         a release being unpacked; renamed into place when whole
 *   <dataDir>/releases/cache-before-<version>.sqlite   the cache as it was before switching to <version>
 *
 * Invariant: `current` only ever names a directory that was complete (unpacked, checked and
 * flushed) before it was renamed into place, and it changes by one rename, so a power cut
 * leaves it naming the old release or the new one, never a half.
 */
export interface ReleaseLayout {
  root: string;
  current: string;
  journal: string;
  downloads: string;
  staging: string;
  releaseDir(version: string): string;
  cacheSnapshot(version: string): string;
}

export function releaseLayout(dataDir: string): ReleaseLayout {
  const root = path.join(dataDir, 'releases');
  return {
    root,
    current: path.join(root, 'current'),
    journal: path.join(root, 'update-journal.json'),
    downloads: path.join(root, '.downloads'),
    staging: path.join(root, '.staging'),
    releaseDir: (version) => path.join(root, releaseVersion(version)),
    cacheSnapshot: (version) => path.join(root, `cache-before-${releaseVersion(version)}.sqlite`),
  };
}

/** A version as a release is named: strict semver ("1.4.0", "2.0.0-rc.1"), so it is safe as a directory name and comparable. */
export function releaseVersion(version: string): string {
  if (semverValid(version) !== version) throw new Error(`release version "${version.slice(0, 64)}" is not a semantic version such as 1.4.0`);
  return version;
}

/** The version `current` names, or null when the installed app runs (no link, or a link that names no version). */
export function readCurrent(layout: ReleaseLayout): string | null {
  let target: string;
  try {
    target = fs.readlinkSync(layout.current);
  } catch {
    return null;
  }
  return semverValid(target) === target ? target : null;
}

/**
 * Point `current` at releases/<version>, or remove it (null: the installed app), in one atomic
 * step that is on disk when this returns: a new link is made beside it and renamed over it.
 */
export function pointCurrent(layout: ReleaseLayout, version: string | null): void {
  if (version === null) {
    fs.rmSync(layout.current, { force: true });
  } else {
    const next = `${layout.current}.next`;
    fs.rmSync(next, { force: true });
    fs.symlinkSync(releaseVersion(version), next);
    fs.renameSync(next, layout.current);
  }
  fsyncDir(layout.root);
}

/** Flush a directory's entries (a rename or a new file in it) to disk. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replace `file` with `data` so a power cut leaves the old content or the new, whole. */
export function writeFileDurably(file: string, data: string): void {
  const next = `${file}.next`;
  const fd = fs.openSync(next, 'w', 0o644);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(next, file);
  fsyncDir(path.dirname(file));
}

/** The version an application directory says it is (its package.json), or null when it says none. */
export function appVersionAt(dir: string): string | null {
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' && version.length > 0 ? version : null;
  } catch {
    return null;
  }
}
