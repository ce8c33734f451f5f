import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { describeIssues } from '../../cloud-sync/protocol/primitives.js';
import { isStorageFull } from '../cache/storage-health.js';
import { isCompleteRelease } from './boot-release.js';
import { misfit, ReleaseManifest, type HostRuntime } from './release-manifest.js';
import { appVersionAt, fsyncDir, type ReleaseLayout } from './release-layout.js';
import { UpdateRefused } from './update-refused.js';

/**
 * Unpack a verified artifact into releases/<version>/, beside the running release. It is
 * unpacked into .staging first, checked (its manifest names this version and fits this CPU and
 * runtime, both entry points are there), flushed to disk file by file, and only then renamed
 * into place: a directory under releases/ is always whole. Only files and directories are
 * accepted; links and devices in an artifact refuse it.
 */
export async function unpackRelease(options: { artifact: string; layout: ReleaseLayout; version: string; host: HostRuntime }): Promise<string> {
  const { layout, version } = options;
  const staging = path.join(layout.staging, version);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const strange: string[] = [];
    await tar.x({
      file: options.artifact,
      cwd: staging,
      strict: true,
      preserveOwner: false,
      filter: (entry, stat) => {
        const kind = (stat as { type?: string }).type;
        if (kind === 'File' || kind === 'Directory' || kind === 'OldFile') return true;
        strange.push(`${entry} (${kind})`);
        return false;
      },
    });
    if (strange.length > 0) throw new UpdateRefused(`the artifact holds entries that are not plain files: ${strange.slice(0, 3).join(', ')}`);
    checkRelease(staging, version, options.host);
    flushTree(staging);
    const target = layout.releaseDir(version);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    fsyncDir(layout.root);
    return target;
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (isStorageFull(error)) throw new Error('the disk is full: no room to unpack the release; the partial unpack was removed', { cause: error });
    if (error instanceof UpdateRefused) throw error;
    // tar's own errors (a truncated or not-gzip file) mean the artifact is not a release.
    throw new UpdateRefused(`the artifact could not be unpacked: ${(error as Error).message}`);
  }
}

function checkRelease(dir: string, version: string, host: HostRuntime): void {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(path.join(dir, 'release.json'), 'utf8'));
  } catch (error) {
    throw new UpdateRefused(`the artifact has no readable release.json (${(error as Error).message}); it was not made by scripts/release.ts`);
  }
  const manifest = ReleaseManifest.safeParse(json);
  if (!manifest.success) throw new UpdateRefused(`release.json: ${describeIssues(manifest.error).join('; ')}`);
  if (manifest.data.version !== version) throw new UpdateRefused(`release.json says version ${manifest.data.version}, but the release offered is ${version}`);
  const packaged = appVersionAt(dir);
  if (packaged !== version) throw new UpdateRefused(`its package.json says version ${packaged ?? '(none)'}, but the release offered is ${version}`);
  const unfit = misfit(manifest.data, host);
  if (unfit) throw new UpdateRefused(`this release cannot run here: ${unfit}`);
  if (!isCompleteRelease(dir)) throw new UpdateRefused('the artifact lacks dist/luach-cli.mjs or dist/luach-main.mjs: it is not a whole application');
}

/** fsync every file and directory under `dir`, deepest first, so a rename after this finds them all on disk. */
function flushTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) flushTree(full);
    else {
      const fd = fs.openSync(full, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  fsyncDir(dir);
}
