import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../cloud-sync/protocol/commands.js';
import { openCache } from '../cache/open-cache.js';
import { VirtualClock } from '../clock.js';
import type { CommandEffects } from './command-effects.js';
import { CommandBus } from './command-bus.js';

const start = new Date('2026-03-01T10:00:00Z');
let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bus-'));
  file = path.join(dir, 'cache.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A small local device: the screen's power and a log, plus a count of each effect. */
function localDevice(overrides: Partial<CommandEffects> = {}) {
  const calls: string[] = [];
  const state = { display: 'on', log: ['{"msg":"boot"}', '{"msg":"paired","password":"hunter2"}'] };
  const effects: CommandEffects = {
    reloadDisplay: async () => void calls.push('reloadDisplay'),
    restartApp: async () => void calls.push('restartApp'),
    reboot: async () => void calls.push('reboot'),
    syncNow: async () => (calls.push('syncNow'), { appliedEtag: '"e1"' }),
    captureScreenshot: async () => (calls.push('captureScreenshot'), new Uint8Array([1, 2, 3])),
    uploadScreenshot: async () => (calls.push('uploadScreenshot'), 'shot-1'),
    applySettings: async () => void calls.push('applySettings'),
    setDisplayPower: async (on) => void (calls.push('setDisplayPower'), (state.display = on ? 'on' : 'off')),
    identify: async () => void calls.push('identify'),
    readLogLines: async (n) => (calls.push('readLogLines'), state.log.slice(-n)),
    clearCacheAndResync: async () => (calls.push('clearCacheAndResync'), { appliedEtag: null }),
    updateSoftware: async (params) => (calls.push('updateSoftware'), { version: params.version }),
    ...overrides,
  };
  return { calls, state, effects };
}

function setup(clock: VirtualClock, effects: CommandEffects, db = openCache(file, start).db) {
  const results: CommandResult[] = [];
  const events: string[] = [];
  const bus = new CommandBus({ db, clock, effects, outlet: { sendResult: (r) => results.push(r), sendEvent: (kind) => events.push(kind) } });
  bus.start();
  return { bus, results, events, db };
}

function command(id: string, type: string, params: unknown = {}) {
  return JSON.stringify({ id, type, params, issuedAt: '2026-03-01T09:59:00Z', expiresAt: '2026-03-01T11:00:00Z' });
}

describe('CommandBus', () => {
  it('turns the display off once and reports accepted then succeeded', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice();
    const { bus, results } = setup(clock, device.effects);
    bus.handle(command('c-1', 'display-power', { on: false }));
    await bus.idle();
    expect(device.state.display).toBe('off');
    expect(results.map((r) => r.status)).toEqual(['accepted', 'succeeded']);
    expect(results[1]).toMatchObject({ output: { display: 'off' } });
    expect(bus.recent(5)).toMatchObject([{ id: 'c-1', status: 'succeeded' }]);
  });

  it('asks the link to republish the retained status after the display switches', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice();
    let refreshed = 0;
    const bus = new CommandBus({
      db: openCache(file, start).db,
      clock,
      effects: device.effects,
      outlet: { sendResult: () => {}, sendEvent: () => {}, refreshStatus: () => refreshed++ },
    });
    bus.start();
    bus.handle(command('c-p', 'display-power', { on: false }));
    bus.handle(command('c-i', 'identify', { seconds: 1 }));
    await bus.idle();
    expect(refreshed).toBe(1);
  });

  it('runs an id once even when it arrives again after a restart of the process', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice();
    const first = setup(clock, device.effects);
    first.bus.handle(command('c-1', 'sync-now'));
    first.bus.handle(command('c-1', 'sync-now'));
    await first.bus.idle();
    first.db.close();
    const second = setup(clock, device.effects, openCache(file, start).db);
    second.bus.handle(command('c-1', 'sync-now'));
    await second.bus.idle();
    expect(device.calls).toEqual(['syncNow']);
    expect(first.events).toEqual(['command.duplicate']);
    expect(second.results).toMatchObject([{ id: 'c-1', status: 'succeeded', repeat: true }]);
  });

  it('settles a reboot that interrupted itself as succeeded on the next start, without rebooting again', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice({ reboot: () => new Promise<void>(() => {}) });
    const first = setup(clock, device.effects);
    first.bus.handle(command('c-r', 'reboot'));
    first.db.close();
    const second = setup(clock, device.effects, openCache(file, start).db);
    expect(second.results).toMatchObject([{ id: 'c-r', status: 'succeeded', output: { restarted: true } }]);
    second.bus.handle(command('c-r', 'reboot'));
    expect(second.results.at(-1)).toMatchObject({ status: 'succeeded', repeat: true });
  });

  it('reports a failing effect as failed with its message', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice({ syncNow: async () => Promise.reject(new Error('gateway answered 503; will retry at the next sync')) });
    const { bus, results } = setup(clock, device.effects);
    bus.handle(command('c-2', 'sync-now'));
    await bus.idle();
    expect(results.at(-1)).toMatchObject({ status: 'failed', reason: 'gateway answered 503; will retry at the next sync' });
  });

  it('gives up on an effect that never finishes, after the timeout', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice({ reloadDisplay: () => new Promise<void>(() => {}) });
    const { bus, results } = setup(clock, device.effects);
    bus.handle(command('c-3', 'reload-display'));
    clock.advanceBy(120_001);
    await bus.idle();
    expect(results.at(-1)).toMatchObject({ status: 'failed', reason: expect.stringContaining('did not finish within 120 s') });
  });

  it('fails a screenshot that is not a PNG instead of uploading garbage', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice();
    const { bus, results } = setup(clock, device.effects);
    bus.handle(command('c-4', 'screenshot'));
    await bus.idle();
    expect(results.at(-1)).toMatchObject({ status: 'failed', reason: expect.stringContaining('PNG') });
    expect(device.calls).not.toContain('uploadScreenshot');
  });

  it('collects the last lines of the log with secrets masked', async () => {
    const clock = new VirtualClock(start);
    const device = localDevice();
    const { bus, results } = setup(clock, device.effects);
    bus.handle(command('c-5', 'collect-logs', { lines: 1 }));
    await bus.idle();
    expect(results.at(-1)).toMatchObject({ status: 'succeeded', output: { lines: ['{"msg":"paired","password":"[redacted]"}'], truncated: false } });
  });

  it('ignores commands before start, so nothing runs half-wired', () => {
    const clock = new VirtualClock(start);
    const device = localDevice();
    const results: CommandResult[] = [];
    const bus = new CommandBus({
      db: openCache(file, start).db,
      clock,
      effects: device.effects,
      outlet: { sendResult: (r) => results.push(r), sendEvent: () => {} },
    });
    bus.handle(command('c-6', 'reboot'));
    expect(results).toEqual([]);
    expect(device.calls).toEqual([]);
  });
});
