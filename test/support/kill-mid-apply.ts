import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { openCache } from '../../device/cache/open-cache.js';
import { readSnapshot } from '../../device/cache/target-state-store.js';

/**
 * Start the applying child (`command`: test/support/apply-forever.ts under some Node, given the
 * cache file and the row count), wait until it has committed `commits` states (so both
 * generations get committed however fast the machine is), let the next apply run `runMs`, then
 * SIGKILL it.
 */
export function killMidApply(command: string[], commits: number, runMs: number, guardMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = command;
    const child = spawn(program!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the applying child never committed ${commits} states`));
    }, guardMs);
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

/**
 * After a kill, the cache opens without a rebuild and holds one generation whole (every row
 * marked with it), or nothing yet. Returns that generation's tag, or null.
 */
export function expectWholeGeneration(file: string, rows: number): string | null {
  const opened = openCache(file, new Date());
  expect(opened.rebuiltFrom, 'the cache opened without being rebuilt').toBeUndefined();
  const snapshot = readSnapshot(opened.db);
  opened.db.close();
  if (!snapshot) return null; // killed before the first commit: the old (empty) state, whole
  const tag = snapshot.synagogue.name.replace('generation ', '');
  expect(snapshot.applied.etag).toBe(tag);
  expect(snapshot.content.GeneralMessage).toHaveLength(rows);
  expect(new Set(snapshot.content.GeneralMessage.map((m) => m.title))).toEqual(new Set([tag]));
  expect(snapshot.content.Hanzch.every((h) => h.name.startsWith(`${tag} `))).toBe(true);
  return tag;
}
