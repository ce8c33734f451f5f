// `npm run bench`: runs every benchmark in bench/ (one file per subject, each its own process so
// one cannot warm the caches of the next) and passes on their figures, one JSON line each:
// {"bench": "...", "value": N, "unit": "..."}. `npm run bench -- model` runs the files matching "model".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && (!filter || f.includes(filter)))
  .sort();

let failed = 0;
for (const file of files) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${file} failed (${result.status ?? result.signal})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
