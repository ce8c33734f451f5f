import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCache } from '../device/cache/open-cache.js';
import { readSnapshot } from '../device/cache/target-state-store.js';

const KILLS = 50;
/** A loaded machine applies slowly: the test stops killing after this long, if it has killed at least MIN_KILLS times. */
const BUDGET_MS = 120_000;
const MIN_KILLS = 10;
const ROWS = 2000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Start the applying child, wait until it has committed `commits` states (so both generations get
 * committed however fast the machine is), let the next apply run `runMs`, then SIGKILL it.
 */
function killMidApply(file: string, commits: number, runMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'support/apply-forever.ts'), file, String(ROWS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the applying child never committed ${commits} states`));
    }, 60_000);
    let seen = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const before = seen;
      seen += chunk.split('\n').filter((line) => line.startsWith('committed')).length;
      if (before < commits && seen >= commits) setTimeout(() => child.kill('SIGKILL'), runMs);
    });
    child.once('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the child exited by itself (${signal ?? _code}) instead of being killed`));
    });
  });
}

describe('a target state applied while the power fails', () => {
  it(`is whole or absent in the cache after each of up to ${KILLS} SIGKILLs mid-apply`, { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'cache.sqlite');
    const seen = new Set<string>();
    const deadline = performance.now() + BUDGET_MS;
    let kills = 0;
    for (let i = 0; i < KILLS && (i < MIN_KILLS || performance.now() < deadline); i++, kills++) {
      // After one or two commits (the last is A or B), at moments spread over the next apply, so many land inside its transaction.
      await killMidApply(file, 1 + (i % 2), (i * 7) % 60);
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
    if (kills < KILLS) console.log(`crash-apply: ${kills} of ${KILLS} kills within the ${BUDGET_MS / 1000} s budget (a loaded machine)`);
    expect(seen.size, 'both generations were seen committed').toBe(2);
  });
});
