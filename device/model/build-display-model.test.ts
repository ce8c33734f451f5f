import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../cache/open-cache.js';
import { applyTargetState, readSnapshot } from '../cache/target-state-store.js';
import { demoTargetState } from '../demo/demo-state.js';
import type { TargetStateInput } from '../../cloud-sync/protocol/target-state.js';
import { buildDisplayModel, STALE_AFTER_MS } from './build-display-model.js';
import { DisplayModel } from './display-model.js';
import type { CacheSnapshot } from './snapshot.js';

// Friday 27 November 2026 in Jerusalem; candle lighting (40 min before sea-level sunset) is at 15:55,
// as the published calendars have it (Debian `hebcal -c -E -C Jerusalem 11 2026`: 15:55).
const FRIDAY_NOON = new Date('2026-11-27T10:00:00Z');
/** Wednesday 25 November 2026, 16:40 in Jerusalem: Shabbat's aliyot are posted, Maariv is still to come. */
const WEDNESDAY_EVENING = new Date('2026-11-25T14:40:00Z');

function snapshotOf(state: TargetStateInput, source: 'cloud' | 'demo' = 'demo', appliedAt = FRIDAY_NOON): CacheSnapshot {
  const db = new Database(':memory:');
  migrate(db);
  applyTargetState(db, state, { etag: null, source, now: appliedAt });
  return readSnapshot(db)!;
}

function modelAt(now: Date, edit: (state: TargetStateInput) => void = () => {}, source: 'cloud' | 'demo' = 'demo', appliedAt = FRIDAY_NOON) {
  const state = demoTargetState(FRIDAY_NOON);
  edit(state);
  return DisplayModel.parse(buildDisplayModel({ snapshot: snapshotOf(state, source, appliedAt), now, clockVerified: true, online: null }));
}

