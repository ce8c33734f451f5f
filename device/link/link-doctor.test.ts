import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../cache/open-cache.js';
import { VirtualClock } from '../clock.js';
import { CommandBus } from '../commands/command-bus.js';
import type { CommandEffects } from '../commands/command-effects.js';
import { DeviceLink } from './device-link.js';
import { linkDoctor } from './link-doctor.js';

const now = new Date('2026-03-01T10:00:00Z');
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-doctor-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('linkDoctor', () => {
  it('shows the outbox depth, drops and the last commands from the cache alone', async () => {
    const { db } = openCache(path.join(dir, 'cache.db'), now);
    const clock = new VirtualClock(now);
    const link = new DeviceLink(
      { url: 'mqtt://127.0.0.1:1', deviceId: 'd1', password: 'secret-pw', outboxMaxItems: 2 },
      { db, clock, statusFacts: () => ({ appVersion: '0.1.0', appliedEtag: null, display: 'on', shell: 'browser', uptimeSeconds: 1 }) },
    );
    for (let n = 1; n <= 3; n++) link.sendEvent('test.event', { n });
    const bus = new CommandBus({ db, clock, effects: { syncNow: async () => ({ appliedEtag: null }) } as CommandEffects, outlet: link });
    bus.start();
    bus.handle(JSON.stringify({ id: 'c-1', type: 'sync-now', issuedAt: now.toISOString(), expiresAt: '2026-03-01T11:00:00Z' }));
    bus.handle(JSON.stringify({ id: 'c-2', type: 'warp', issuedAt: now.toISOString(), expiresAt: '2026-03-01T11:00:00Z' }));
    await bus.idle();

    const report = linkDoctor(db, link);
    // Three events and three offline command results through a two-item outbox: four dropped, oldest first.
    expect(report.outbox).toMatchObject({ depth: 2, dropped: 4 });
    expect(report.lastCommands.map((c) => [c.id, c.status])).toEqual([
      ['c-2', 'rejected'],
      ['c-1', 'succeeded'],
    ]);
    expect(report.live).toMatchObject({ state: 'idle', broker: 'mqtt://127.0.0.1:1', deviceId: 'd1' });
    expect(JSON.stringify(report)).not.toContain('secret-pw');
    expect(linkDoctor(db).live).toBeNull();
  });
});
