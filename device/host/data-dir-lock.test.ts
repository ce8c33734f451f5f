import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUse, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-lock-'));
  dirs.push(dir);
  return dir;
}

describe('one running device per data directory', () => {
  it('refuses a second holder while the first runs, naming its pid', () => {
    const dir = dataDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      lockDataDir(dir, other.pid!);
      expect(() => lockDataDir(dir)).toThrow(DataDirInUse);
      expect(() => lockDataDir(dir)).toThrow(`another luach (pid ${other.pid}) is already running on ${dir}`);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that died, and frees it on release', async () => {
    const dir = dataDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    lockDataDir(dir, dead.pid!);
    const held = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'luach.lock'), 'utf8').trim()).toBe(String(process.pid));
    held.release();
    expect(fs.existsSync(path.join(dir, 'luach.lock'))).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