describe('buildDisplayModel', () => {
  it('gives a message its picture once the device holds it, and shows the message without one until then', () => {
    const state = demoTargetState(FRIDAY_NOON);
    const messages = state.content!.GeneralMessage as Record<string, unknown>[];
    Object.assign(
      messages.find((m) => m.id === 'm-kiddush')!,
      { imageAssetId: 'asset-kiddush' },
    );
    messages.push({ id: 'm-road', title: 'Road closed', body: 'The road is closed today.', urgent: true, imageAssetId: 'asset-road', priority: 9 });
    const snapshot = snapshotOf(state);
    const build = (media: Map<string, { url: string; video: boolean }>) =>
      DisplayModel.parse(buildDisplayModel({ snapshot, now: FRIDAY_NOON, clockVerified: true, online: null, media }));
    const held = build(
      new Map([
        ['asset-kiddush', { url: '/media/k', video: false }],
        ['asset-road', { url: '/media/r', video: false }],
      ]),
    );
    const onSlide = (model: DisplayModel) => (model.slides.find((s) => s.kind === 'messages') as { entries: { id: string; imageUrl?: string }[] }).entries;
    expect(onSlide(held).find((m) => m.id === 'm-kiddush')?.imageUrl).toBe('/media/k');
    expect(onSlide(held).find((m) => m.id === 'm-welcome')).not.toHaveProperty('imageUrl');
    expect(held.urgent).toMatchObject({ id: 'm-road', imageUrl: '/media/r' });
    // The band carries words only.
    expect(held.ticker.some((m) => 'imageUrl' in m)).toBe(false);
    // Not yet downloaded (or a video where a picture belongs): the message is there, without a picture.
    const missing = build(new Map([['asset-road', { url: '/media/r', video: true }]]));
    expect(onSlide(missing).find((m) => m.id === 'm-kiddush')).not.toHaveProperty('imageUrl');
    expect(missing.urgent).toMatchObject({ id: 'm-road' });
    expect(missing.urgent).not.toHaveProperty('imageUrl');
  });

  it('lists today’s prayer times with how each was computed, the next one highlighted', () => {
    const model = modelAt(FRIDAY_NOON);
    const mincha = model.todayPrayerTimes.find((t) => t.id === 't-mincha-erev-shabbat')!;
    expect(mincha).toMatchObject({ time: '16:05', state: 'next' });
    expect(mincha.explanation).toBe('candle lighting 15:55 + 10 min, rounded nearest to 5 → 16:05');
    expect(model.todayPrayerTimes.filter((t) => t.state === 'next')).toHaveLength(1);
    expect(model.todayPrayerTimes.filter((t) => t.state === 'past').every((t) => Date.parse(t.at) <= FRIDAY_NOON.getTime())).toBe(true);
  });

  it('puts the candle-lighting countdown on the stage in the last 30 minutes, above the Shabbat schedule', () => {
    expect(modelAt(new Date('2026-11-27T13:24:00Z')).takeover).toBeUndefined();
    const model = modelAt(new Date('2026-11-27T13:26:00Z'));
    expect(model.takeover).toMatchObject({ kind: 'candleCountdown', targetTime: '15:55', target: '2026-11-27T13:55:00.000Z' });
    // Beneath it the stage turns the schedule the congregation is about to keep, not the whole rotation.
    expect(model.slides.map((s) => s.kind)).toEqual(['prayerTimes']);
    const schedule = model.slides[0]!;
    expect(schedule.kind === 'prayerTimes' && schedule.sections.map((s) => s.title).join(' ')).toContain('שבת');
    expect(modelAt(new Date('2026-11-27T13:24:00Z')).slides.length).toBeGreaterThan(1);
    expect(modelAt(new Date('2026-11-27T13:55:30Z')).takeover).toBeUndefined();
  });

  it('expires exactly at the next visible change and says what it is', () => {
    const model = modelAt(new Date('2026-11-27T13:00:00Z'));
    expect(model.validUntil).toBe('2026-11-27T13:25:00.000Z');
    expect(model.validUntilBecause).toEqual(['slides']);
  });

  it('lets an urgent message take the stage until it ends, and the whole screen only when marked full-screen', () => {
    const edit = (state: TargetStateInput) => {
      state.content.GeneralMessage = [
        { id: 'flood', title: 'Shul closed', body: 'Flooding in the basement: services in the hall', urgent: true, endsAt: '2026-11-27T12:00:00Z' },
        { id: 'kiddush', body: 'Kiddush after services' },
      ];
    };
    const model = modelAt(FRIDAY_NOON, edit);
    expect(model.urgent).toMatchObject({ id: 'flood', title: 'Shul closed' });
    expect(model.urgent?.fullScreen).toBeUndefined();
    const marked = modelAt(FRIDAY_NOON, (state) => {
      edit(state);
      state.content.GeneralMessage![0]!.fullScreen = true;
    });
    expect(marked.urgent).toMatchObject({ id: 'flood', fullScreen: true });
    expect(model.ticker.map((m) => m.id)).toEqual(['kiddush']);
    expect(model.validUntil <= '2026-11-27T12:00:00.000Z').toBe(true);
    expect(modelAt(new Date('2026-11-27T12:00:00Z'), edit).urgent).toBeUndefined();
  });

  it('skips a slide that has nothing to show instead of showing it empty', () => {
    const model = modelAt(FRIDAY_NOON, (state) => {
      state.content.Hanzch = [];
      state.content.AliyaNotification = [];
    });
    const kinds = model.slides.map((s) => s.kind);
    expect(kinds).not.toContain('yahrzeits');
    expect(kinds).not.toContain('aliyot');
    expect(kinds).toContain('zmanim');
  });

  it('speaks English left to right when the settings say so', () => {
    const model = modelAt(FRIDAY_NOON, (state) => {
      state.settings.language = 'en';
      state.settings.clock24h = false;
    });
    expect(model.locale).toMatchObject({ language: 'en', direction: 'ltr' });
    expect(model.header).toMatchObject({ synagogueName: 'Ohel Yitzchak Synagogue', city: 'Jerusalem' });
    expect(model.slides.find((s) => s.kind === 'dailyLearning')).toMatchObject({
      entries: expect.arrayContaining([expect.objectContaining({ label: 'Mishna Yomi' })]),
    });
    expect(model.header.hebrewDate).toMatch(/Kislev, 5787/);
    expect(model.todayPrayerTimes.find((t) => t.id === 't-mincha-erev-shabbat')).toMatchObject({ label: 'Mincha & Kabbalat Shabbat', time: '4:05 PM' });
  });

  it('shows the gabbai’s texts in English on an English wall, and keeps in Hebrew, marked, what has no English', () => {
    const model = modelAt(WEDNESDAY_EVENING, (state) => {
      state.settings.language = 'en';
      state.content.GeneralMessage!.push({ id: 'm-hebrew-only', body: 'שיעור מיוחד הערב' });
    });
    const ticker = Object.fromEntries(model.ticker.map((m) => [m.id, m]));
    expect(ticker['m-welcome']).toMatchObject({ title: 'Welcome', body: 'Please silence your phone during prayers.' });
    expect(ticker['m-welcome']).not.toHaveProperty('hebrew');
    expect(ticker['m-hebrew-only']).toMatchObject({ body: 'שיעור מיוחד הערב', hebrew: ['body'] });
    const yahrzeits = model.slides.find((s) => s.kind === 'yahrzeits');
    expect(yahrzeits?.kind === 'yahrzeits' && yahrzeits.entries.map((e) => e.name)).toContain('Avraham ben Yaakov Cohen');
    const shiurim = model.slides.find((s) => s.kind === 'shiurim');
    expect(shiurim?.kind === 'shiurim' && shiurim.entries.find((e) => e.id === 's-daf')).toMatchObject({
      title: 'Daf Yomi',
      teacher: 'Rabbi Eliyahu Berger',
      location: 'Beit midrash',
    });
  });

  it('writes each text in Hebrew with its English beneath on a bilingual wall, in Hebrew words and dates', () => {
    const model = modelAt(WEDNESDAY_EVENING, (state) => {
      state.settings.language = 'he+en';
      state.content.GeneralMessage!.push({ id: 'm-hebrew-only', body: 'שיעור מיוחד הערב' });
    });
    expect(model.locale).toMatchObject({ language: 'he', wall: 'he+en', direction: 'rtl' });
    expect(model.header).toMatchObject({ synagogueName: 'בית הכנסת אוהל יצחק', en: { synagogueName: 'Ohel Yitzchak Synagogue', city: 'Jerusalem' } });
    expect(model.header.hebrewDate).not.toMatch(/Kislev/);
    const ticker = Object.fromEntries(model.ticker.map((m) => [m.id, m]));
    expect(ticker['m-welcome']).toMatchObject({ title: 'ברוכים הבאים', en: { title: 'Welcome', body: 'Please silence your phone during prayers.' } });
    expect(ticker['m-hebrew-only']).not.toHaveProperty('en');
    const maariv = model.todayPrayerTimes.find((t) => t.id === 't-maariv')!;
    expect(maariv).toMatchObject({ label: 'ערבית', en: { label: 'Maariv' } });
    // The aliyot are on the wall from Thursday.
    const torah = modelAt(FRIDAY_NOON, (state) => (state.settings.language = 'he+en')).slides.find((s) => s.kind === 'torahReading');
    expect(torah?.kind === 'torahReading' && torah.entries[0]).toMatchObject({
      aliyah: 'כהן',
      personName: 'הרב משה כהן',
      en: { aliyah: 'Kohen', personName: 'Rabbi Moshe Cohen' },
    });
    const aliyot = model.slides.find((s) => s.kind === 'aliyot');
    expect(aliyot?.kind === 'aliyot' && aliyot.entries[0]).toMatchObject({ occasion: 'בר מצווה', en: { occasion: 'Bar mitzvah' } });
    const custom = model.slides.find((s) => s.kind === 'custom');
    expect(custom).toMatchObject({ title: 'קהילה', en: { title: 'Community', html: expect.stringContaining('home study group') } });
  });

  it('shows a Hebrew wall in Hebrew only', () => {
    const model = modelAt(WEDNESDAY_EVENING);
    expect(model.locale.wall).toBe('he');
    expect(JSON.stringify(model)).not.toMatch(/"en":\{|"hebrew":\[/);
    expect(model.ticker.find((m) => m.id === 'm-welcome')).toMatchObject({ title: 'ברוכים הבאים' });
  });

  it('marks cloud data stale a day after the last sync, and changes at that moment', () => {
    const appliedAt = new Date('2026-11-26T10:00:00Z');
    const fresh = modelAt(new Date(appliedAt.getTime() + STALE_AFTER_MS - 60_000), () => {}, 'cloud', appliedAt);
    expect(fresh.status).toMatchObject({ stale: false, source: 'cloud', lastSyncAt: appliedAt.toISOString() });
    expect(Date.parse(fresh.validUntil)).toBeLessThanOrEqual(appliedAt.getTime() + STALE_AFTER_MS + 1);
    expect(modelAt(new Date(appliedAt.getTime() + STALE_AFTER_MS + 60_000), () => {}, 'cloud', appliedAt).status.stale).toBe(true);
  });

  it('shows the coming Shabbat’s schedule with candle lighting and havdalah', () => {
    const slide = modelAt(new Date('2026-11-25T10:00:00Z')).slides.find((s) => s.kind === 'prayerTimes');
    expect(slide?.kind).toBe('prayerTimes');
    const rows = slide?.kind === 'prayerTimes' ? slide.sections[0]!.rows : [];
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(['candleLighting', 'havdalah', 't-shacharit-shabbat', 't-mincha-shabbat']));
    expect(rows.map((r) => r.id)).not.toContain('t-vatikin');
  });

  it('says the clock is not verified when the runtime cannot trust it', () => {
    const state = demoTargetState(FRIDAY_NOON);
    const model = buildDisplayModel({ snapshot: snapshotOf(state), now: FRIDAY_NOON, clockVerified: false, online: false });
    expect(model.status).toMatchObject({ clockVerified: false, online: false });
  });

  it('counts the omer in words from tzeit, in the synagogue’s nusach, with English beside it on an English wall', () => {
    // Monday 20 April 2026: the 18th day was counted last night, the 19th is counted from tzeit.
    const slideAt = (now: Date, edit?: (state: TargetStateInput) => void) => modelAt(now, edit).slides.find((s) => s.kind === 'omer');
    expect(slideAt(new Date('2026-04-20T12:00:00Z'))).toMatchObject({ day: 18, text: 'הַיּוֹם שְׁמוֹנָה עָשָׂר יוֹם, שֶׁהֵם שְׁנֵי שָׁבוּעוֹת וְאַרְבָּעָה יָמִים לָעֽוֹמֶר' });
    const evening = slideAt(new Date('2026-04-20T18:00:00Z'));
    expect(evening).toMatchObject({ day: 19 });
    expect(evening).not.toHaveProperty('translation');
    const sefard = slideAt(new Date('2026-04-20T18:00:00Z'), (state) => {
      state.synagogue.nusach = 'sefard';
      state.settings.language = 'en';
    });
    expect(sefard).toMatchObject({ day: 19, translation: 'Today is 19 days, which are 2 weeks and 5 days of the Omer' });
    expect(sefard?.kind === 'omer' && sefard.text.endsWith('בָּעֽוֹמֶר')).toBe(true);
  });

  it('says how its times are reckoned, at sea level unless the synagogue asks for its elevation', () => {
    expect(modelAt(FRIDAY_NOON).reckoning).toMatchObject({
      sunriseSunset: 'sea level',
      candleLighting: '40 min before sunset',
      purim: expect.stringMatching(/^walled city/),
    });
    const high = modelAt(FRIDAY_NOON, (state) => {
      state.synagogue.useElevation = true;
    });
    expect(high.reckoning?.sunriseSunset).toBe('from the elevation, 780 m');
    expect(high.todayPrayerTimes.find((t) => t.id === 't-mincha-erev-shabbat')?.explanation).toMatch(/^candle lighting 16:0\d/);
  });

  it('moves between slides as the room chose, else as the device detected its screen affords, else smoothly', () => {
    const settingsSay = (transitions: string) => (state: TargetStateInput) => Object.assign(state.settings, { transitions });
    const build = (edit: (state: TargetStateInput) => void, detectedTransitions?: 'smooth' | 'simple' | 'none') => {
      const state = demoTargetState(FRIDAY_NOON);
      edit(state);
      return buildDisplayModel({
        snapshot: snapshotOf(state),
        now: FRIDAY_NOON,
        clockVerified: true,
        online: null,
        ...(detectedTransitions ? { detectedTransitions } : {}),
      });
    };
    expect(build(settingsSay('none'), 'simple').layout.transitions).toBe('none');
    expect(build(settingsSay('smooth'), 'simple').layout.transitions).toBe('smooth');
    expect(build(() => {}, 'simple').layout.transitions).toBe('simple');
    expect(build(() => {}).layout.transitions).toBe('smooth');
  });
});
