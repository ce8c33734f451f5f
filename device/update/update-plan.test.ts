import { describe, expect, it } from 'vitest';
import { assessOffer, offerKey, type Offer } from './update-plan.js';
import { EMPTY_JOURNAL, type UpdateJournal } from './update-journal.js';

const SHA = 'c'.repeat(64);
const offer = (version: string, extra: Partial<Offer['release']> = {}): Offer => ({
  release: { version, url: 'https://releases.example/luach.tar.gz', sha256: SHA, signature: 'ed25519:...', channel: 'stable', ...extra },
  now: false,
  from: 'target state',
});
const journal = (extra: Partial<UpdateJournal> = {}): UpdateJournal => ({ ...structuredClone(EMPTY_JOURNAL), ...extra });

describe('what to do with an offered release', () => {
  it('installs a newer version, by semver (1.10.0 is newer than 1.9.0)', () => {
    expect(assessOffer(offer('1.10.0'), '1.9.0', journal(), null)).toEqual({ kind: 'install' });
  });

  it('leaves the version that already runs alone', () => {
    expect(assessOffer(offer('1.9.0'), '1.9.0', journal(), null)).toMatchObject({ kind: 'ignore', because: 'running' });
  });

  it('refuses an older version unless its release is marked (and signed) as a downgrade', () => {
    expect(assessOffer(offer('1.8.0'), '1.9.0', journal(), null)).toEqual({
      kind: 'refuse',
      reason: expect.stringMatching(/1\.8\.0 is older than the running 1\.9\.0: .*--allow-downgrade/),
    });
    expect(assessOffer(offer('1.8.0', { allowDowngrade: true }), '1.9.0', journal(), null)).toEqual({ kind: 'install' });
  });

  it('does not retry a version that was rolled back, until a newer one is offered', () => {
    const rolledBack = journal({ bad: [{ version: '2.0.0', reason: 'the display did not report a first paint', at: '2026-03-03T01:40:00Z' }] });
    expect(assessOffer(offer('2.0.0'), '1.9.0', rolledBack, null)).toMatchObject({
      kind: 'ignore',
      because: 'bad',
      why: expect.stringContaining('first paint'),
    });
    expect(assessOffer(offer('2.0.1'), '1.9.0', rolledBack, null)).toEqual({ kind: 'install' });
  });

  it('does not download again an offer it refused, but does once the offer changes (re-signed, say)', () => {
    const refused = journal({ refused: [{ key: offerKey(offer('2.0.0').release), version: '2.0.0', reason: 'unsigned', at: '2026-03-03T01:40:00Z' }] });
    expect(assessOffer(offer('2.0.0'), '1.9.0', refused, null)).toMatchObject({ kind: 'ignore', because: 'refused' });
    expect(assessOffer(offer('2.0.0', { signature: 'ed25519:other' }), '1.9.0', refused, null)).toEqual({ kind: 'install' });
  });

  it('lets a release already under way go on, and replaces it when the same version comes as another artifact', () => {
    expect(assessOffer(offer('2.0.0'), '1.9.0', journal(), { version: '2.0.0', sha256: SHA })).toMatchObject({ kind: 'ignore', because: 'underWay' });
    expect(assessOffer(offer('2.0.0', { sha256: 'd'.repeat(64) }), '1.9.0', journal(), { version: '2.0.0', sha256: SHA })).toEqual({ kind: 'install' });
  });

  it('refuses a version that is not semantic, since it names a folder and must compare', () => {
    expect(assessOffer(offer('../../etc'), '1.9.0', journal(), null)).toMatchObject({
      kind: 'refuse',
      reason: expect.stringContaining('not a semantic version'),
    });
  });
});
