import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactServer } from './support/artifact-server.js';
import { downloadRelease, type DownloadOptions } from '../device/update/download-release.js';

const SIZE = 3 * 1024 * 1024;
let dir: string;
let server: ArtifactServer;
let body: Buffer;
let target: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-download-'));
  fs.mkdirSync(path.join(dir, 'served'));
  body = crypto.randomBytes(SIZE);
  fs.writeFileSync(path.join(dir, 'served', 'luach-2.0.0.tar.gz'), body);
  server = await ArtifactServer.start(path.join(dir, 'served'));
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  target = path.join(dir, `part-${crypto.randomUUID()}`);
  server.ignoreRange = false;
});

const options = (extra: Partial<DownloadOptions> = {}): DownloadOptions => ({
  url: server.url('luach-2.0.0.tar.gz'),
  file: target,
  maxBytes: 64 * 1024 * 1024,
  timeoutMs: 30_000,
  idleMs: 10_000,
  bytesPerSecond: 0,
  ...extra,
});

describe('downloading a release', () => {
  it('fetches the whole artifact, saying how far it got', async () => {
    const seen: number[] = [];
    expect(await downloadRelease(options({ declaredBytes: SIZE, onProgress: (received) => seen.push(received) }))).toEqual({ bytes: SIZE, resumedFrom: 0 });
    expect(fs.readFileSync(target).equals(body)).toBe(true);
    expect(seen.at(-1)).toBe(SIZE);
  });

  it('resumes an interrupted download with a Range request for the missing bytes only', async () => {
    server.cutNext('luach-2.0.0.tar.gz', 1024 * 1024);
    await expect(downloadRelease(options())).rejects.toThrow(/stopped after \d+ bytes/);
    const kept = fs.statSync(target).size;
    expect(kept).toBeGreaterThan(0);
    expect(await downloadRelease(options())).toEqual({ bytes: SIZE, resumedFrom: kept });
    expect(fs.readFileSync(target).equals(body)).toBe(true);
    expect(server.requests.at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206, bytes: SIZE - kept });
  });

  it('starts over when the server ignores the range', async () => {
    fs.writeFileSync(target, body.subarray(0, 1000));
    server.ignoreRange = true;
    expect(await downloadRelease(options())).toEqual({ bytes: SIZE, resumedFrom: 0 });
    expect(fs.readFileSync(target).equals(body)).toBe(true);
  });

  it('refuses an artifact larger than its release declares, or than the device accepts', async () => {
    await expect(downloadRelease(options({ declaredBytes: SIZE - 1 }))).rejects.toThrow(/larger than the \d+ bytes its release declares/);
    await expect(downloadRelease(options({ maxBytes: 1024 * 1024 }))).rejects.toThrow(
      /more than the 1048576 bytes this device accepts \(update\.maxDownloadBytes\)/,
    );
  });

  it('gives up on a server gone silent, keeping what arrived for the next attempt', async () => {
    const stall = server.stallNext('luach-2.0.0.tar.gz', 512 * 1024);
    await expect(downloadRelease(options({ idleMs: 300 }))).rejects.toThrow(/the server sent nothing for 0 s|sent nothing/);
    stall.resume();
    expect(fs.statSync(target).size).toBe(512 * 1024);
  });

  it('says what the server answered for a release it does not have', async () => {
    await expect(downloadRelease(options({ url: server.url('luach-9.9.9.tar.gz') }))).rejects.toThrow(
      /answered 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/releases\/luach-9\.9\.9\.tar\.gz/,
    );
  });

  it('throws away a partial file longer than the artifact (the server answers 416) so the next attempt starts clean', async () => {
    fs.writeFileSync(target, Buffer.concat([body, Buffer.from('more')]));
    await expect(downloadRelease(options())).rejects.toThrow(/answered 416/);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('never logs the query of a signed URL', async () => {
    const error = await downloadRelease(options({ url: `${server.url('luach-9.9.9.tar.gz')}?token=secret` })).catch((e: Error) => e);
    expect(String(error)).not.toContain('secret');
  });
});
