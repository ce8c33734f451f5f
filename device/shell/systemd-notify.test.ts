import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { SystemdNotifier, systemdNotifyArgv, systemdNotifySend, watchdogPingMs } from './systemd-notify.js';

const env = { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '4242' };

describe('sd_notify', () => {
  it('pings at half the watchdog interval, only when the watchdog is meant for this process', () => {
    expect(watchdogPingMs(env, 4242)).toBe(30_000);
    expect(watchdogPingMs(env, 1)).toBeNull();
    expect(watchdogPingMs({ WATCHDOG_USEC: '60000000' }, 1)).toBe(30_000);
    expect(watchdogPingMs({}, 1)).toBeNull();
  });

  it('says READY=1 once, then WATCHDOG=1 every 30 s while healthy, and withholds pings when not', async () => {
    const clock = new VirtualClock(new Date('2026-11-25T03:00:00Z'));
    const sent: Record<string, string>[] = [];
    let healthy = true;
    const notifier = new SystemdNotifier({ env, pid: 4242, clock, send: async (f) => void sent.push(f), healthy: () => healthy });
    await notifier.ready('showing the display');
    clock.advanceBy(90_000);
    expect(sent).toEqual([{ READY: '1', STATUS: 'showing the display' }, { WATCHDOG: '1' }, { WATCHDOG: '1' }, { WATCHDOG: '1' }]);
    healthy = false;
    clock.advanceBy(120_000);
    expect(sent).toHaveLength(4);
    await notifier.stopping();
    expect(sent.at(-1)).toEqual({ STOPPING: '1' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('sends through systemd-notify with our pid, one field per argument, no newline smuggling', async () => {
    expect(systemdNotifyArgv({ READY: '1', STATUS: 'a\nWATCHDOG=1' }, 4242)).toEqual(['systemd-notify', '--pid=4242', 'READY=1', 'STATUS=a WATCHDOG=1']);
    await expect(systemdNotifySend({}, 4242)({ READY: '1' })).resolves.toBeUndefined();
  });
});
