import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepModels } from '../cache/shown-model.js';
import { VirtualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import type { DisplayModel } from '../model/display-model.js';
import { Runtime } from '../runtime.js';
import { DEFAULT_PORT } from '../start-flags.js';
import type { DisplayServer } from './display-server.js';
import { earlyWallPlace, sameAs, startEarlyWall } from './early-wall.js';

const NOW = new Date('2026-11-26T10:00:00Z');
const RELEASE = '1.4.0';
const LOGO = 'a'.repeat(64);
let dir: string;
let server: DisplayServer | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-early-wall-'));
});
afterEach(async () => {
  await server?.stop();
  server = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('where a start serves its wall, before the config is loaded', () => {
  it('reads the port from the flag, the environment, config.json, or the default, in that order', () => {
    const env = { LUACH_DATA_DIR: dir };
    expect(earlyWallPlace({}, env)).toEqual({ dataDir: dir, cacheFile: path.join(dir, 'cache.sqlite'), port: DEFAULT_PORT });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ port: 9001 }));
    expect(earlyWallPlace({}, env)?.port).toBe(9001);
    expect(earlyWallPlace({}, { ...env, LUACH_PORT: '9002' })?.port).toBe(9002);
    expect(earlyWallPlace({ port: '0' }, { ...env, LUACH_PORT: '9002' })?.port).toBe(0);
    expect(earlyWallPlace({ data: path.join(dir, 'other') }, env)?.cacheFile).toBe(path.join(dir, 'other', 'cache.sqlite'));
  });

  it('steps aside for a standalone screen and for a config.json it cannot read plainly (the config load says why)', () => {
    const env = { LUACH_DATA_DIR: dir };
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ standalone: { port: 8080 } }));
    expect(earlyWallPlace({}, env)).toBeNull();
    fs.writeFileSync(config, '{"port": 90');
    expect(earlyWallPlace({}, env)).toBeNull();
    fs.writeFileSync(config, JSON.stringify({ port: 'eighty' }));
    expect(earlyWallPlace({}, env)).toBeNull();
    fs.writeFileSync(config, JSON.stringify({ standalone: false }));
    expect(earlyWallPlace({}, env)).not.toBeNull();
  });

  it('is checked against the loaded config', () => {
    const place = earlyWallPlace({ port: '9005' }, { LUACH_DATA_DIR: dir })!;
    const config = loadConfig({ dataDir: dir, port: 9005, env: {} });
    expect(sameAs(place, config)).toBe(true);
    expect(sameAs(place, { ...config, port: 9006 })).toBe(false);
    expect(sameAs(place, { ...config, standalone: { port: 8080, announce: false } })).toBe(false);
  });
});

describe('the early wall', () => {
  /** A cache that keeps the model a running device showed, with a logo it held. */
  function keptModel(): DisplayModel {
    const runtime = new Runtime({
      config: loadConfig({ dataDir: dir, env: {} }),
      clock: new VirtualClock(NOW),
      logger: pino({ level: 'silent' }),
      clockTrust: () => ({ verified: false, reason: 'test' }),
    });
    runtime.start();
    runtime.setOnline(true);
    const model = { ...runtime.current(), header: { ...runtime.current().header, logoUrl: `media/${LOGO}` } };
    keepModels(runtime.database, RELEASE, [{ model, media: [{ sha256: LOGO, mimeType: 'image/png' }] }], { replace: true, now: NOW });
    runtime.stop();
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', LOGO), 'logo bytes');
    return model;
  }

  const options = () => ({ ...earlyWallPlace({ port: '0' }, { LUACH_DATA_DIR: dir })!, appVersion: RELEASE, now: NOW });

  it('serves the kept model at once, knowing nothing yet of the link and judging the clock as a fresh start does', async () => {
    const kept = keptModel();
    server = await startEarlyWall(options());
    expect(server).not.toBeNull();
    const served = (await (await fetch(new URL('model.json', server!.url))).json()) as DisplayModel;
    expect(served.header).toEqual(kept.header);
    expect(served.todayPrayerTimes).toEqual(kept.todayPrayerTimes);
    expect(served.status.online).toBeNull();
    expect(served.status.clockVerified).toBe(true);
    const logo = await fetch(new URL(`media/${LOGO}`, server!.url));
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(await logo.text()).toBe('logo bytes');
    expect((await fetch(new URL(`media/${'b'.repeat(64)}`, server!.url))).status).toBe(404);
    expect((await fetch(new URL('%E0%A4%A', server!.url))).status).toBe(400);
  });

  it('hands its page to the device: every open page is sent the device’s own model', async () => {
    keptModel();
    server = await startEarlyWall(options());
    const events = await fetch(new URL('events', server!.url));
    const reader = events.body!.getReader();
    const read = async () => new TextDecoder().decode((await reader.read()).value);
    expect(await read()).toContain('event: model');
    const served = (await (await fetch(new URL('model.json', server!.url))).json()) as DisplayModel;
    const next: DisplayModel = { ...served, generatedAt: '2026-11-26T10:00:01.000Z' };
    server!.adopt({ feed: { current: () => next, subscribe: () => () => {} }, logger: pino({ level: 'silent' }) });
    const frame = await read();
    expect(frame).toContain('2026-11-26T10:00:01.000Z');
    expect(((await (await fetch(new URL('model.json', server!.url))).json()) as DisplayModel).generatedAt).toBe(next.generatedAt);
    await reader.cancel();
  });

  it('does not start without a model to show, or on a port another holds', async () => {
    expect(await startEarlyWall(options())).toBeNull();
    keptModel();
    expect(await startEarlyWall({ ...options(), appVersion: '1.4.1' })).toBeNull();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      expect(await startEarlyWall({ ...options(), port: (holder.address() as net.AddressInfo).port })).toBeNull();
    } finally {
      holder.close();
    }
  });
});
