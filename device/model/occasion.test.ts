import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../cache/open-cache.js';
import { applyTargetState, readSnapshot } from '../cache/target-state-store.js';
import { demoTargetState } from '../demo/demo-state.js';
import type { TargetStateInput } from '../../cloud-sync/protocol/target-state.js';
import { buildDisplayModel } from './build-display-model.js';
import { DisplayModel } from './display-model.js';

/** The demo shul in Jerusalem (sea level, 40-minute candles) at `now`, after `edit`. */
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

const rows = (model: DisplayModel) => (model.occasion?.rows ?? []).map((r) => [r.label, r.note ?? '', r.time, r.state]);

describe('the standing panel on Chanukah', () => {
  it('counts the first night after nightfall as one candle, lit on Friday before the Shabbat candles (24 Kislev 5787)', () => {
    const model = modelAt(new Date('2026-12-04T17:00:00Z')); // Friday 19:00
    expect(model.header.holidays[0]).toBe('חֲנוּכָּה: יוֹם א׳');
    expect(model.occasion?.title).toBe('חֲנוּכָּה: יוֹם א׳');
    // Debian hebcal -c -E -C Jerusalem 12 2026: Candle lighting 15:54 on 12/4.
    expect(rows(model)).toEqual([
      ['הדלקת נרות חנוכה', 'נר ראשון · לפני נרות שבת', '15:54', 'past'],
      ['הדלקת נרות', '', '15:54', 'past'],
    ]);
  });

  it('calls Shabbat morning the first day, and gives tonight’s two candles after havdalah', () => {
    const model = modelAt(new Date('2026-12-05T08:00:00Z'));
    expect(model.header.holidays).toEqual(['חֲנוּכָּה: יוֹם א׳', 'שַׁבַּת חֲנוּכָּה', 'שַׁבַּת מְבָרְכִים חוֹדֶשׁ טֵבֵת']);
    expect(rows(model)).toEqual([
      ['הדלקת נרות חנוכה', 'נר שני · אחרי הבדלה', '17:14', 'next'],
      ['הבדלה', '', '17:14', 'upcoming'],
    ]);
  });

  it('lights the weekday candles at tzeit, or at the time the synagogue chose, and changes the wall then', () => {
    const evening = new Date('2026-12-06T14:50:00Z'); // Sunday 16:50, after sunset: the third night
    const model = modelAt(evening);
    expect(model.occasion?.title).toBe('חֲנוּכָּה: יוֹם ג׳');
    expect(rows(model)).toEqual([['הדלקת נרות חנוכה', 'נר שלישי', '17:14', 'next']]);
    expect(model.validUntilBecause).toContain('occasion:chanukahCandles');
    const atSunset = modelAt(evening, (state) => {
      state.settings.chanukahCandleLighting = { kind: 'zman', zman: 'sunset', offsetMinutes: 0 };
    });
    // Sea-level sunset at the demo's coordinates (Debian hebcal's Jerusalem, a little east, says 16:34).
    expect(rows(atSunset)).toEqual([['הדלקת נרות חנוכה', 'נר שלישי', '16:35', 'past']]);
  });

  it('speaks English on an English wall', () => {
    const model = modelAt(new Date('2026-12-06T14:50:00Z'), (state) => {
      state.settings.language = 'en';
    });
    expect(model.header.holidays).toEqual(['Chanukah: 3rd Day']);
    expect(rows(model)).toEqual([['Chanukah candles', '3rd night · 3 candles', '17:14', 'next']]);
  });
});

