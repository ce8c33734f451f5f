// Child process for the crash test: applies two alternating target states to the cache, as
// fast as it can, until it is killed. Each state marks every row with its generation.
import { openCache } from '../../device/cache/open-cache.js';
import { applyTargetState } from '../../device/cache/target-state-store.js';
import { demoTargetState } from '../../device/demo/demo-state.js';

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: apply-forever.ts CACHE_FILE [ROWS]');
const rows = Number(rowsArg ?? 2000);
const now = new Date('2026-11-25T10:00:00Z');
const { db } = openCache(file, now);

function generation(tag: string) {
  const state = demoTargetState(now);
  state.synagogue.name = `generation ${tag}`;
  state.content.GeneralMessage = Array.from({ length: rows }, (_, i) => ({ id: `m-${i}`, body: `${tag} message ${i}`, title: tag }));
  state.content.Hanzch = Array.from({ length: rows / 4 }, (_, i) => ({ id: `h-${i}`, name: `${tag} ${i}`, diedOn: '1990-01-01' }));
  return state;
}
const states = [generation('A'), generation('B')];
process.stdout.write('ready\n');
const parent = process.ppid;
// A line after each commit (a pipe's writes are synchronous on Linux): the test kills by progress, not by time.
// A test run stopped from outside never gets to kill this child: it ends itself once its parent is gone.
for (let i = 0; process.ppid === parent; i++) {
  applyTargetState(db, states[i % 2], { etag: i % 2 ? 'B' : 'A', source: 'cloud', now });
  process.stdout.write(`committed ${i % 2 ? 'B' : 'A'}\n`);
}
