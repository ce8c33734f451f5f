import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AssetRef } from '../../cloud-sync/protocol/assets.js';
import { DEVICE_ID_HEADER } from '../../cloud-sync/protocol/device-http.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { downloadRelease } from '../update/download-release.js';
import { writeAssetStatus, type AssetStatus } from './asset-status.js';

export interface AssetCacheOptions {
  /** The cache's directory (under the data directory); files are named by their sha256. */
  dir: string;
  /** The most the cache may hold; what no state refers to is evicted first, oldest first. */
  quotaBytes: number;
  bytesPerSecond: number;
  timeoutMs: number;
  /** Where the files come from: the gateway, with this device's credentials. Absent: nothing is fetched. */
  source?: { apiUrl: string; token: string; deviceId: string } | undefined;
  logger: Logger;
  /** The time of status reports and of the retry after a failed download (a minute on). */
  clock: Pick<Clock, 'now' | 'at'>;
  fetch?: typeof fetch;
}

/** A file the wall can show: where it is and what it is. */
export interface MediaFile {
  file: string;
  mimeType: string;
}

/** A refused or failed asset, said once when it happens (the cloud hears it as an event). */
export interface AssetProblem {
  id: string;
  sha256: string;
  reason: string;
}

const NAMED_BY_HASH = /^[0-9a-f]{64}$/;
const RETRY_MS = 60_000;

/**
 * The device's content-addressed file cache: each file the state names is downloaded once
 * (resumably, bounded in size, time and pace), verified against its sha256 and only then moved
 * into place under that name, so a file in the cache is always whole and right. Files no state
 * refers to are evicted when room is needed. The wall shows an asset only once `has()` says so.
 */
export class AssetCache {
  private readonly present = new Map<string, number>();
  private wanted: AssetRef[] = [];
  private readonly problems = new Map<string, string>();
  private filling?: Promise<void>;
  private again = false;
  private cancelRetry?: () => void;
  private readonly arrivedListeners = new Set<() => void>();
  private readonly problemListeners = new Set<(problem: AssetProblem) => void>();

  constructor(private readonly options: AssetCacheOptions) {}

  /** Read what the directory holds (files of a previous run stay usable offline). */
  start(): void {
    fs.mkdirSync(this.options.dir, { recursive: true });
    for (const name of fs.readdirSync(this.options.dir))
      if (NAMED_BY_HASH.test(name)) this.present.set(name, fs.statSync(path.join(this.options.dir, name)).size);
  }

  stop(): void {
    this.cancelRetry?.();
    this.arrivedListeners.clear();
    this.problemListeners.clear();
  }

  has(sha256: string): boolean {
    return this.present.has(sha256);
  }

  /** The file of an asset the current state names and the cache holds, for the display's server. */
  lookup(sha256: string): MediaFile | undefined {
    const ref = this.wanted.find((r) => r.sha256 === sha256);
    return ref && this.present.has(sha256) ? { file: path.join(this.options.dir, sha256), mimeType: ref.mimeType } : undefined;
  }

  onArrived(listener: () => void): () => void {
    this.arrivedListeners.add(listener);
    return () => this.arrivedListeners.delete(listener);
  }

