// The model budget: one DisplayModel for a moment, a full year of daily models, and the rebuilds
// of a simulated day with the demo content (each at a real boundary, listed with its reasons).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { migrate } from '../device/cache/open-cache.js';
import { applyTargetState, readSnapshot } from '../device/cache/target-state-store.js';
import { VirtualClock } from '../device/clock.js';
import { loadConfig } from '../device/config.js';
import { demoTargetState } from '../device/demo/demo-state.js';
import { buildDisplayModel } from '../device/model/build-display-model.js';
import { Runtime } from '../device/runtime.js';
import { median, report } from './support/report.js';

const START = new Date('2026-11-26T22:00:00Z'); // Friday 00:00 in Jerusalem: the busiest day
const db = new Database(':memory:');
migrate(db);
applyTargetState(db, demoTargetState(START), { etag: null, source: 'demo', now: START });
const snapshot = readSnapshot(db)!;
const build = (now: Date) => buildDisplayModel({ snapshot, now, clockVerified: true, online: null });

for (let i = 0; i < 50; i++) build(new Date(START.getTime() + i * 3_600_000));
const samples: number[] = [];
for (let i = 0; i < 1000; i++) {
  const at = new Date(START.getTime() + ((i * 7_919_000) % (365 * 86_400_000)));
  const t0 = performance.now();
  build(at);
  samples.push(performance.now() - t0);
}
report('model.build_one_moment_median', median(samples), 'ms', {
  samples: samples.length,
  p95: Number(samples.sort((a, b) => a - b)[949]!.toFixed(3)),
  target: 5,
});

const t0 = performance.now();
for (let day = 0; day < 365; day++) build(new Date(START.getTime() + day * 86_400_000 + 12 * 3_600_000));
report('model.full_year_daily_models', performance.now() - t0, 'ms', { models: 365, target: 1000 });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bench-day-'));
const clock = new VirtualClock(START);
const runtime = new Runtime({
  config: loadConfig({ dataDir: dir, env: {} }),
  clock,
  logger: pino({ level: 'silent' }),
  clockTrust: () => ({ verified: true, reason: 'bench' }),
});
runtime.start();
clock.advanceTo(new Date(START.getTime() + 24 * 3_600_000));
const rebuilds = runtime.rebuilds.filter((r) => r.reason.startsWith('boundary'));
report('model.rebuilds_in_simulated_day', rebuilds.length, 'rebuilds', {
  target: 100,
  day: 'Friday 27 Nov 2026, Jerusalem, demo content',
  list: rebuilds.map((r) => `${r.at.slice(11, 19)}Z ${r.reason.replace('boundary: ', '')}`),
});
await runtime.stop();
fs.rmSync(dir, { recursive: true, force: true });
