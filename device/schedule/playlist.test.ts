import { describe, expect, it } from 'vitest';
import type { ScreenTimer } from '../../cloud-sync/protocol/content.js';
import { startOfLocalDay, zonedInstant } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import { calendarDays } from './calendar-days.js';
import { buildPlaylist } from './playlist.js';

const newYork: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };
const days = calendarDays(newYork);
const at = (date: string, time: string) => zonedInstant(date, time, newYork.timezone);
const timer = (fields: Partial<ScreenTimer> & Pick<ScreenTimer, 'id' | 'slide'>): ScreenTimer =>
  ({ durationSeconds: 15, sortOrder: 0, active: true, priority: 0, ...fields }) as ScreenTimer;

const play = (timers: ScreenTimer[], now: Date, contentAvailability = {}) => buildPlaylist({ timers, now, place: newYork, days, contentAvailability });

describe('the slide rotation', () => {
  const timers = [
    timer({ id: 'zmanim', slide: 'zmanim', sortOrder: 2, durationSeconds: 20 }),
    timer({ id: 'times', slide: 'prayerTimes', sortOrder: 1, title: 'Times' }),
    timer({ id: 'off', slide: 'omer', active: false }),
    timer({ id: 'shabbat', slide: 'torahReading', sortOrder: 3, dayKinds: ['shabbat'] }),
    timer({ id: 'morning', slide: 'shiurim', sortOrder: 4, start: { kind: 'fixed', time: '08:00' }, end: { kind: 'fixed', time: '12:00' } }),
  ];

  it('plays the active slides of the day in sortOrder, with their durations', () => {
    const p = play(timers, at('2026-03-24', '07:00'));
    expect(p.slides).toEqual([
      { id: 'times', kind: 'prayerTimes', title: 'Times', durationSeconds: 15 },
      { id: 'zmanim', kind: 'zmanim', durationSeconds: 20 },
    ]);
    expect(p.takeover).toBeUndefined();
  });

  it('adds a slide inside its window and says when the window opens', () => {
    expect(play(timers, at('2026-03-24', '07:00')).validUntil).toEqual(at('2026-03-24', '08:00'));
    const p = play(timers, at('2026-03-24', '09:00'));
    expect(p.slides.map((s) => s.id)).toEqual(['times', 'zmanim', 'morning']);
    expect(p.validUntil).toEqual(at('2026-03-24', '12:00'));
  });

  it('plays a Shabbat-only slide on Shabbat and changes at midnight', () => {
    expect(play(timers, at('2026-03-28', '13:00')).slides.map((s) => s.id)).toEqual(['times', 'zmanim', 'shabbat']);
    expect(play(timers, at('2026-03-28', '13:00')).validUntil).toEqual(startOfLocalDay('2026-03-29', newYork.timezone));
  });

  it('skips a slide with nothing to show, and a custom slide with no text, html or image', () => {
    const p = play(
      [...timers, timer({ id: 'blank', slide: 'custom' }), timer({ id: 'notice', slide: 'custom', text: 'Kiddush in the hall' })],
      at('2026-03-24', '07:00'),
      { zmanim: false },
    );
    expect(p.slides.map((s) => s.id)).toEqual(['notice', 'times']);
  });

  it('opens a window relative to zmanim: from plag hamincha to tzeit', () => {
    const evening = timer({
      id: 'evening',
      slide: 'holiday',
      start: { kind: 'zman', zman: 'plagHaMincha', offsetMinutes: 0 },
      end: { kind: 'zman', zman: 'tzeit', offsetMinutes: 0 },
    });
    const z = days('2026-03-24').zmanim.times;
    const plagMinute = new Date(Math.floor(z.plagHaMincha!.getTime() / 60_000) * 60_000);
    expect(play([evening], new Date(plagMinute.getTime() - 1)).slides).toEqual([]);
    expect(play([evening], new Date(plagMinute.getTime() - 1)).validUntil).toEqual(plagMinute);
    expect(play([evening], plagMinute).slides.map((s) => s.id)).toEqual(['evening']);
  });

  it('runs a window past midnight when it ends before it starts (tzeit to 01:00)', () => {
    const night = timer({
      id: 'night',
      slide: 'dailyLearning',
      start: { kind: 'zman', zman: 'tzeit', offsetMinutes: 0 },
      end: { kind: 'fixed', time: '01:00' },
    });
    expect(play([night], at('2026-03-25', '00:30')).slides.map((s) => s.id)).toEqual(['night']);
    expect(play([night], at('2026-03-25', '00:30')).validUntil).toEqual(at('2026-03-25', '01:00'));
    expect(play([night], at('2026-03-25', '01:30')).slides).toEqual([]);
  });
});

describe('takeovers', () => {
  const countdown = timer({ id: 'countdown', slide: 'candleCountdown', priority: 5, takeover: { before: 'candleLighting', minutes: 30 } });
  const friday = '2026-03-27';
  const candles = () => days(friday).zmanim.times.candleLighting!;

  it('takes over the last 30 minutes before candle lighting on Friday, and not before', () => {
    const early = play([countdown, timer({ id: 'times', slide: 'prayerTimes' })], new Date(candles().getTime() - 40 * 60_000));
    expect(early.takeover).toBeUndefined();
    expect(early.slides.map((s) => s.id)).toEqual(['times']);
    expect(early.validUntil).toEqual(new Date(candles().getTime() - 30 * 60_000));
    const late = play([countdown], new Date(candles().getTime() - 10 * 60_000));
    expect(late.takeover).toMatchObject({ id: 'countdown', kind: 'candleCountdown', zman: 'candleLighting', until: candles() });
    expect(late.validUntil).toEqual(candles());
  });

  it('counts down even when the rotation has no countdown content of its own', () => {
    expect(play([countdown], new Date(candles().getTime() - 10 * 60_000), { candleCountdown: false }).takeover?.id).toBe('countdown');
  });

  it('has no takeover on a day without candle lighting', () => {
    expect(play([countdown], at('2026-03-24', '18:50')).takeover).toBeUndefined();
  });

  it('lets the highest priority win when two take over at once', () => {
    const shofar = timer({ id: 'sunset', slide: 'custom', text: 'Sunset soon', priority: 9, takeover: { before: 'sunset', minutes: 60 } });
    expect(play([countdown, shofar], new Date(candles().getTime() - 5 * 60_000)).takeover?.id).toBe('sunset');
  });
});
