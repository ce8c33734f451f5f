import fs from 'node:fs';
import path from 'node:path';
import type { SoftwareTarget } from '../../cloud-sync/protocol/target-state.js';
import type { UpdateSettings } from '../config.js';
import { sha256OfFile } from './artifact-hash.js';
import { DownloadFailed, downloadRelease } from './download-release.js';
import type { HostRuntime } from './release-manifest.js';
import { verifyRelease, type TrustedKey } from './release-signature.js';
import type { ReleaseLayout } from './release-layout.js';
import { unpackRelease } from './unpack-release.js';
import { UpdateRefused } from './update-refused.js';

/** An artifact unpacks to about this many times its size; that room is needed beside the download. */
const UNPACK_FACTOR = 3;

export interface StageSteps {
  downloading(percent: number): void;
  verifying(): void;
  unpacking(): void;
}

export interface StageContext {
  layout: ReleaseLayout;
  settings: UpdateSettings;
  host: HostRuntime;
  trustedKeys(): TrustedKey[];
  /** Free bytes on the file system holding `dir` (fs.statfs, or a stand-in). */
  freeBytes(dir: string): Promise<number>;
  signal: AbortSignal;
  fetch?: typeof fetch;
}

/**
 * Download, verify and unpack one release beside the running one, reporting each step. In
 * order, and nothing is unpacked before both checks pass: the signature over (version, sha256,
 * downgrade mark) against the keys this build trusts; room on the disk; the download (resumed
 * if a partial file is there); its sha256 against the signed one. Resolves with the
 * release's directory; rejects with UpdateRefused when the offer can never install, else with
 * an Error whose message is the reason to report.
 */
export async function stageRelease(release: SoftwareTarget, context: StageContext, steps: StageSteps): Promise<string> {
  const { layout, settings } = context;
  fs.mkdirSync(layout.downloads, { recursive: true });
  const artifact = path.join(layout.downloads, `${release.sha256}.tar.gz`);
  // The signature covers (version, sha256, downgrade mark), not the bytes: a forged or unsigned row is refused before anything is fetched.
  checkSignature(release, context);
  await ensureRoom(release, context, artifact);

  let lastPercent = 0;
  steps.downloading(0);
  await downloadRelease({
    url: release.url,
    file: artifact,
    ...(release.sizeBytes ? { declaredBytes: release.sizeBytes } : {}),
    maxBytes: settings.maxDownloadBytes,
    timeoutMs: settings.downloadTimeoutSeconds * 1000,
    idleMs: 60_000,
    bytesPerSecond: settings.downloadBytesPerSecond,
    signal: context.signal,
    ...(context.fetch ? { fetch: context.fetch } : {}),
    onProgress: (received, total) => {
      if (total === null) return;
      const percent = Math.floor((100 * received) / total / 10) * 10;
      if (percent > lastPercent && percent < 100) steps.downloading((lastPercent = percent));
    },
  });
  steps.downloading(100);

  steps.verifying();
  const sha256 = await sha256OfFile(artifact);
  if (sha256 !== release.sha256) {
    fs.rmSync(artifact, { force: true });
    throw new Error(
      `the downloaded artifact's sha256 is ${sha256}, the release says ${release.sha256}: the file on the server is not the release that was published (or was damaged on the way); it was deleted and is fetched again at the next attempt`,
    );
  }
  context.signal.throwIfAborted();
  steps.unpacking();
  const dir = await unpackRelease({ artifact, layout, version: release.version, host: context.host });
  fs.rmSync(artifact, { force: true });
  return dir;
}

function checkSignature(release: SoftwareTarget, context: StageContext): void {
  let trusted: TrustedKey[];
  try {
    trusted = context.trustedKeys();
  } catch (error) {
    throw new UpdateRefused((error as Error).message);
  }
  const signed = verifyRelease(
    { version: release.version, sha256: release.sha256, allowDowngrade: release.allowDowngrade ?? false },
    release.signature,
    trusted,
  );
  if (!signed.ok) throw new UpdateRefused(signed.reason);
}

/** Refuse to start a download that the disk cannot hold together with its unpacked release and the reserve. */
async function ensureRoom(release: SoftwareTarget, context: StageContext, artifact: string): Promise<void> {
  const size = release.sizeBytes;
  if (!size) return;
  const have = fs.existsSync(artifact) ? fs.statSync(artifact).size : 0;
  const needed = Math.max(0, size - have) + size * UNPACK_FACTOR + context.settings.reserveBytes;
  const free = await context.freeBytes(context.layout.root);
  if (free < needed) {
    const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
    throw new DownloadFailed(
      `not enough free space: the release needs about ${mb(needed - context.settings.reserveBytes)} (download and unpacked) and ${mb(context.settings.reserveBytes)} stays free for the cache and logs (update.reserveBytes); ${mb(free)} are free on ${context.layout.root}`,
      true,
    );
  }
}
