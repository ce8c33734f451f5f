import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isStorageFull } from '../cache/storage-health.js';

export interface DownloadOptions {
  url: string;
  /** Where the artifact is written; bytes already there are kept and the rest asked for with a Range request. */
  file: string;
  /** The size the release declares, when it does: the download is refused beyond it. */
  declaredBytes?: number;
  /** The most any artifact may be. */
  maxBytes: number;
  /** The whole download, start to end. */
  timeoutMs: number;
  /** The longest silence from the server before giving up. */
  idleMs: number;
  /** The pace, so the wall stays smooth; 0 is as fast as the network gives. */
  bytesPerSecond: number;
  signal?: AbortSignal;
  onProgress?(received: number, total: number | null): void;
  fetch?: typeof fetch;
  /** What is downloaded, in the words of its failures: a release (default) or an asset the state names. */
  what?: 'release' | 'asset';
}

/** A download that cannot succeed as it is: its message says why, for UpdateStatus. */
export class DownloadFailed extends Error {
  override name = 'DownloadFailed';
  constructor(
    message: string,
    /** The disk filled: the partial file was removed to give the room back. */
    readonly diskFull = false,
  ) {
    super(message);
  }
}

/**
 * Fetch a release artifact into `file`, resuming what an earlier attempt (or a process killed
 * mid-way) left there with an HTTP Range request; a server that ignores the range sends it all
 * and the file starts over. Bounded in size, total time, silence and pace. A full disk removes
 * the partial file; any other failure keeps it for the next attempt to resume.
 */
export async function downloadRelease(options: DownloadOptions): Promise<{ bytes: number; resumedFrom: number }> {
  const have = fileSize(options.file);
  const limit = Math.min(options.maxBytes, options.declaredBytes ?? Infinity);
  if (have > limit) fs.rmSync(options.file);
  const from = have > limit ? 0 : have;
  if (options.declaredBytes !== undefined && from === options.declaredBytes) return { bytes: from, resumedFrom: from };

  const idle = new AbortController();
  let idleTimer = setTimeout(() => idle.abort(), options.idleMs);
  const signals = [AbortSignal.timeout(options.timeoutMs), idle.signal, ...(options.signal ? [options.signal] : [])];
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(options.url, { headers: from > 0 ? { Range: `bytes=${from}-` } : {}, signal: AbortSignal.any(signals) });
  } catch (error) {
    clearTimeout(idleTimer);
    throw new DownloadFailed(`could not download ${redactUrl(options.url)}: ${describeFetchError(error, options)}`);
  }
  const resumed = response.status === 206 && rangeStart(response.headers.get('content-range')) === from;
  if (response.status === 416 && from > 0 && /^bytes \*\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1] === String(from)) {
    // The server has no bytes past what we hold, and it holds exactly as many: the file is whole.
    clearTimeout(idleTimer);
    return { bytes: from, resumedFrom: from };
  }
  if (!response.ok || !response.body || (response.status === 206 && !resumed)) {
    clearTimeout(idleTimer);
    await response.body?.cancel().catch(() => {});
    // A range the server cannot serve means the partial file is not a prefix of this artifact.
    if (response.status === 206 || response.status === 416) fs.rmSync(options.file, { force: true });
    throw new DownloadFailed(`the ${options.what ?? 'release'} server answered ${response.status} ${response.statusText} for ${redactUrl(options.url)}`);
  }
  const start = resumed ? from : 0;
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? start + length : (options.declaredBytes ?? null);
  if (total !== null && total > limit) {
    clearTimeout(idleTimer);
    await response.body.cancel().catch(() => {});
    throw new DownloadFailed(tooLarge(total, options));
  }

  const out = await fs.promises.open(options.file, resumed ? 'a' : 'w');
  let received = start;
  const began = performance.now();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(), options.idleMs);
      received += chunk.byteLength;
      if (received > limit) throw new DownloadFailed(tooLarge(received, options));
      await out.write(chunk);
      options.onProgress?.(received, total);
      if (options.bytesPerSecond > 0) {
        const due = ((received - start) / options.bytesPerSecond) * 1000 - (performance.now() - began);
        if (due > 5) await sleep(due, undefined, options.signal ? { signal: options.signal } : {});
      }
    }
    await out.sync();
  } catch (error) {
    await out.close().catch(() => {});
    clearTimeout(idleTimer);
    if (isStorageFull(error)) {
      fs.rmSync(options.file, { force: true });
      throw new DownloadFailed(`the disk is full: ${received} bytes of the release were written, then no more room; the partial download was removed`, true);
    }
    if (error instanceof DownloadFailed) throw error;
    throw new DownloadFailed(`the download of ${redactUrl(options.url)} stopped after ${received} bytes: ${describeFetchError(error, options)}`);
  }
  clearTimeout(idleTimer);
  await out.close();
  if (total !== null && received !== total) throw new DownloadFailed(`the download of ${redactUrl(options.url)} ended at ${received} of ${total} bytes`);
  return { bytes: received, resumedFrom: start };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function rangeStart(contentRange: string | null): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : null;
}

function tooLarge(bytes: number, options: DownloadOptions): string {
  const declared = options.declaredBytes !== undefined && options.declaredBytes < options.maxBytes;
  if (options.what === 'asset')
    return `the file is larger than the ${options.declaredBytes ?? options.maxBytes} bytes the state names (got ${bytes}); it is not the file that was uploaded`;
  return declared
    ? `the artifact is larger than the ${options.declaredBytes} bytes its release declares (got ${bytes}); it is not the release that was published`
    : `the artifact is ${bytes} bytes, more than the ${options.maxBytes} bytes this device accepts (update.maxDownloadBytes)`;
}

function describeFetchError(error: unknown, options: DownloadOptions): string {
  const name = (error as Error).name;
  if (name === 'TimeoutError') return `it took longer than ${Math.round(options.timeoutMs / 1000)} s (update.downloadTimeoutSeconds)`;
  if (name === 'AbortError' && !options.signal?.aborted) return `the server sent nothing for ${Math.round(options.idleMs / 1000)} s`;
  if (name === 'AbortError') return 'it was cancelled';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** A URL as it may be logged: no credentials, no query (a signed URL's token). */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an unparseable URL)';
  }
}
