import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../cloud-sync/console/src/words-en.js';
import { he } from '../cloud-sync/console/src/words-he.js';
import { launchChromium } from './support/chromium.js';
import { startStandaloneLuach, type StandaloneLuach } from './support/standalone-luach.js';

// What a gabbai does, end to end, on `luach start --standalone`: the real gateway on SQLite inside
// the device's data directory, the real runtime drawing the real wall in Chromium beside the phone.
const EMAIL = 'gabbai@ohel-yitzchak.test';
const PASSWORD = 'correct horse battery';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-console-journey-'));
let screen: StandaloneLuach;
let browser: Browser;
let wall: Page;

/** A signed-in context's own API calls, as the console makes them (session cookie, CSRF token). */
async function gabbaiApi(context: BrowserContext) {
  const session = await context.request.get(`${screen.consoleUrl}/api/v1/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  return {
    get: async (p: string) => (await context.request.get(`${screen.consoleUrl}/api/v1${p}`)).json() as Promise<Record<string, unknown>>,
    async patch(p: string, body: unknown) {
      const current = await context.request.get(`${screen.consoleUrl}/api/v1${p}`);
      const answer = await context.request.patch(`${screen.consoleUrl}/api/v1${p}`, {
        data: body,
        headers: { 'X-CSRF-Token': csrfToken, 'If-Match': current.headers().etag! },
      });
      if (!answer.ok())
        throw new Error(
          `PATCH ${p}: ${answer.status()} ${await answer.text()}\n${screen.luach
            .output()
            .split('\n')
            .filter((l) => l.includes(`"level":50`))
            .join('\n')}`,
        );
    },
  };
}

const wallTime = (page: Page, ruleId: string) => page.locator(`.panel .time-row[data-id="${ruleId}"] .time`).innerText();

async function signIn(context: BrowserContext, words: typeof en): Promise<Page> {
  const phone = await context.newPage();
  await phone.goto(screen.consoleUrl);
  await phone.getByLabel(words.email).fill(EMAIL);
  await phone.getByLabel(words.password, { exact: true }).fill(PASSWORD);
  await phone.getByRole('button', { name: words.signIn }).click();
  await phone.getByRole('navigation', { name: words.pages }).waitFor();
  return phone;
}

beforeAll(async () => {
  screen = await startStandaloneLuach(path.join(dir, 'data'));
  browser = await launchChromium();
  wall = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await wall.goto(screen.luach.url);
  await wall.locator('.setup-code').waitFor({ timeout: 30_000 });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await screen?.luach.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the first run of a standalone screen', () => {
  it('takes the code the wall shows, refuses a wrong one beside its field, and the phone that enters it sets the password', { timeout: 60_000 }, async () => {
    const code = (await wall.locator('.setup-code').innerText()).replace(/\s/g, '');
    expect(code).toMatch(/^[A-Z0-9]{4}$/);
    await expect.poll(() => wall.locator('.setup-url').innerText()).toMatch(/^http:\/\/.+:\d+\/$/);

    const context = await browser.newContext({ viewport: PHONE, locale: 'he-IL' });
    const phone = await context.newPage();
    await phone.goto(screen.consoleUrl);
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const wrong = code === 'AAAA' ? 'BBBB' : 'AAAA';
    await phone.getByLabel(he.setupCode).fill(wrong);
    await phone.getByLabel(he.email).fill(EMAIL);
    await phone.getByLabel(he.newPassword).fill(PASSWORD);
    await phone.getByRole('button', { name: he.setupDone }).click();
    const codeField = phone.getByLabel(he.setupCode);
    await expect.poll(() => codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await phone.locator('.field-error[data-field="code"]').innerText()).not.toBe('');
    expect(await phone.getByRole('navigation', { name: he.pages }).count()).toBe(0);

    await codeField.fill(code.toLowerCase());
    await phone.getByRole('button', { name: he.setupDone }).click();
    await phone.getByRole('navigation', { name: he.pages }).waitFor();
    // The code leaves the wall: the next person to open the console meets a password.
    await wall.locator('.setup-notice').waitFor({ state: 'hidden', timeout: 10_000 });
    const again = await (await browser.newContext({ viewport: PHONE, locale: 'he-IL' })).newPage();
    await again.goto(screen.consoleUrl);
    await again.getByLabel(he.password, { exact: true }).waitFor();
    expect(await again.getByLabel(he.setupCode).count()).toBe(0);
    await again.context().close();
    await context.close();
  });
});

describe.each([
  { device: 'a phone, in Hebrew', viewport: PHONE, locale: 'he-IL', words: he, city: 'חיפה' },
  { device: 'a desktop, in English', viewport: DESKTOP, locale: 'en-US', words: en, city: 'Tel Aviv' },
])('the gabbai on $device', ({ viewport, locale, words, city }) => {
  it(
    'signs in, sets the city, changes Mincha to 15 minutes before sunset, sees the preview change before saving, and the wall after',
    { timeout: 120_000 },
    async () => {
      const context = await browser.newContext({ viewport, locale });
      const phone = await signIn(context, words);
      const api = await gabbaiApi(context);
      const rules = (await api.get('/prayer-times?limit=200')).items as { id: string; name: string }[];
      const mincha = rules.find((rule) => rule.name === 'מנחה')!;
      // Where this walk starts: Mincha at a fixed 12:00 every day (the wall shows it today, whatever today is).
      await api.patch(`/prayer-times/${mincha.id}`, {
        time: { kind: 'fixed', time: '12:00' },
        rounding: null,
        daysOfWeek: null,
        dayKinds: null,
        excludeDayKinds: null,
      });
      await expect.poll(() => wallTime(wall, mincha.id), { timeout: 15_000 }).toBe('12:00');

      // The synagogue's city, from the bundled list.
      await phone.getByLabel(words.searchCity, { exact: true }).fill(city.slice(0, 3));
      await phone
        .getByRole('option', { name: new RegExp(city) })
        .getByRole('button')
        .click();
      await expect.poll(() => phone.getByTestId('chosen-city').innerText()).toContain(city);
      // The room: a hall, whose back row sits about ten metres away.
      await phone.getByLabel(words.viewingDistance, { exact: true }).selectOption('hall');
      await phone.getByRole('button', { name: words.save, exact: true }).click();
      await expect
        .poll(async () => ((await api.get('/synagogues?limit=10')).items as { city: string; cityEn: string }[])[0])
        .toMatchObject(locale === 'he-IL' ? { city } : { cityEn: city });
      await expect.poll(async () => ((await api.get('/device-settings?limit=10')).items as { viewingDistance: string }[])[0]?.viewingDistance).toBe('hall');
      await expect.poll(() => wall.evaluate(() => document.body.dataset.viewingDistance), { timeout: 15_000 }).toBe('hall');

      // Mincha, said in words.
      await phone.getByRole('navigation', { name: words.pages }).getByRole('link', { name: words.navPrayerTimes }).click();
      await phone
        .locator('.rows li')
        .filter({ has: phone.locator('strong', { hasText: /^מנחה$/ }) })
        .getByRole('button')
        .click();
      await phone.getByLabel(words.timeKind, { exact: true }).selectOption('zman');
      await phone.getByLabel(words.minutes, { exact: true }).fill('15');
      await phone.getByLabel(words.beforeOrAfter, { exact: true }).selectOption('before');
      await phone.getByLabel(words.zman, { exact: true }).selectOption('sunset');
      const sentence = words.minutesBefore.replace('{minutes}', '15').replace('{zman}', words.zman_sunset);
      await expect.poll(() => phone.getByTestId('rule-words').innerText()).toContain(sentence);

      // The coming week says today's new time and why; the preview draws it before anything is saved.
      const today = phone.locator('.week td.week-time').first();
      await expect.poll(() => today.innerText(), { timeout: 15_000 }).toMatch(/^\d\d:\d\d$/);
      const expected = await today.innerText();
      expect(expected).not.toBe('12:00');
      const frame = phone.frameLocator('.preview iframe');
      await expect.poll(() => frame.locator(`.panel .time-row[data-id="${mincha.id}"] .time`).innerText(), { timeout: 15_000 }).toBe(expected);
      expect(await wallTime(wall, mincha.id)).toBe('12:00');

      const saved = Date.now();
      await phone.getByRole('button', { name: words.save, exact: true }).click();
      await expect.poll(() => wallTime(wall, mincha.id), { timeout: 15_000, interval: 50 }).toBe(expected);
      console.log(`console save -> wall (${viewport.width} px): ${Date.now() - saved} ms`);
      await context.close();
    },
  );
});

describe('yahrzeits from a spreadsheet', () => {
  it('shows each bad row with its error and writes nothing; a good file shows its rows, then imports them', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const phone = await signIn(context, en);
    const api = await gabbaiApi(context);
    const total = async () => (await api.get('/yahrzeits?limit=1')).total as number;
    const before = await total();
    await phone.getByRole('navigation', { name: en.pages }).getByRole('link', { name: en.navYahrzeits }).click();
    const bad = ['name,diedOn,afterSunset,hebrewDate', 'Good Row,2001-01-01,no,', ',1999-02-30,maybe,', 'No Date,,,', 'Bad Hebrew,,,Kislev the third'];
    await phone.getByLabel(en.csvChoose).setInputFiles({ name: 'yahrzeits.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
    const refused = phone.getByTestId('csv-refused');
    await refused.waitFor();
    const rows = await refused.locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-row')));
    expect(new Set(rows.map((where) => /^rows\.(\d+)/.exec(where ?? '')?.[1]))).toEqual(new Set(['2', '3', '4']));
    expect(await refused.innerText()).toContain('Row 2, column afterSunset: expected yes or no');
    expect(await phone.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    expect(await total()).toBe(before);

    const good = ['name,diedOn,afterSunset,hebrewDate', 'Reuven ben Yaakov,2001-01-01,no,', 'Leah bat Avraham,,,3 Kislev 5780'];
    await phone.getByLabel(en.csvChoose).setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good.join('\n')) });
    await phone.getByTestId('csv-checked').waitFor();
    expect(await phone.getByTestId('csv-checked').innerText()).toContain('Leah bat Avraham');
    expect(await total()).toBe(before);
    await phone.getByRole('button', { name: en.csvImport.replace('{count}', '2') }).click();
    await expect.poll(total).toBe(before + 2);
    await context.close();
  });
});

describe('every form', () => {
  const FORMS: { page: keyof typeof en; path: string; add?: keyof typeof en; bad?: [keyof typeof en, string] }[] = [
    { page: 'navSynagogue', path: '/synagogues', bad: ['synagogueName', ''] },
    { page: 'navPrayerTimes', path: '/prayer-times', add: 'addRule' },
    { page: 'navMessages', path: '/messages', add: 'addMessage' },
    { page: 'navYahrzeits', path: '/yahrzeits', add: 'addYahrzeit' },
    { page: 'navShiurim', path: '/shiurim', add: 'addShiur' },
    { page: 'navTorah', path: '/torah-honors', add: 'addHonor' },
    { page: 'navSlides', path: '/slides', add: 'addSlide', bad: ['durationSeconds', '-5'] },
  ];
  it('answers bad input with an error beside the field and saves nothing', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const phone = await signIn(context, en);
    const api = await gabbaiApi(context);
    for (const form of FORMS) {
      const before = await api.get(`${form.path}?limit=200`);
      await phone.getByRole('navigation', { name: en.pages }).getByRole('link', { name: en[form.page], exact: true }).click();
      if (form.add) await phone.getByRole('button', { name: en[form.add], exact: true }).click();
      if (form.bad) await phone.getByLabel(en[form.bad[0]], { exact: true }).fill(form.bad[1]);
      await phone.getByRole('button', { name: en.save, exact: true }).click();
      await phone.getByText(en.formRefused).waitFor();
      expect(await phone.locator('[aria-invalid="true"]').count(), form.page).toBeGreaterThan(0);
      expect(await api.get(`${form.path}?limit=200`), form.page).toEqual(before);
      if (form.add) await phone.getByRole('button', { name: en.cancel, exact: true }).click();
    }
    await context.close();
  });
});

describe('Hebrew and English', () => {
  it('reads right to left in Hebrew and left to right in English, and remembers the choice', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'he-IL' });
    const phone = await signIn(context, he);
    const nav = phone.getByRole('navigation', { name: he.pages });
    expect(await phone.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['he', 'rtl']);
    expect(await nav.getByRole('link', { name: he.navPrayerTimes }).count()).toBe(1);
    await phone.getByRole('button', { name: 'English' }).click();
    expect(await phone.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
    await phone.getByRole('navigation', { name: en.pages }).getByRole('link', { name: en.navPrayerTimes }).waitFor();
    await phone.reload();
    await phone.getByRole('navigation', { name: en.pages }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await context.close();
  });
});

describe('accessibility', () => {
  const PAGES = [
    'navSynagogue',
    'navPrayerTimes',
    'navMessages',
    'navYahrzeits',
    'navShiurim',
    'navTorah',
    'navSlides',
    'navScreens',
    'navReleases',
    'navAudit',
  ] as const;
  /** axe's serious and critical findings on the page as it stands: what it is, and where. The preview frame is the wall (display/), not the console. */
  const serious = async (page: Page) =>
    (await new AxeBuilder({ page }).exclude('.preview iframe').analyze()).violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);

  it.each([
    { language: 'Hebrew', locale: 'he-IL', words: he },
    { language: 'English', locale: 'en-US', words: en },
  ])('finds no serious violation on any page, in $language', { timeout: 240_000 }, async ({ locale, words }) => {
    const context = await browser.newContext({ viewport: PHONE, locale });
    const signInPage = await context.newPage();
    await signInPage.goto(screen.consoleUrl);
    await signInPage.getByLabel(words.password, { exact: true }).waitFor();
    expect(await serious(signInPage), 'sign-in').toEqual([]);
    await signInPage.close();
    const phone = await signIn(context, words);
    for (const page of PAGES) {
      await phone.getByRole('navigation', { name: words.pages }).getByRole('link', { name: words[page], exact: true }).click();
      await phone.locator('main h1').first().waitFor();
      await phone.waitForLoadState('networkidle');
      expect(await serious(phone), page).toEqual([]);
    }
    // An editor with its preview beside it.
    await phone.getByRole('navigation', { name: words.pages }).getByRole('link', { name: words.navPrayerTimes, exact: true }).click();
    await phone.getByRole('button', { name: words.addRule, exact: true }).click();
    await phone.waitForLoadState('networkidle');
    expect(await serious(phone), 'prayer-time editor').toEqual([]);
    await context.close();
  });
});

describe('the preview and the phone', () => {
  it('shows the wall at a chosen moment, and takes the synagogue’s place from the phone’s location', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'en-US',
      timezoneId: 'Asia/Jerusalem',
      geolocation: { latitude: 32.0853, longitude: 34.7818 },
      permissions: ['geolocation'],
    });
    const phone = await signIn(context, en);
    const frame = phone.frameLocator('.preview iframe');
    const caption = phone.locator('.preview-caption');

    await phone.getByLabel(en.previewAt).selectOption('friday');
    await expect
      .poll(async () => {
        const at = await caption.getAttribute('data-preview-at');
        return at
          ? new Date(at).toLocaleString('en-US', { timeZone: 'Asia/Jerusalem', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
          : '';
      })
      .toBe('Friday 15:30');
    await phone.getByLabel(en.previewAt).selectOption('chanukah');
    // The wall writes holidays with their vowel points: compare the letters.
    const occasion = async () => (await frame.locator('.occasion').innerText()).replace(/[\u0591-\u05C7]/g, '');
    await expect.poll(occasion, { timeout: 15_000 }).toMatch(/חנוכה/);

    await phone.getByRole('button', { name: en.useMyLocation }).click();
    await phone.getByText(en.located).waitFor();
    expect(await phone.getByLabel(en.latitude, { exact: true }).inputValue()).toBe('32.0853');
    expect(await phone.getByLabel(en.longitude, { exact: true }).inputValue()).toBe('34.7818');
    await context.close();
  });
});
