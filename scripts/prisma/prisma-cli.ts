import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs the local Prisma CLI so that it works on a machine that cannot download Prisma's native
 * engines. validate, format, generate and the JS schema engine (migrate diff, db push through a
 * driver adapter) run on WebAssembly and need no native engine, but the CLI still tries to
 * fetch one unless PRISMA_SCHEMA_ENGINE_BINARY / PRISMA_QUERY_ENGINE_LIBRARY point at a file.
 * So when the engines are missing (or LUACH_PRISMA_OFFLINE=1) we point those at empty
 * placeholders. On a machine with the engines installed nothing is overridden.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const PRISMA_BIN = path.join(REPO_ROOT, 'node_modules', 'prisma', 'build', 'index.js');
const ENGINES_DIR = path.join(REPO_ROOT, 'node_modules', '@prisma', 'engines');

function nativeEnginesPresent(): boolean {
  if (!existsSync(ENGINES_DIR)) return false;
  return readdirSync(ENGINES_DIR).some((file) => /^(schema-engine|libquery_engine|query_engine)/.test(file));
}

export function offlineMode(): boolean {
  return process.env['LUACH_PRISMA_OFFLINE'] === '1' || !nativeEnginesPresent();
}

let placeholderDir: string | null = null;

function placeholders(): Record<string, string> {
  if (!placeholderDir) {
    placeholderDir = mkdtempSync(path.join(tmpdir(), 'luach-prisma-engines-'));
    writeFileSync(path.join(placeholderDir, 'schema-engine'), '');
    writeFileSync(path.join(placeholderDir, 'libquery_engine.so.node'), '');
    process.once('exit', () => rmSync(placeholderDir!, { recursive: true, force: true }));
  }
  return {
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(placeholderDir, 'schema-engine'),
    PRISMA_QUERY_ENGINE_LIBRARY: path.join(placeholderDir, 'libquery_engine.so.node'),
  };
}

export interface PrismaRun {
  ok: boolean;
  output: string;
}

/** Run `prisma <args>` from the repository root; never throws, the caller decides what a failure means. */
export function runPrisma(args: readonly string[], extraEnv: Record<string, string> = {}): PrismaRun {
  if (!existsSync(PRISMA_BIN)) {
    return { ok: false, output: `the Prisma CLI is missing at ${PRISMA_BIN}; run npm install` };
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    // validate and generate resolve env("DATABASE_URL") although they never connect.
    DATABASE_URL: process.env['DATABASE_URL'] ?? 'mongodb://localhost:27017/luach',
    ...(offlineMode() ? placeholders() : {}),
    ...extraEnv,
  };
  const result = spawnSync(process.execPath, [PRISMA_BIN, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}
