import fs from 'node:fs';
import * as z from 'zod/mini';
import { writeFileDurably, type ReleaseLayout } from './release-layout.js';

/**
 * What the self-update remembers across restarts and power cuts, in one small JSON file written
 * whole (write beside, flush, rename). The boot (device/boot.ts) and the running release both
 * read and write it; it is written with zod/mini so the boot stays light.
 */
const Version = z.string().check(z.minLength(1), z.maxLength(64));
const Text = z.string().check(z.maxLength(1000));
const Sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/** A switched-to release that has not yet proven itself. */
const Trial = z.object({
  version: Version,
  /** The release to go back to: a version under releases/, or null for the installed app. */
  from: z.nullable(Version),
  fromVersion: Version,
  sha256: Sha256,
  releaseId: z.optional(Version),
  startedAt: z.string(),
  /** Starts of the new release so far; the boot counts them, so a crash loop is seen even if the release never runs a line. */
  boots: z.number().check(z.int(), z.nonnegative()),
  /** How long the new release has, from each start, to pass its health check. */
  checkSeconds: z.number().check(z.int(), z.positive()),
  /** What worked before the switch (a display drew, the broker and gateway answered): the new release must do it too. */
  reachable: z.object({ display: z.boolean(), broker: z.boolean(), gateway: z.boolean() }),
  /** Set by the running release when its check failed: the next start rolls back. */
  failed: z.optional(Text),
  /** Set when a rollback began: redone at each start until it is finished (it is idempotent). */
  rollingBack: z.optional(Text),
});
export type Trial = z.infer<typeof Trial>;

export const UpdateOutcome = z.object({
  version: Version,
  fromVersion: Version,
  sha256: Sha256,
  releaseId: z.optional(Version),
  outcome: z.enum(['succeeded', 'failed', 'rolledBack']),
  reason: z.optional(Text),
  at: z.string(),
});
export type UpdateOutcome = z.infer<typeof UpdateOutcome>;

const UpdateJournal = z.object({
  v: z.literal(1),
  trial: z.optional(Trial),
  /** The one release kept to go back to; release null is the installed app. */
  fallback: z.optional(z.object({ version: Version, release: z.nullable(Version) })),
  /** Versions that failed their health check: not installed again until a newer one is offered. */
  bad: z.array(z.object({ version: Version, reason: Text, at: z.string() })),
  /** Offers that can never verify as they are (unsigned, untrusted key, bad signature, downgrade, wrong CPU); by offerKey. */
  refused: z.array(z.object({ key: Sha256, version: Version, reason: Text, at: z.string() })),
  /** A verified release unpacked under releases/, waiting for its window. */
  staged: z.optional(z.object({ version: Version, sha256: Sha256, at: z.string() })),
  last: z.optional(UpdateOutcome),
  /** Outcomes decided where no MQTT link exists (the boot): the next running release reports them. */
  unreported: z.array(UpdateOutcome),
});
export type UpdateJournal = z.infer<typeof UpdateJournal>;

const LIST_MAX = 20;

export const EMPTY_JOURNAL: UpdateJournal = { v: 1, bad: [], refused: [], unreported: [] };

/**
 * The journal, or an empty one when there is none. A file that does not parse is moved aside
 * (kept, never deleted) and an empty journal is returned with the reason: an unreadable journal
 * must never stop the wall from starting.
 */
export function readJournal(layout: ReleaseLayout, now: Date): { journal: UpdateJournal; movedAside?: string } {
  let text: string;
  try {
    text = fs.readFileSync(layout.journal, 'utf8');
  } catch {
    return { journal: structuredClone(EMPTY_JOURNAL) };
  }
  try {
    const parsed = UpdateJournal.safeParse(JSON.parse(text));
    if (parsed.success) return { journal: parsed.data };
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  } catch (error) {
    const aside = `${layout.journal}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(layout.journal, aside);
    return { journal: structuredClone(EMPTY_JOURNAL), movedAside: `${aside} (${(error as Error).message})` };
  }
}

export function writeJournal(layout: ReleaseLayout, journal: UpdateJournal): void {
  fs.mkdirSync(layout.root, { recursive: true });
  const bounded = {
    ...journal,
    bad: journal.bad.slice(-LIST_MAX),
    refused: journal.refused.slice(-LIST_MAX),
    unreported: journal.unreported.slice(-LIST_MAX),
  };
  writeFileDurably(layout.journal, `${JSON.stringify(bounded, null, 2)}\n`);
}

/** Read, change and write the journal in one step (only one process of a device runs at a time: the data dir lock). */
export function changeJournal(layout: ReleaseLayout, now: Date, change: (journal: UpdateJournal) => UpdateJournal): UpdateJournal {
  const next = change(readJournal(layout, now).journal);
  writeJournal(layout, next);
  return next;
}
