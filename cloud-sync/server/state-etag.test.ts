import { describe, expect, it } from 'vitest';
import { ifNoneMatchHits, stateEtag } from './state-etag.js';

describe('stateEtag', () => {
  it('ignores generatedAt and key order', () => {
    const a = stateEtag({ generatedAt: '2026-11-25T10:00:00Z', synagogue: { id: 's', name: 'Beit El' }, content: {} });
    const b = stateEtag({ content: {}, synagogue: { name: 'Beit El', id: 's' }, generatedAt: '2026-11-26T10:00:00Z' });
    expect(a).toBe(b);
    expect(a).toMatch(/^"[\w-]{43}"$/);
  });

  it('changes when any content changes', () => {
    expect(stateEtag({ synagogue: { name: 'Beit El' } })).not.toBe(stateEtag({ synagogue: { name: 'Beit El ' } }));
  });
});

describe('ifNoneMatchHits', () => {
  const tag = '"abc"';
  it('matches the tag, a weak form of it, a list holding it, and *', () => {
    for (const header of ['"abc"', 'W/"abc"', '"x", "abc"', '*']) expect(ifNoneMatchHits(header, tag)).toBe(true);
  });
  it('does not match another tag or no header', () => {
    for (const header of [undefined, '', '"abd"', 'abc']) expect(ifNoneMatchHits(header, tag)).toBe(false);
  });
});
