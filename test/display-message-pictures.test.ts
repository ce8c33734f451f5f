// A message's picture (a simcha, a poster) on the wall: above its words on the messages slide and
// in an urgent message that takes the stage, drawn whole; a picture that cannot be drawn is taken
// away, so the message still shows and no broken image ever does.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageItem } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { picture } from './support/media-samples.js';
import { currentSlide, cutOffText, everyKindModel, openWall, serveModels, settled, withSlides } from './support/model-server.js';

let browser: Browser;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-message-pictures-'));
const files = new Map<string, { file: string; mimeType: string }>();
let good = '';
// A file the device holds under its hash whose bytes are not a picture: what a corrupted card would give.
let corrupt = '';

beforeAll(async () => {
  browser = await launchChromium();
  const hold = (bytes: Buffer, mimeType: string) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    fs.writeFileSync(path.join(dir, sha256), bytes);
    files.set(sha256, { file: path.join(dir, sha256), mimeType });
    return `/media/${sha256}`;
  };
  good = hold(await picture(1200, 800, 'png', '#2f7d4f'), 'image/png');
  corrupt = hold(Buffer.from('not a picture at all'), 'image/png');
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const media = { lookup: (sha256: string) => files.get(sha256) };
const message = (id: string, title: string, imageUrl?: string): MessageItem => ({
  id,
  title,
  body: `${title}: כל הקהל מוזמן להשתתף ולשמוח יחד עם המשפחה.`,
  urgent: false,
  priority: 1,
  ...(imageUrl ? { imageUrl } : {}),
});

/** Every picture on the wall: where it comes from, whether it is drawn, and its box. */
const pictures = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.images)
      .filter((img) => !img.closest('.leaving') && img.getAttribute('src'))
      .map((img) => ({
        src: new URL(img.src).pathname,
        className: img.className,
        drawn: img.complete && img.naturalWidth > 0,
        height: img.getBoundingClientRect().height,
      })),
  );

describe('a message with a picture', () => {
  it('shows the picture above its words on the messages slide, and a message whose picture is broken shows without it', async () => {
    const model = everyKindModel({ language: 'he' });
    const slide = {
      id: 'messages',
      kind: 'messages' as const,
      title: 'הודעות',
      durationSeconds: 12,
      entries: [message('m-simcha', 'שמחה', good), message('m-broken', 'שיעור', corrupt)],
    };
    const server = await serveModels(withSlides(model, [slide]), undefined, media);
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      await expect.poll(() => pictures(page)).toEqual([{ src: good, className: 'message-image', drawn: true, height: expect.any(Number) }]);
      const card = currentSlide(page).locator('.message-card', { hasText: 'שמחה' });
      const [img, title] = [(await card.locator('.message-image').boundingBox())!, (await card.locator('.name').boundingBox())!];
      expect(img.height).toBeGreaterThan(1080 * 0.1);
      expect(img.y + img.height).toBeLessThanOrEqual(title.y + 1);
      // The message whose file is not a picture is on the wall, whole, without an image.
      await expect.poll(() => currentSlide(page).locator('.message-card', { hasText: 'שיעור' }).locator('.body').isVisible()).toBe(true);
      expect(await currentSlide(page).locator('.message-card', { hasText: 'שיעור' }).locator('img').count()).toBe(0);
      await settled(page);
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('shows an urgent message’s picture on the stage, with today’s prayers still in view', async () => {
    const model = everyKindModel({ language: 'en' });
    const urgent: MessageItem = {
      ...message('m-urgent', 'Road closed', good),
      body: 'The road to the synagogue is closed this morning; please use the side gate.',
      urgent: true,
    };
    const server = await serveModels({ ...withSlides(model, [model.slides[0]!]), urgent }, undefined, media);
    const page = await openWall(browser, server.url, { width: 1280, height: 720 });
    try {
      await expect.poll(() => pictures(page)).toEqual([{ src: good, className: 'message-image urgent-image', drawn: true, height: expect.any(Number) }]);
      await settled(page);
      const [img, card, panel] = await Promise.all(['.urgent-image', '.urgent-card', '.panel'].map(async (s) => (await page.locator(s).boundingBox())!));
      expect(img!.height).toBeGreaterThan(720 * 0.1);
      expect(img!.y).toBeGreaterThanOrEqual(card!.y);
      expect(img!.y + img!.height).toBeLessThanOrEqual(card!.y + card!.height);
      expect(await page.locator('.panel .time-row').first().isVisible()).toBe(true);
      expect(panel!.x + panel!.width).toBeLessThanOrEqual(card!.x + 1);
      expect(await page.locator('.urgent-body').innerText()).toContain('side gate');
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
