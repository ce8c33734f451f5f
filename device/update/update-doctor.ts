import path from 'node:path';
import { appVersionAt, readCurrent, releaseLayout } from './release-layout.js';
import { readTrustedKeys, RELEASE_KEYS_FILE } from './trusted-keys.js';
import { readJournal } from './update-journal.js';

/**
 * What `luach doctor` says about self-update: the version that runs at the next start (the one
 * `current` names, else the installed app), the one fallback, a trial under way, the last update
 * and why it ended, versions not retried, and the keys this app trusts.
 */
export function updateDoctor(dataDir: string, appDir: string, now: Date): Record<string, unknown> {
  const layout = releaseLayout(dataDir);
  const installed = appVersionAt(appDir) ?? 'unknown';
  const current = readCurrent(layout);
  const { journal, movedAside } = readJournal(layout, now);
  let trustedKeys: unknown;
  try {
    const keys = readTrustedKeys(path.join(appDir, RELEASE_KEYS_FILE));
    trustedKeys = keys.length > 0 ? keys.map((k) => (k.note ? `${k.id} (${k.note})` : k.id)) : 'none: this build installs no self-update';
  } catch (error) {
    trustedKeys = `unreadable: ${(error as Error).message}`;
  }
  const where = (release: string | null) => (release === null ? 'the installed app' : layout.releaseDir(release));
  return {
    running: current ?? installed,
    from: where(current),
    installed,
    fallback: journal.fallback ? `${journal.fallback.version} (${where(journal.fallback.release)})` : 'none',
    ...(journal.trial ? { trial: journal.trial } : {}),
    ...(journal.staged ? { staged: `${journal.staged.version}, verified and unpacked, waiting for its window` } : {}),
    last: journal.last ?? 'none yet',
    notRetried: journal.bad.map((b) => `${b.version}: ${b.reason}`),
    refused: journal.refused.map((r) => `${r.version}: ${r.reason}`),
    trustedKeys,
    ...(movedAside ? { journal: `unreadable, moved aside: ${movedAside}` } : {}),
  };
}
