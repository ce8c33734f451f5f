import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

const canListen = spawnSync('python3', ['--version']).status === 0 && spawnSync('systemd-notify', ['--help']).status === 0;

describe.skipIf(!canListen)('sd_notify on a real notify socket', () => {
  it('delivers READY=1 with our pid as one datagram through the real systemd-notify', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-notify-'));
    const socket = path.join(dir, 'notify');
    // A stand-in for systemd's end: a unix datagram socket that prints each datagram. It keeps
    // reading, because systemd-notify then sends a barrier and waits until it has been read.
    const listener = spawn('python3', [
      '-c',
      `import json,socket,sys\ns=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nprint('listening',flush=True)\nwhile True: print(json.dumps(s.recv(4096).decode()),flush=True)`,
      socket,
    ]);
    const lines: string[] = [];
    const waiters: (() => void)[] = [];
    listener.stdout.on('data', (chunk: Buffer) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      waiters.splice(0).forEach((wake) => wake());
    });
    const line = async (n: number) => {
      while (lines.length <= n) await new Promise<void>((wake) => waiters.push(wake));
      return lines[n]!;
    };
    expect(await line(0)).toBe('listening');
    await systemdNotifySend({ NOTIFY_SOCKET: socket, PATH: process.env.PATH }, 4242)({ READY: '1', STATUS: 'showing the display' });
    // The datagram arrives JSON-quoted on one line, so its own newlines cannot split it.
    const message = JSON.parse(await line(1)) as string;
    expect(message).toContain('READY=1');
    expect(message).toContain('STATUS=showing the display');
    expect(message).toContain('MAINPID=4242');
    listener.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