describe('the standing panel on erev Pesach', () => {
  const morning = new Date('2026-04-01T06:00:00Z'); // Wednesday 09:00, 14 Nisan 5786

  it('gives the end of eating and of burning chametz by the Magen Avraham and the GRA, then candle lighting', () => {
    const model = modelAt(morning);
    expect(model.occasion?.title).toBe('עֶרֶב פֶּסַח');
    expect(rows(model)).toEqual([
      ['סוף זמן אכילת חמץ', 'מג״א', '10:14', 'next'],
      ['סוף זמן אכילת חמץ', 'גר״א', '10:38', 'upcoming'],
      ['סוף זמן שריפת חמץ', 'מג״א', '11:28', 'upcoming'],
      ['סוף זמן שריפת חמץ', 'גר״א', '11:40', 'upcoming'],
      // Debian hebcal -c -E -C Jerusalem 4 2026: Candle lighting 18:18 on 4/1.
      ['הדלקת נרות', '', '18:18', 'upcoming'],
    ]);
  });

  it('shows only the reckoning the synagogue chose', () => {
    const model = modelAt(morning, (state) => {
      state.settings.chametzTimes = 'gra';
    });
    expect(rows(model).map((r) => r[1])).toEqual(['גר״א', 'גר״א', '']);
  });

  it('burns on Friday and eats until the fourth hour of Shabbat when erev Pesach is Shabbat (5785)', () => {
    const friday = modelAt(new Date('2025-04-11T05:00:00Z'));
    expect(rows(friday).map((r) => [r[0], r[1]])).toEqual([
      ['סוף זמן שריפת חמץ', 'מג״א'],
      ['סוף זמן שריפת חמץ', 'גר״א'],
      ['הדלקת נרות', ''],
      ['סוף זמן אכילת חמץ', 'מג״א · מחר'],
      ['סוף זמן אכילת חמץ', 'גר״א · מחר'],
    ]);
    const shabbat = modelAt(new Date('2025-04-12T05:00:00Z'));
    expect(rows(shabbat).map((r) => r[0])).toEqual(['סוף זמן אכילת חמץ', 'סוף זמן אכילת חמץ', 'סוף זמן ביטול חמץ', 'סוף זמן ביטול חמץ', 'הדלקת נרות']);
    expect(rows(shabbat).at(-1)?.[1]).toBe('לא לפני צאת הכוכבים, מאש קיימת');
  });
});

describe('the standing panel on a fast', () => {
  it("shows Tish'a B'Av from the afternoon before: it begins at sunset and ends tomorrow night", () => {
    const model = modelAt(new Date('2026-07-22T12:00:00Z'));
    expect(model.occasion?.title).toBe('תִּשְׁעָה בְּאָב');
    expect(rows(model)).toEqual([
      ['תחילת הצום', '', '19:42', 'next'],
      ['סוף הצום', 'מחר', '20:11', 'upcoming'],
    ]);
  });

  it('keeps the end of the fast on the wall after sunset, until the fast is over', () => {
    const model = modelAt(new Date('2026-07-23T16:55:00Z'));
    expect(rows(model)).toEqual([
      ['תחילת הצום', 'אתמול', '19:42', 'past'],
      ['סוף הצום', '', '20:11', 'next'],
    ]);
    expect(modelAt(new Date('2026-07-23T17:12:00Z')).occasion).toBeUndefined();
  });

  it('shows a minor fast from dawn to its end, 15 minutes after sunset in Israel (Tzom Gedaliah, 14 Sept 2026)', () => {
    const model = modelAt(new Date('2026-09-14T09:00:00Z'));
    expect(model.occasion?.title).toBe('צוֹם גְּדַלְיָה');
    expect(rows(model).map((r) => [r[0], r[3]])).toEqual([
      ['תחילת הצום', 'past'],
      ['סוף הצום', 'next'],
    ]);
  });

  it('begins Yom Kippur on its eve with candle lighting, and ends it once (no second havdalah row)', () => {
    const eve = modelAt(new Date('2026-09-20T10:00:00Z'));
    expect(eve.occasion?.title).toBe('יוֹם כִּפּוּר');
    expect(rows(eve).map((r) => r[0])).toEqual(['הדלקת נרות', 'תחילת הצום', 'סוף הצום']);
    const day = modelAt(new Date('2026-09-21T10:00:00Z'));
    expect(rows(day).map((r) => r[0])).toEqual(['תחילת הצום', 'סוף הצום']);
  });
});
