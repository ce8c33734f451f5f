import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { contentCollectionNames } from '../../cloud-sync/protocol/content.js';
import { TARGET_STATE_VERSION } from '../../cloud-sync/protocol/target-state.js';
import { overrides } from '../cache/settings-override.js';
import { sqliteDatabase } from '../cache/sqlite-database.js';
import { readAppliedState, TargetStateRejected } from '../cache/target-state-store.js';
import { systemClock } from '../clock.js';
import { checkClockTrust, ntpFlag } from '../host/clock-trust.js';
import { lockDataDir } from '../host/data-dir-lock.js';
import { createLogger } from '../log.js';
import { Runtime } from '../runtime.js';
import { configFromFlags } from '../config.js';
import { UsageError } from '../start-flags.js';

const USAGE = 'usage: luach state apply FILE [--data DIR] | luach state export [--out FILE] [--data DIR]';

/**
 * `luach state apply FILE` loads a target-state JSON into the cache exactly as a sync would
 * (validated whole, a wall built from it before it is committed, nothing half-applied), as
 * source 'local'; `luach state export` writes the state the cache holds, settings as in force.
 */
export async function stateCommand(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'apply') return apply(rest);
  if (verb === 'export') return exportState(rest);
  throw new UsageError(verb ? `state: unknown action "${verb}"; ${USAGE}` : USAGE);
}

async function apply(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' } }, allowPositionals: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(USAGE);
  let input: unknown;
  try {
    input = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a JSON document (${(error as Error).message})`}`,
    );
  }
  const config = configFromFlags(values, process.env);
  // The running device holds the cache; it would not see a state written behind its back.
  const lock = lockDataDir(config.dataDir);
  const logger = createLogger({ level: 'warn', file: config.logFile, maxBytes: config.logMaxBytes, stdout: false });
  const runtime = new Runtime({ config, clock: systemClock, logger, clockTrust: (now) => checkClockTrust(now, ntpFlag()) });
  try {
    runtime.start();
    runtime.applyTargetState(input, null, 'local');
    const snapshot = runtime.cacheSnapshot!;
    const rows = contentCollectionNames.map((name) => `${snapshot.content[name].length} ${name}`).join(', ');
    process.stdout.write(`applied ${file}: ${snapshot.synagogue.name} (${rows}); luach start shows it\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof TargetStateRejected)) throw error;
    process.stderr.write(`luach: ${file} was not applied; nothing changed:\n${error.errors.map((line) => `  ${line}`).join('\n')}\n`);
    return 1;
  } finally {
    runtime.stop();
    logger.flush();
    lock.release();
  }
}

function exportState(args: string[]): number {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' }, out: { type: 'string' } } });
  const config = configFromFlags(values, process.env);
  if (!fs.existsSync(config.cacheFile)) throw new UsageError(`${config.cacheFile}: no cache yet; start luach once`);
  const db = sqliteDatabase(config.cacheFile, { readonly: true, fileMustExist: true });
  try {
    const applied = readAppliedState(db);
    if (!applied) throw new UsageError(`${config.cacheFile} holds no state yet; start luach once`);
    const documents = new Map(
      (db.prepare('SELECT kind, body FROM document').all() as { kind: string; body: string }[]).map((d) => [d.kind, JSON.parse(d.body)]),
    );
    const content = Object.fromEntries(
      contentCollectionNames.map((name) => [
        name,
        (db.prepare(`SELECT body FROM content_${name} ORDER BY rowid`).all() as { body: string }[]).map((r) => JSON.parse(r.body)),
      ]),
    );
    const state = {
      schemaVersion: TARGET_STATE_VERSION,
      generatedAt: systemClock.now().toISOString(),
      synagogue: documents.get('synagogue'),
      settings: { ...documents.get('settings'), ...overrides(db) },
      configuration: documents.get('configuration'),
      content,
      ...(documents.has('software') ? { software: documents.get('software') } : {}),
    };
    const text = `${JSON.stringify(state, null, 2)}\n`;
    if (values.out) fs.writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    db.close();
  }
}
