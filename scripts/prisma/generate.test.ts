import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './prisma-cli.js';

const TSX = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function generate(...flags: string[]) {
  const result = spawnSync(process.execPath, [TSX, path.join(REPO_ROOT, 'scripts', 'prisma', 'generate.ts'), ...flags], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('scripts/prisma/generate.ts', () => {
  // Each runs the Prisma CLI in a child process: seconds on a quiet machine, far more on a loaded one.
  it('finds the committed SQLite schema and DDL current (the CI staleness check)', { timeout: 120_000 }, () => {
    const run = generate('--check');
    expect(run.output).toContain('prisma/sqlite/schema.prisma is current');
    expect(run.status).toBe(0);
  });

  it('validates the MongoDB schema and its SQLite variant with `prisma validate`', { timeout: 120_000 }, () => {
    const run = generate('--validate-only');
    expect(run.output).toContain('prisma/schema.prisma and prisma/sqlite/schema.prisma are valid');
    expect(run.status).toBe(0);
  });

  it('refuses an unknown option and says which ones exist', () => {
    const run = generate('--chek');
    expect(run.status).toBe(2);
    expect(run.output).toContain('use --check, --validate-only or nothing');
  });
});
