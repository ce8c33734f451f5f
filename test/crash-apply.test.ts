import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCache } from '../device/cache/open-cache.js';
import { readSnapshot } from '../device/cache/target-state-store.js';

const KILLS = 50;
const ROWS = 2000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Start the applying child, wait until it is applying, let it run a little, then SIGKILL it. */
function killMidApply(file: string, runMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'support/apply-forever.ts'), file, String(ROWS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the applying child never said it was ready'));
    }, 20_000);
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), runMs));
    child.once('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the child exited by itself (${signal ?? _code}) instead of being killed`));
    });
  });
}

describe('a target state applied while the power fails', () => {
  it(`is whole or absent in the cache after ${KILLS} SIGKILLs mid-apply`, { timeout: 180_000 }, async () => {
    const file = path.join(dir, 'cache.sqlite');
    const seen = new Set<string>();
    for (let i = 0; i < KILLS; i++) {
      // Spread the kill moments over the apply loop so some land inside a transaction.
      await killMidApply(file, 20 + ((i * 37) % 200));
      const opened = openCache(file, new Date());
      expect(opened.rebuiltFrom, 'the cache opened without being rebuilt').toBeUndefined();
      const snapshot = readSnapshot(opened.db);
      opened.db.close();
      if (!snapshot) continue; // killed before the first commit: the old (empty) state, whole
      const tag = snapshot.synagogue.name.replace('generation ', '');
      seen.add(tag);
      expect(snapshot.applied.etag).toBe(tag);
      expect(snapshot.content.GeneralMessage).toHaveLength(ROWS);
      expect(new Set(snapshot.content.GeneralMessage.map((m) => m.title))).toEqual(new Set([tag]));
      expect(snapshot.content.Hanzch.every((h) => h.name.startsWith(`${tag} `))).toBe(true);
    }
    expect(seen.size, 'both generations were seen committed').toBe(2);
  });
});
