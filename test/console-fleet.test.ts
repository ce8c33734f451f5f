import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../cloud-sync/console/src/words-en.js';
import { launchChromium } from './support/chromium.js';
import { JERUSALEM } from './support/cloud-api.js';
import { CloudStack } from './support/cloud-stack.js';
import { postJson } from './support/gateway-cloud.js';
import { pairedScreen, type PairedScreen } from './support/paired-screen.js';

// The screens page on a cloud account: the real gateway, Mosquitto with dynamic security, and
// screens paired through the device endpoint and listening on their own broker logins.
const ROOT = path.resolve(import.meta.dirname, '..');
let stack: CloudStack;
let browser: Browser;
let page: Page;
const screens: Record<string, PairedScreen> = {};

const commandsTo = (screen: PairedScreen, type: string) =>
  screen.mqtt.waitFor((m) => m.topic === screen.topics.commands && (m.json as { type?: string }).type === type, 10_000, `${type} to ${screen.deviceId}`);

beforeAll(async () => {
  stack = await CloudStack.start({ staticDir: path.join(ROOT, 'dist', 'console'), displayDir: path.join(ROOT, 'dist', 'display') }, 'console-fleet');
  const synagogueId = (await stack.api.a.post('/synagogues', JERUSALEM)).json.id;
  for (const name of ['Hall', 'Lobby']) screens[name] = await pairedScreen(stack.api.a, stack.broker.url, { name, synagogueId });
  const other = (await stack.api.b.post('/synagogues', { ...JERUSALEM, name: 'היכל שלמה' })).json.id;
  await stack.api.b.post('/devices', { name: 'Other tenant’s screen', synagogueId: other });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
  await page.goto(stack.api.url);
  await page.getByLabel(en.email).fill('gabbai-a@luach.test');
  await page.getByLabel(en.password, { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: en.signIn }).click();
  await page.getByRole('navigation', { name: en.pages }).getByRole('link', { name: en.navScreens }).click();
}, 90_000);
afterAll(async () => {
  for (const screen of Object.values(screens)) await screen.mqtt.client.endAsync();
  await browser?.close();
  await stack?.stop();
});

describe('the screens page', () => {
  it('lists exactly the account’s screens, each with its state in words', async () => {
    const rows = page.locator('main .rows li');
    await expect.poll(() => rows.count()).toBe(2);
    const text = await rows.allInnerTexts();
    expect(text.join('\n')).toContain('Hall');
    expect(text.join('\n')).toContain('Lobby');
    expect(text.join('\n')).not.toContain('Other tenant');
    const states = [en.stateGood, en.stateOffline, en.stateBehind, en.stateTrouble, en.stateDark, en.statePending, en.stateRevoked];
    for (const row of text)
      expect(
        states.filter((state) => row.includes(state)),
        row,
      ).toHaveLength(1);
  });

  it('sends a command to one screen, and to the screens chosen', { timeout: 60_000 }, async () => {
    await page.locator('main .rows li').filter({ hasText: 'Hall' }).getByRole('button').click();
    await page.getByRole('group', { name: en.commands }).getByRole('button', { name: en.command_identify }).click();
    await commandsTo(screens.Hall!, 'identify');
    await page.getByRole('button', { name: en.back }).click();

    await page.getByRole('checkbox', { name: en.chooseScreen.replace('{name}', 'Hall') }).check();
    await page.getByRole('checkbox', { name: en.chooseScreen.replace('{name}', 'Lobby') }).check();
    await page
      .getByRole('group', { name: en.sendToChosen.replace('{count}', '2') })
      .getByRole('button', { name: en.command_reload })
      .click();
    await Promise.all([commandsTo(screens.Hall!, 'reload-display'), commandsTo(screens.Lobby!, 'reload-display')]);
    await page.getByText(en.batchSent.replace('{count}', '2')).waitFor();
  });

  it('adds a screen and shows the code it pairs with', { timeout: 60_000 }, async () => {
    await page.getByLabel(en.screenName).fill('Gallery');
    await page.getByRole('button', { name: en.addScreen, exact: true }).click();
    const code = (await page.locator('.pairing .code').innerText()).trim();
    expect(code).not.toBe('');
    const paired = await postJson(`${stack.api.url}/device/v1/pair`, { code });
    expect(paired.status).toBe(200);
    const devices = (await stack.api.a.get('/devices')).json.items!;
    expect(devices.find((device) => device.name === 'Gallery')).toMatchObject({ status: expect.not.stringMatching(/^pending$/) });
  });
});
