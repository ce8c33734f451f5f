import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BoundedFile } from './log.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-log-'));
  dirs.push(dir);
  return dir;
}

function write(file: BoundedFile, line: string): Promise<void> {
  return new Promise((resolve, reject) => file.write(`${line}\n`, (error) => (error ? reject(error) : resolve())));
}

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('the bounded log file', () => {
  it('rotates to .1 before it would pass its limit, keeping every line in the two files', async () => {
    const file = path.join(tempDir(), 'logs', 'luach.log');
    const log = new BoundedFile(file, 100);
    for (let n = 1; n <= 12; n++) await write(log, `{"n":${String(n).padStart(2, '0')}}`);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(100);
    expect(fs.statSync(`${file}.1`).size).toBeLessThanOrEqual(100);
    expect([...lines(`${file}.1`), ...lines(file)]).toEqual(Array.from({ length: 12 }, (_, i) => `{"n":${String(i + 1).padStart(2, '0')}}`));
  });

  it('keeps the wall running on a full disk, and says how many lines were lost once the disk has room again', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'luach.log');
    // The log path leads to /dev/full: every write fails with ENOSPC, as on a full disk.
    fs.symlinkSync('/dev/full', file);
    const log = new BoundedFile(file, 1024 * 1024);
    await write(log, '{"msg":"lost 1"}');
    await write(log, '{"msg":"lost 2"}');
    expect(log.droppedLines).toBe(2);
    // Space comes back (here: the path now leads to an ordinary file).
    fs.unlinkSync(file);
    await write(log, '{"msg":"kept"}');
    const [notice, kept] = lines(file).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(notice).toMatchObject({ event: 'log.dropped', lines: 2, reason: 'ENOSPC' });
    expect(kept).toEqual({ msg: 'kept' });
    expect(log.droppedLines).toBe(0);
  });
});
