import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../device/clock.js';
import { ChromiumKiosk } from '../device/shell/chromium-kiosk.js';
import { profileProcesses } from '../device/shell/profile-processes.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { demoModel, serveModels, WEDNESDAY_AFTERNOON, type ModelServer } from './support/model-server.js';

// The kiosk the Chromium shell opens on a Pi, in Debian's real Chromium (headless here, as there
// is no screen): the page tries to leave the wall, to open a window, and its renderer crashes.
let wall: ModelServer;
let elsewhere: http.Server;
let elsewhereUrl: string;
const elsewhereHits: string[] = [];
const logs: { event?: string; what?: string; url?: string; reason?: string }[] = [];
const relaunches: string[] = [];
let kiosk: ChromiumKiosk;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-kiosk-'));

beforeAll(async () => {
  wall = await serveModels(demoModel(WEDNESDAY_AFTERNOON));
  elsewhere = http.createServer((req, res) => {
    elsewhereHits.push(req.url ?? '');
    res.end('<h1>somewhere else</h1>');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}/`;
  kiosk = new ChromiumKiosk({
    binary: chromiumPath(),
    url: wall.url,
    profileDir: profile,
    logger: pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => done(void logs.push(JSON.parse(String(chunk)))) })),
    clock: systemClock,
    extraArgs: ['--headless=new', ...CHROMIUM_ARGS],
    relaunch: (reason) => relaunches.push(reason),
  });
  await kiosk.start();
  await drawn();
});

/** Until the kiosk's page shows a slide of the wall (a bounded wait). */
async function drawn(): Promise<void> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100)))
    if (await evaluate('document.querySelector(".slide") !== null').catch(() => false)) return;
  throw new Error('the kiosk page never drew the wall');
}
afterAll(async () => {
  await kiosk?.stop();
  await wall?.stop();
  elsewhere?.close();
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

/** The parent of `pid` (from /proc), or 0 once it is gone. */
function parentOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** The profile's processes that are not the running browser or below it: what a dead browser left behind. */
function leftBehind(): number[] {
  const below = (pid: number) => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = parentOf(p), hops++) if (p === kiosk.pid) return true;
    return false;
  };
  return profileProcesses(profile).filter((pid) => !below(pid));
}

/** Run `expression` in the kiosk's page, as a user's click would (with a gesture, so pop-up blocking alone would not stop it). */
async function evaluate(expression: string): Promise<unknown> {
  const session = kiosk.pageSession;
  if (!session) return undefined;
  const { result } = await kiosk.devtools!.send<{ result: { value?: unknown } }>(
    'Runtime.evaluate',
    { expression, userGesture: true, returnByValue: true },
    session,
  );
  return result.value;
}

async function pages(): Promise<string[]> {
  const { targetInfos } = await kiosk.devtools!.send<{ targetInfos: { type: string; url: string }[] }>('Target.getTargets');
  return targetInfos.filter((t) => t.type === 'page').map((t) => t.url);
}

describe('the Chromium kiosk', () => {
  it('stays on the wall when the page navigates elsewhere: nothing is fetched from there and the wall is still drawn', async () => {
    await evaluate(`location.href = ${JSON.stringify(`${elsewhereUrl}leave`)}`);
    await expect.poll(() => logs.some((l) => l.event === 'kiosk.refused' && l.what === 'navigation' && l.url === `${elsewhereUrl}leave`)).toBe(true);
    expect(await evaluate('location.href')).toBe(wall.url);
    expect(await evaluate('document.querySelector(".synagogue-name")?.textContent')).toBe('בית הכנסת אוהל יצחק');
    expect(elsewhereHits).toEqual([]);
  });

  it('closes a window the page opens, before it loads anything', async () => {
    // Opened in the next task, still within the click's activation: the evaluation returns at once.
    await evaluate(`setTimeout(() => window.open(${JSON.stringify(`${elsewhereUrl}popup`)}, '_blank'), 0)`);
    await expect.poll(() => logs.some((l) => l.event === 'kiosk.refused' && l.what === 'window.open')).toBe(true);
    await expect.poll(() => pages()).toEqual([wall.url]);
    expect(elsewhereHits).toEqual([]);
  });

  it('reloads the wall when its renderer crashes, as the renderer watchdog decides', async () => {
    const session = kiosk.pageSession!;
    await kiosk.devtools!.send('Page.crash', {}, session).catch(() => undefined);
    await expect.poll(() => logs.find((l) => l.event === 'kiosk.reload')?.reason, { timeout: 10_000 }).toMatch(/^render process gone/);
    await drawn();
    expect(await evaluate('location.href')).toBe(wall.url);
    expect(relaunches).toEqual([]);
  });

  it('starts Chromium again when it exits', async () => {
    const before = kiosk.devtools;
    process.kill(kiosk.pid!, 'SIGKILL');
    await expect.poll(() => logs.some((l) => l.event === 'kiosk.browser-exited'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => kiosk.devtools !== undefined && kiosk.devtools !== before, { timeout: 10_000 }).toBe(true);
    await drawn();
    // The killed browser's renderer and GPU processes did not outlive it, holding the profile.
    expect(leftBehind()).toEqual([]);
  });

  it('leaves no process of its profile behind when it stops', async () => {
    expect(profileProcesses(profile).length).toBeGreaterThan(1);
    await kiosk.stop();
    expect(profileProcesses(profile)).toEqual([]);
  });
});