  onProblem(listener: (problem: AssetProblem) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** The state now names these assets: fetch what is missing, in order, then make room. Resolves when done. */
  want(refs: readonly AssetRef[]): Promise<void> {
    this.wanted = [...refs];
    if (this.filling) {
      this.again = true;
      return this.filling;
    }
    this.filling = (async () => {
      do {
        this.again = false;
        await this.fill();
      } while (this.again);
    })().finally(() => (this.filling = undefined));
    return this.filling;
  }

  status(): AssetStatus {
    const wanted = new Set(this.wanted.map((r) => r.sha256));
    return {
      at: this.options.clock.now().toISOString(),
      quotaBytes: this.options.quotaBytes,
      usedBytes: [...this.present.values()].reduce((a, b) => a + b, 0),
      referenced: this.wanted.length,
      unreferencedFiles: [...this.present.keys()].filter((sha) => !wanted.has(sha)).length,
      missing: this.wanted
        .filter((r) => !this.present.has(r.sha256))
        .map((r) => ({ id: r.id, sha256: r.sha256, mimeType: r.mimeType, sizeBytes: r.sizeBytes, reason: this.problems.get(r.id) ?? 'not fetched yet' })),
    };
  }

  private async fill(): Promise<void> {
    this.cancelRetry?.();
    const { logger, quotaBytes, source } = this.options;
    let budget = quotaBytes;
    let failed = false;
    for (const ref of this.wanted) {
      if (this.present.has(ref.sha256)) {
        budget -= this.present.get(ref.sha256)!;
        continue;
      }
      if (ref.sizeBytes > budget) {
        this.refuse(ref, `it does not fit in the asset quota (${mib(quotaBytes)} MiB, assets.quotaBytes) beside the other files the state shows`);
        continue;
      }
      if (!source) {
        this.problems.set(ref.id, 'this device has no cloud to fetch it from');
        continue;
      }
      this.evictFor(ref.sizeBytes);
      try {
        await this.fetchOne(ref, source);
        budget -= ref.sizeBytes;
        this.problems.delete(ref.id);
        logger.info({ event: 'asset.stored', id: ref.id, sha256: ref.sha256, bytes: ref.sizeBytes }, 'asset stored');
        for (const listener of this.arrivedListeners) listener();
      } catch (error) {
        failed = true;
        this.refuse(ref, describeFailure(error, this.options.timeoutMs));
      }
    }
    this.evictFor(0);
    this.saveStatus();
    if (failed) {
      this.cancelRetry = this.options.clock.at(new Date(this.options.clock.now().getTime() + RETRY_MS), () => void this.want(this.wanted));
    }
  }

  private async fetchOne(ref: AssetRef, source: NonNullable<AssetCacheOptions['source']>): Promise<void> {
    const final = path.join(this.options.dir, ref.sha256);
    const partial = `${final}.part`;
    const authorized: typeof fetch = (input, init) =>
      (this.options.fetch ?? fetch)(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), Authorization: `Bearer ${source.token}`, [DEVICE_ID_HEADER]: source.deviceId },
      });
    await downloadRelease({
      url: new URL(ref.url, source.apiUrl).toString(),
      file: partial,
      declaredBytes: ref.sizeBytes,
      maxBytes: ref.sizeBytes,
      timeoutMs: this.options.timeoutMs,
      idleMs: Math.min(60_000, this.options.timeoutMs),
      bytesPerSecond: this.options.bytesPerSecond,
      fetch: authorized,
      what: 'asset',
    });
    const got = await sha256Of(partial);
    if (got !== ref.sha256) {
      fs.rmSync(partial, { force: true });
      throw new Error(`the download's sha256 is ${got}, not the ${ref.sha256} the state names: refused and deleted`);
    }
    const out = fs.openSync(partial, 'r');
    fs.fsyncSync(out);
    fs.closeSync(out);
    fs.renameSync(partial, final);
    this.present.set(ref.sha256, ref.sizeBytes);
  }

  /** Remove files no state refers to, least recently used first, until `incoming` more bytes fit in the quota. */
  private evictFor(incoming: number): void {
    const wanted = new Set(this.wanted.map((r) => r.sha256));
    let used = [...this.present.values()].reduce((a, b) => a + b, 0);
    const unreferenced = [...this.present.keys()]
      .filter((sha) => !wanted.has(sha))
      .map((sha) => ({ sha, at: statTime(path.join(this.options.dir, sha)) }))
      .sort((a, b) => a.at - b.at);
    for (const { sha } of unreferenced) {
      if (used + incoming <= this.options.quotaBytes) break;
      fs.rmSync(path.join(this.options.dir, sha), { force: true });
      used -= this.present.get(sha)!;
      this.present.delete(sha);
      this.options.logger.info({ event: 'asset.evicted', sha256: sha }, 'evicted an asset no state shows');
    }
  }

  private refuse(ref: AssetRef, reason: string): void {
    const known = this.problems.get(ref.id) === reason;
    this.problems.set(ref.id, reason);
    if (known) return;
    this.options.logger.error({ event: 'asset.refused', id: ref.id, sha256: ref.sha256, reason }, 'asset not stored; slides that show it are skipped');
    for (const listener of this.problemListeners) listener({ id: ref.id, sha256: ref.sha256, reason });
  }

  private saveStatus(): void {
    try {
      writeAssetStatus(this.options.dir, this.status());
    } catch (error) {
      this.options.logger.warn({ event: 'asset.status-unsaved', error: (error as Error).message }, 'could not save the asset status for luach doctor');
    }
  }
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

function statTime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A failed download in words about a file of the wall, not a release. */
function describeFailure(error: unknown, timeoutMs: number): string {
  return (error as Error).message.replace(`(update.downloadTimeoutSeconds)`, `(assets.downloadTimeoutSeconds: ${Math.round(timeoutMs / 1000)} s)`);
}
