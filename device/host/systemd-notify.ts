import type { Clock } from '../clock.js';

/**
 * sd_notify for the kiosk under systemd (Type=notify, WatchdogSec): READY=1 once the window
 * shows the display, WATCHDOG=1 at half the watchdog interval while the main process is healthy,
 * STOPPING=1 on the way out. If the main loop hangs, the pings stop and systemd restarts us.
 *
 * Why a helper process: sd_notify is one datagram on the unix socket $NOTIFY_SOCKET, and Node
 * (and so Electron's main process) has no unix datagram sockets without a native addon. So each
 * message is sent by `systemd-notify --pid=<our pid> KEY=VALUE...`. The unit needs
 * NotifyAccess=all because the datagram comes from the helper's pid, not the main pid; run as
 * root, systemd-notify sends with our credentials instead. systemd-notify then waits on a
 * barrier until systemd has read the message, so the helper exiting cannot lose it. Any other
 * transport (a native addon, a future Node with unix dgram) plugs in as `send`.
 */
export type NotifySend = (fields: Record<string, string>) => Promise<void>;

export interface SystemdNotifierOptions {
  env: NodeJS.ProcessEnv;
  pid: number;
  clock: Clock;
  send: NotifySend;
  /** Asked before every watchdog ping; false withholds it so systemd restarts the service. */
  healthy(): boolean;
}

/** Half of WATCHDOG_USEC (as systemd recommends), or null when systemd does not watch this process. */
export function watchdogPingMs(env: NodeJS.ProcessEnv, pid: number): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!env.WATCHDOG_USEC || !Number.isFinite(usec) || usec <= 0) return null;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return null;
  return Math.max(1, Math.floor(usec / 2000));
}

/** The systemd-notify argv for one message; values cannot inject a second field (no newlines). */
export function systemdNotifyArgv(fields: Record<string, string>, pid: number): string[] {
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${value.replace(/[\r\n]+/g, ' ')}`);
  return ['systemd-notify', `--pid=${pid}`, ...pairs];
}

/** The default transport: `systemd-notify` (see above), or nothing when $NOTIFY_SOCKET is unset. */
export function systemdNotifySend(env: NodeJS.ProcessEnv, pid: number): NotifySend {
  return async (fields) => {
    if (!env.NOTIFY_SOCKET) return;
    const [file, ...args] = systemdNotifyArgv(fields, pid);
    // Loaded on first use, after the wall is up: not on the start path.
    const { execFile } = await import('node:child_process');
    return new Promise((resolve, reject) => {
      execFile(file!, args, { env, timeout: 5_000 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`systemd-notify ${args.slice(1).join(' ')} failed: ${String(stderr).trim() || error.message}`)) : resolve(),
      );
    });
  };
}

export class SystemdNotifier {
  private cancelPings?: () => void;

  constructor(private readonly options: SystemdNotifierOptions) {}

  /** Call once the display is up. Resolves when READY=1 was handed over. */
  async ready(status: string): Promise<void> {
    await this.options.send({ READY: '1', STATUS: status });
    const every = watchdogPingMs(this.options.env, this.options.pid);
    if (every === null) return;
    this.cancelPings = this.options.clock.every(every, () => {
      if (this.options.healthy()) void this.options.send({ WATCHDOG: '1' }).catch(() => {});
    });
  }

  status(text: string): Promise<void> {
    return this.options.send({ STATUS: text });
  }

  async stopping(): Promise<void> {
    this.cancelPings?.();
    this.cancelPings = undefined;
    await this.options.send({ STOPPING: '1' });
  }
}
