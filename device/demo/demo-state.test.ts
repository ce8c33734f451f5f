import { describe, expect, it } from 'vitest';
import { localTimeOf } from '../calendar/local-date.js';
import { demoTargetState } from './demo-state.js';

const windows = (now: Date) =>
  (demoTargetState(now).content.GeneralMessage ?? []).flatMap((m) => [m.startsAt, m.endsAt]).filter((at): at is string => Boolean(at));

describe('the demo synagogue', () => {
  it('times its messages on Jerusalem’s clock in winter and in summer time alike', () => {
    for (const now of [new Date('2026-11-25T10:00:00Z'), new Date('2026-07-01T09:00:00Z')]) {
      const edges = windows(now);
      expect(edges.length).toBeGreaterThan(0);
      for (const at of edges) expect(localTimeOf(new Date(at), 'Asia/Jerusalem')).toBe('00:00');
    }
  });
});
