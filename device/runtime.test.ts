import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.js';
import { loadConfig } from './config.js';
import { buildDisplayModel } from './model/build-display-model.js';
import type { DisplayModel } from './model/display-model.js';
import type Database from 'better-sqlite3';
import { openCache } from './cache/open-cache.js';
import { applyTargetState as applyStoredState } from './cache/target-state-store.js';
import { demoTargetState } from './demo/demo-state.js';
import { Runtime } from './runtime.js';

const START = new Date('2026-11-25T22:00:00Z'); // midnight in Jerusalem, Thursday 26 November
let dir: string;
let clock: VirtualClock;
let runtime: Runtime;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-runtime-'));
  clock = new VirtualClock(START);
  runtime = new Runtime({
    config: loadConfig({ dataDir: dir, env: {} }),
    clock,
    logger: pino({ level: 'silent' }),
    clockTrust: () => ({ verified: true, reason: 'test' }),
  });
});
afterEach(async () => {
  await runtime.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Set the cached synagogue's time zone to one that does not exist, past every check, as a release with weaker checks could have left it. */
function breakStoredTimezone(db: Database.Database): void {
  db.prepare("UPDATE document SET body = json_set(body, '$.timezone', 'Mars/Olympus_Mons') WHERE kind = 'synagogue'").run();
}

/** What a congregant sees: the model without its bookkeeping. */
function visible(model: DisplayModel): string {
  const { generatedAt: _g, validUntil: _v, ...rest } = model;
  return JSON.stringify(rest);
}

describe('the runtime over a simulated day', () => {
  it('rebuilds only at boundaries, and nothing visible changes between them', async () => {
    const models: DisplayModel[] = [];
    runtime.start();
    runtime.subscribe((m) => models.push(m));
    clock.advanceTo(new Date(START.getTime() + 24 * 3_600_000));

    const boundaryRebuilds = runtime.rebuilds.filter((r) => r.reason.startsWith('boundary'));
    expect(boundaryRebuilds.length).toBeGreaterThan(10);
    expect(boundaryRebuilds.length).toBeLessThanOrEqual(100);
    // Each rebuild happens exactly when the previous model said it would expire.
    for (let i = 1; i < runtime.rebuilds.length; i++) expect(runtime.rebuilds[i]!.at).toBe(runtime.rebuilds[i - 1]!.validUntil);

    // Between two rebuilds, a model built at any moment looks the same: no boundary was missed.
    const snapshot = runtime.cacheSnapshot!;
    for (const model of models) {
      const from = Date.parse(model.generatedAt);
      const until = Date.parse(model.validUntil);
      for (const fraction of [0.25, 0.5, 0.999]) {
        const at = new Date(from + Math.floor((until - from) * fraction));
        if (at.getTime() <= from) continue;
        expect(visible(buildDisplayModel({ snapshot, now: at, clockVerified: true, online: null })), `at ${at.toISOString()}`).toBe(visible(model));
      }
    }
  });

  it('changes the Hebrew date on the wall at sunset', async () => {
    runtime.start();
    const before = runtime.current().header.hebrewDate;
    const sunset = runtime.current().slides.find((s) => s.kind === 'zmanim');
    const sunsetAt = sunset?.kind === 'zmanim' ? sunset.rows.find((r) => r.id === 'sunset')!.at : undefined;
    expect(sunsetAt).toBeDefined();
    clock.advanceTo(new Date(Date.parse(sunsetAt!) - 1000));
    expect(runtime.current().header.hebrewDate).toBe(before);
    clock.advanceTo(new Date(sunsetAt!));
    expect(runtime.current().header.hebrewDate).not.toBe(before);
    expect(runtime.rebuilds.at(-1)).toMatchObject({ at: new Date(sunsetAt!).toISOString(), reason: expect.stringContaining('hebrewDate') });
  });

  it('shows a newly applied state at once, and refuses a bad one without losing the old', async () => {
    runtime.start();
    const state = JSON.parse(JSON.stringify(runtime.cacheSnapshot)) as Record<string, unknown> & { synagogue: { name: string } };
    const next = {
      schemaVersion: 1,
      generatedAt: START.toISOString(),
      synagogue: { ...state.synagogue, name: 'Beth Midrash' },
      settings: { id: 's' },
      configuration: { id: 'c' },
      content: {},
    };
    runtime.applyTargetState(next, '"2"', 'cloud');
    expect(runtime.current().header.synagogueName).toBe('Beth Midrash');
    expect(() => runtime.applyTargetState({ ...next, synagogue: { name: 'x' } }, '"3"', 'cloud')).toThrow(/synagogue\.latitude/);
    expect(runtime.current().header.synagogueName).toBe('Beth Midrash');
  });

  it('rebuilds at once when NTP sets a clock that booted in the past, and stops marking it unverified', async () => {
    let trusted = false;
    await runtime.stop();
    runtime = new Runtime({
      config: loadConfig({ dataDir: dir, env: {} }),
      clock,
      logger: pino({ level: 'silent' }),
      clockTrust: () => ({ verified: trusted, reason: 'test' }),
    });
    runtime.start();
    expect(runtime.current().status.clockVerified).toBe(false);
    trusted = true;
    clock.jumpTo(new Date(START.getTime() + 3 * 3_600_000));
    expect(runtime.rebuilds.at(-1)!.reason).toBe('clock jumped by 10800 s');
    expect(runtime.current().generatedAt).toBe(new Date(START.getTime() + 3 * 3_600_000).toISOString());
    expect(runtime.current().status.clockVerified).toBe(true);
  });

  it('keeps the data across a restart', async () => {
    runtime.start();
    const name = runtime.current().header.synagogueName;
    await runtime.stop();
    runtime.start();
    expect(runtime.current().header.synagogueName).toBe(name);
    expect(runtime.rebuilds.at(-1)!.reason).toBe('start');
  });

  it('refuses, before committing it, a state with a time zone no one knows, naming the field', async () => {
    runtime.start();
    const before = runtime.current().header.synagogueName;
    const state = { ...demoTargetState(START), synagogue: { ...demoTargetState(START).synagogue, name: 'Typo Shul', timezone: 'Asia/Jerusalme' } };
    expect(() => runtime.applyTargetState(state, '"typo"', 'cloud')).toThrow(/synagogue\.timezone: expected an IANA time zone/);
    expect(runtime.current().header.synagogueName).toBe(before);
    expect(runtime.cacheSnapshot!.applied.etag).not.toBe('"typo"');
  });

  it('falls back to the last state that showed when the committed one no longer builds, and says so', async () => {
    runtime.start();
    const good = { ...demoTargetState(START), synagogue: { ...demoTargetState(START).synagogue, name: 'Beth Midrash' } };
    runtime.applyTargetState(good, '"good"', 'cloud');
    // A committed state that no longer builds (as one an older release let in): written past every check.
    applyStoredState(runtime.database, good, { etag: '"broken"', source: 'cloud', now: START });
    breakStoredTimezone(runtime.database);
    await runtime.stop();
    const fallbacks: unknown[] = [];
    runtime = new Runtime({
      config: loadConfig({ dataDir: dir, env: {} }),
      clock,
      logger: pino({ level: 'silent' }),
      clockTrust: () => ({ verified: true, reason: 'test' }),
    });
    runtime.onFallback((fallback) => fallbacks.push(fallback));
    runtime.start();
    expect(runtime.current().header.synagogueName).toBe('Beth Midrash');
    expect(runtime.cacheSnapshot!.applied).toMatchObject({ etag: '"good"', source: 'cloud' });
    expect(fallbacks).toEqual([{ reason: 'timezone: expected an IANA time zone such as Asia/Jerusalem or America/New_York', to: 'last good' }]);
  });

  it('falls back to the demo when nothing that showed was kept', async () => {
    runtime.start();
    const broken = { ...demoTargetState(START), synagogue: { ...demoTargetState(START).synagogue, name: 'Broken' } };
    await runtime.stop();
    fs.rmSync(path.join(dir, 'last-good-state.json'), { force: true });
    const db = openCache(path.join(dir, 'cache.sqlite'), START).db;
    applyStoredState(db, broken, { etag: '"broken"', source: 'cloud', now: START });
    breakStoredTimezone(db);
    db.close();
    runtime.start();
    expect(runtime.current().status.source).toBe('demo');
    expect(runtime.current().header.synagogueName).toBe('בית הכנסת אוהל יצחק');
  });
});
