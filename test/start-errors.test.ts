import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startLuach } from './support/luach-process.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'luach.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-start-errors-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `luach start --headless` that is expected to fail: bounded, so a hang fails the test rather than waiting. */
async function failingStart(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  try {
    await run(process.execPath, [bin, 'start', '--headless', ...args], { timeout: 20_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code: number | null; killed?: boolean; stderr: string };
    if (e.killed) throw new Error(`luach start hung instead of exiting:\n${e.stderr}`, { cause: error });
    return { code: e.code, stderr: e.stderr };
  }
}

describe('a start that cannot happen', () => {
  it('refuses a second luach on the same data directory in one line, and the first keeps its wall', async () => {
    const data = path.join(dir, 'shared');
    const first = await startLuach(data);
    try {
      const second = await failingStart('--data', data, '--port', '0');
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^luach: could not start: another luach \(pid \d+\) is already running on /)]);
      expect((await fetch(new URL('model.json', first.url))).status).toBe(200);
    } finally {
      await first.stop();
    }
  });

  it('says in one line that the port is taken, stops what it started, and exits', async () => {
    const first = await startLuach(path.join(dir, 'one'));
    try {
      const port = new URL(first.url).port;
      const second = await failingStart('--data', path.join(dir, 'two'), '--port', port);
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toEqual([
        expect.stringContaining(`luach: could not start: listen EADDRINUSE: address already in use 127.0.0.1:${port}`),
      ]);
      expect(fs.existsSync(path.join(dir, 'two', 'luach.lock'))).toBe(false);
    } finally {
      await first.stop();
    }
  });
});
