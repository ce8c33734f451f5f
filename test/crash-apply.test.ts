import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectWholeGeneration, killMidApply } from './support/kill-mid-apply.js';

const KILLS = 50;
/** A loaded machine applies slowly: the test stops killing after this long, if it has killed at least MIN_KILLS times. */
const BUDGET_MS = 120_000;
const MIN_KILLS = 10;
const ROWS = 2000;
const APPLY_FOREVER = path.join(import.meta.dirname, 'support/apply-forever.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a target state applied while the power fails', () => {
  it(`is whole or absent in the cache after each of up to ${KILLS} SIGKILLs mid-apply`, { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'cache.sqlite');
    const seen = new Set<string>();
    const deadline = performance.now() + BUDGET_MS;
    let kills = 0;
    for (let i = 0; i < KILLS && (i < MIN_KILLS || performance.now() < deadline); i++, kills++) {
      // After one or two commits (the last is A or B), at moments spread over the next apply, so many land inside its transaction.
      await killMidApply([process.execPath, '--import', 'tsx', APPLY_FOREVER, file, String(ROWS)], 1 + (i % 2), (i * 7) % 60);
      const tag = expectWholeGeneration(file, ROWS);
      if (tag) seen.add(tag);
    }
    if (kills < KILLS) console.log(`crash-apply: ${kills} of ${KILLS} kills within the ${BUDGET_MS / 1000} s budget (a loaded machine)`);
    expect(seen.size, 'both generations were seen committed').toBe(2);
  });
});
