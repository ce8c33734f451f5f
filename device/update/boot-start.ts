import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dataDirOf } from '../data-dir.js';
import { lockDataDir } from '../host/data-dir-lock.js';
import { chooseRelease, type BootChoice } from './boot-release.js';
import { appVersionAt, pointCurrent, releaseLayout, type ReleaseLayout } from './release-layout.js';
import { readJournal, writeJournal } from './update-journal.js';

/** Beyond the trial's own check time: the backstop fires only when the release's checker itself said nothing. */
const BACKSTOP_GRACE_SECONDS = 30;
/** After asking the process to stop, how long it gets before it is ended. */
const STOP_GRACE_MS = 15_000;

/**
 * Start the device from the release the boot chooses. `entry` is the bundle to load from it:
 * luach-cli.mjs (the `luach` command) or luach-main.mjs (Electron). Anything that goes wrong
 * in choosing runs the installed app: the boot never stops a wall from starting.
 */
export async function bootStart(installedDir: string, entry: string, argv: readonly string[]): Promise<void> {
  const layout = releaseLayout(dataDirOf(flagValue(argv, 'data'), process.env));
  const installed = { dir: installedDir, version: appVersionAt(installedDir) ?? '0.0.0' };
  let choice: BootChoice;
  try {
    // The same lock the device takes: a second start on this data directory must not count a trial boot.
    lockDataDir(path.dirname(layout.root), process.pid);
    choice = chooseRelease({ layout, installed, cacheFile: path.join(path.dirname(layout.root), 'cache.sqlite'), now: new Date() });
  } catch (error) {
    // Another luach runs on this data directory: this start will say so in one line and stop; nothing here is its to decide.
    if ((error as Error).name !== 'DataDirInUse')
      say(`could not choose a release (${(error as Error).message}); running the installed app ${installed.version}`);
    choice = { appDir: installed.dir, version: installed.version, notes: [] };
  }
  choice.notes.forEach(say);
  // A Chromium or Electron child of this start loads the same entry: it must not choose again.
  process.env.LUACH_BOOTED = choice.version;
  if (choice.trial) armBackstop(layout, choice.trial);
  try {
    await import(pathToFileURL(path.join(choice.appDir, 'dist', entry)).href);
  } catch (error) {
    if (choice.appDir === installed.dir) throw error;
    refuseBrokenRelease(layout, choice, error as Error);
  }
}

/**
 * The chosen release did not even load. On trial, that is its verdict (the next start rolls
 * back); otherwise its files were damaged since it was confirmed, and its fallback runs next.
 */
function refuseBrokenRelease(layout: ReleaseLayout, choice: BootChoice, error: Error): void {
  const reason = `the release did not load: ${error.message.slice(0, 300)}`;
  const { journal } = readJournal(layout, new Date());
  if (journal.trial?.version === choice.version) writeJournal(layout, { ...journal, trial: { ...journal.trial, failed: reason } });
  else pointCurrent(layout, journal.fallback?.release !== choice.version ? (journal.fallback?.release ?? null) : null);
  say(`${choice.version}: ${reason}; starting again`);
  process.exit(1);
}

/**
 * The trial's last line of defence, in the stable code: if the new release neither confirmed
 * nor failed itself in time (its checker hung, or never ran), mark it failed and restart, so
 * the next start rolls back. The supervisor (systemd, Restart=always) starts the process again.
 */
function armBackstop(layout: ReleaseLayout, trial: { version: string; checkSeconds: number }): void {
  const seconds = trial.checkSeconds + BACKSTOP_GRACE_SECONDS;
  const timer = setTimeout(() => {
    const { journal } = readJournal(layout, new Date());
    const pending = journal.trial;
    if (!pending || pending.version !== trial.version || pending.failed || pending.rollingBack) return;
    writeJournal(layout, { ...journal, trial: { ...pending, failed: `no verdict from its health check within ${seconds} s of starting` } });
    say(`${trial.version} gave no health verdict within ${seconds} s; restarting to roll back`);
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), STOP_GRACE_MS).unref();
  }, seconds * 1000);
  timer.unref();
}

function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i]!.startsWith(`--${name}=`)) return argv[i]!.slice(name.length + 3);
  }
  return undefined;
}

function say(line: string): void {
  process.stderr.write(`luach boot: ${line}\n`);
}
