import crypto from 'node:crypto';
import semverLt from 'semver/functions/lt.js';
import semverValid from 'semver/functions/valid.js';
import type { SoftwareTarget } from '../../cloud-sync/protocol/target-state.js';
import type { UpdateJournal } from './update-journal.js';

/** A release the device was asked to run, and how. */
export interface Offer {
  release: SoftwareTarget;
  /** Switch as soon as it is ready, not in the maintenance window (the command's `now`). */
  now: boolean;
  from: 'target state' | 'command';
}

export type OfferDecision =
  | { kind: 'install' }
  /** Nothing to do, and nothing new to tell the cloud. */
  | { kind: 'ignore'; because: 'running' | 'underWay' | 'checking' | 'bad' | 'refused'; why: string }
  /** It can never install as offered: reported as failed once, and remembered by its offerKey. */
  | { kind: 'refuse'; reason: string };

/**
 * What to do with an offered release, as plain data: install it, leave it (already running,
 * already under way, already refused or rolled back), or refuse it. Semver decides newer; an
 * older release installs only when it is signed as a downgrade (allowDowngrade is part of what
 * the signature covers, so the mark cannot be added in the cloud alone).
 */
export function assessOffer(offer: Offer, running: string, journal: UpdateJournal, underWay: { version: string; sha256: string } | null): OfferDecision {
  const { version, sha256 } = offer.release;
  if (semverValid(version) !== version) return { kind: 'refuse', reason: `version "${version}" is not a semantic version such as 1.4.0` };
  if (version === running) return { kind: 'ignore', because: 'running', why: `${version} is already running` };
  if (underWay && underWay.version === version && underWay.sha256 === sha256)
    return { kind: 'ignore', because: 'underWay', why: `${version} is already under way` };
  const bad = journal.bad.find((b) => b.version === version);
  if (bad) return { kind: 'ignore', because: 'bad', why: `${version} was rolled back (${bad.reason}); it is not retried until a newer release is offered` };
  const refused = journal.refused.find((r) => r.key === offerKey(offer.release));
  if (refused)
    return { kind: 'ignore', because: 'refused', why: `${version} was refused as offered (${refused.reason}); it is retried only when the offer changes` };
  if (semverValid(running) && semverLt(version, running) && !offer.release.allowDowngrade)
    return {
      kind: 'refuse',
      reason: `${version} is older than the running ${running}: a downgrade installs only when its release is signed and published as one (scripts/release.ts --allow-downgrade, SoftwareUpdate.allowDowngrade)`,
    };
  return { kind: 'install' };
}

/** An offer's identity for "refused as offered": any change to what is signed, or to where it is, is a new offer. */
export function offerKey(release: SoftwareTarget): string {
  const parts = [release.version, release.sha256, release.signature, String(release.allowDowngrade ?? false), release.url];
  return crypto.createHash('sha256').update(parts.join('\n')).digest('hex');
}
