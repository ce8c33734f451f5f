import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../cache/open-cache.js';
import { applyTargetState, readSnapshot } from '../cache/target-state-store.js';
import { demoTargetState } from '../demo/demo-state.js';
import type { TargetStateInput } from '../../cloud-sync/protocol/target-state.js';
import { buildDisplayModel } from './build-display-model.js';
import { DisplayModel, type SlideOf } from './display-model.js';

function modelAt(now: Date, edit: (state: TargetStateInput) => void = () => {}): DisplayModel {
  const state = demoTargetState(now);
  edit(state);
  const db = new Database(':memory:');
  migrate(db);
  applyTargetState(db, state, { etag: null, source: 'demo', now });
  const model = buildDisplayModel({ snapshot: readSnapshot(db)!, now, clockVerified: true, online: null });
  db.close();
  return DisplayModel.parse(model);
}

/** The demo's rules in a New York shul: two days of yom tov, and an English wall. */
const inNewYork = (state: TargetStateInput) => {
  state.synagogue = { ...state.synagogue, latitude: 40.7128, longitude: -74.006, timezone: 'America/New_York', israel: false, walledCity: false };
  state.settings = { ...state.settings, language: 'en', clock24h: false, candleLightingMinutes: 18 };
};

const sections = (model: DisplayModel) => (model.slides.find((s) => s.kind === 'prayerTimes') as SlideOf<'prayerTimes'> | undefined)?.sections ?? [];
const brief = (model: DisplayModel) => sections(model).map((s) => [s.title, s.rows.map((r) => `${r.label}${r.note ? ` (${r.note})` : ''}`)]);

describe('the schedule of Shabbat and yom tov', () => {
  it('names the yom tov section by the day and lists only its own minyanim (erev Pesach 5786, Jerusalem)', () => {
    const model = modelAt(new Date('2026-04-01T06:00:00Z'));
    expect(brief(model)[0]).toEqual(['פֶּסַח א׳', ['הדלקת נרות', 'מנחה וערבית ערב חג', 'שחרית שבת וחג', 'מנחה שבת וחג', 'ערבית מוצאי שבת וחג', 'הבדלה']]);
    expect(brief(model)[1]![0]).toBe('שַׁבַּת חוֹל הַמּוֹעֵד');
  });

  it('keeps weekday minyanim off the wall on yom tov itself', () => {
    const model = modelAt(new Date('2026-04-02T05:00:00Z')); // Pesach I, 08:00
    expect(model.todayPrayerTimes.map((r) => r.label)).toEqual(['שחרית שבת וחג', 'מנחה שבת וחג', 'ערבית מוצאי שבת וחג']);
  });

  it('lights the second night of yom tov after nightfall from an existing flame, and Shabbat after yom tov before sunset (Shavuot 5786, New York)', () => {
    // Shavuot I is Friday 22 May 2026 and Shavuot II is Shabbat: candles on Thursday, then on Friday before sunset from an existing flame.
    const model = modelAt(new Date('2026-05-20T16:00:00Z'), inNewYork);
    expect(brief(model).map((s) => s[0])).toEqual(['Shavuot I', 'Shabbat · Shavuot II']);
    expect(sections(model)[1]!.rows.find((r) => r.id === 'candleLighting')?.note).toBe('from an existing flame');
    expect(sections(model)[1]!.rows.at(-1)?.id).toBe('havdalah');
  });

  it('lights yom tov after Shabbat only after nightfall (Sukkot 5787: Shabbat Sukkot I, then Sukkot II, New York)', () => {
    const model = modelAt(new Date('2026-09-25T14:00:00Z'), inNewYork);
    expect(brief(model).map((s) => s[0])).toEqual(['Shabbat · Sukkot I', 'Sukkot II']);
    const second = sections(model)[1]!;
    expect(second.rows.find((r) => r.id === 'candleLighting')?.note).toBe('not before nightfall, from an existing flame');
    // Maariv of the second night is on Shabbat's date, at that candle lighting.
    expect(sections(model)[0]!.rows.map((r) => r.id)).toContain('t-maariv-second-night');
    expect(sections(model)[0]!.rows.map((r) => r.id)).not.toContain('havdalah');
  });

  it('names a Shabbat by what it is called', () => {
    expect(brief(modelAt(new Date('2026-12-02T10:00:00Z')))[0]![0]).toBe('שַׁבַּת חֲנוּכָּה · שַׁבַּת מְבָרְכִים חוֹדֶשׁ טֵבֵת');
    expect(brief(modelAt(new Date('2026-03-25T10:00:00Z')))[0]![0]).toBe('שַׁבַּת הַגָּדוֹל');
  });

  it('shows one Shacharit on Rosh Chodesh, the one that stands in for the ordinary minyan', () => {
    const model = modelAt(new Date('2026-11-10T03:00:00Z')); // Tuesday, 30 Cheshvan
    const shacharit = model.todayPrayerTimes.filter((r) => r.label.startsWith('שחרית') && r.label !== 'שחרית ותיקין' && r.label !== 'שחרית מניין ב׳');
    expect(shacharit.map((r) => [r.label, r.time])).toEqual([['שחרית ראש חודש', '06:00']]);
    expect(shacharit[0]!.explanation).toBe('fixed 06:00; in place of t-shacharit-1b');
  });
});
