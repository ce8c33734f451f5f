import { describe, expect, it } from 'vitest';
import { startOfLocalDay, zonedInstant } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import { calendarDays } from './calendar-days.js';
import { nextBoundary } from './next-boundary.js';

const jerusalem: Place = { latitude: 31.778, longitude: 35.2354, elevation: 0, timezone: 'Asia/Jerusalem', israel: true };
const days = calendarDays(jerusalem);
const at = (date: string, time: string) => zonedInstant(date, time, jerusalem.timezone);

describe('the next boundary', () => {
  it('is the Hebrew date switch at sunset when nothing else comes first', () => {
    const b = nextBoundary({ now: at('2026-03-24', '12:00'), place: jerusalem, days });
    expect(b.at).toEqual(days('2026-03-24').zmanim.times.sunset);
    expect(b.reasons).toEqual(['hebrewDate']);
  });

  it('is tzeit when the Hebrew date switches at tzeit, then local midnight', () => {
    const settings = { hebrewDateSwitch: 'tzeit' as const };
    const tzeit = days('2026-03-24').zmanim.times.tzeit!;
    expect(nextBoundary({ now: at('2026-03-24', '12:00'), place: jerusalem, settings, days }).at).toEqual(tzeit);
    const b = nextBoundary({ now: new Date(tzeit.getTime() + 1), place: jerusalem, settings, days });
    expect(b.at).toEqual(startOfLocalDay('2026-03-25', jerusalem.timezone));
    expect(b.reasons).toEqual(['midnight']);
  });

  it('counts a zman a rule uses and the instants the caller names, and names every reason due at once', () => {
    const z = days('2026-03-24').zmanim.times;
    const instants = [
      { at: at('2026-03-24', '13:00'), reason: 'slides' },
      { at: z.sunset!, reason: 'messages' },
    ];
    const base = { place: jerusalem, days, instants, zmanim: ['plagHaMincha' as const, 'sunset' as const] };
    expect(nextBoundary({ ...base, now: at('2026-03-24', '12:00') })).toEqual({ at: at('2026-03-24', '13:00'), reasons: ['slides'] });
    expect(nextBoundary({ ...base, now: at('2026-03-24', '13:00') })).toEqual({ at: z.plagHaMincha, reasons: ['zman:plagHaMincha'] });
    expect(nextBoundary({ ...base, now: z.plagHaMincha! })).toEqual({ at: z.sunset, reasons: ['hebrewDate', 'zman:sunset', 'messages'] });
  });

  it('steps through a whole day at real boundaries only', () => {
    const settings = {};
    let now = at('2026-03-27', '00:00');
    const end = at('2026-03-28', '00:00');
    const seen: string[] = [];
    while (now < end) {
      const b = nextBoundary({ now, place: jerusalem, settings, days, zmanim: ['candleLighting', 'sunset'] });
      expect(b.at.getTime()).toBeGreaterThan(now.getTime());
      seen.push(b.reasons.join('+'));
      now = b.at;
    }
    expect(seen).toEqual(['zman:candleLighting', 'hebrewDate+zman:sunset', 'midnight']);
  });
});
