import fs from 'node:fs';
import type { Clock } from '../clock.js';

/** No real clock reads a moment before this build was made; a clock that does is wrong. */
export const BUILD_DATE = new Date('2026-11-25T00:00:00Z');

export interface ClockTrust {
  verified: boolean;
  reason: string;
}

/** What NTP says of the clock: synchronized, not synchronized, or nothing known on this system. */
export type NtpState = boolean | null;

/**
 * Whether the system clock is known to be right: synchronized by NTP and not before the build
 * date. A Pi has no real-time clock, so after a power cut without network it boots in the past.
 */
export function checkClockTrust(now: Date, ntp: NtpState): ClockTrust {
  if (now < BUILD_DATE) return { verified: false, reason: `the clock reads ${now.toISOString()}, before this build (${BUILD_DATE.toISOString()})` };
  if (ntp === false) return { verified: false, reason: 'the clock is not synchronized by NTP' };
  if (ntp === null) return { verified: true, reason: 'NTP state unknown on this system; the clock is after the build date' };
  return { verified: true, reason: 'synchronized by NTP' };
}

const TIMESYNC_FLAG = '/run/systemd/timesync/synchronized';

/** systemd-timesyncd's flag file: a stat, cheap enough for the start path. Null when it says nothing. */
export function ntpFlag(): NtpState {
  return fs.existsSync(TIMESYNC_FLAG) ? true : null;
}

/** The flag file, else `timedatectl` (a child process, so never on the start path or a rebuild). */
export async function probeNtp(): Promise<NtpState> {
  if (ntpFlag()) return true;
  // Loaded here, not at the top: the start path and `luach model` read only the flag file.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], { encoding: 'utf8', timeout: 2000 }, (error, stdout) =>
      resolve(error ? null : stdout.trim() === 'yes'),
    );
  });
}

export interface ClockTrustMonitorOptions {
  clock: Clock;
  probe?: () => Promise<NtpState>;
  /** While unverified, how often to ask again (NTP usually syncs within a minute of the network). */
  recheckMs?: number;
}

/**
 * Keeps what NTP last said, so `trust(now)` is a pure read at every rebuild. Starts from the
 * flag file (a stat), then probes asynchronously after the wall is up and again every minute
 * while the clock is not verified.
 */
export class ClockTrustMonitor {
  private ntp: NtpState = ntpFlag();
  private cancel?: () => void;
  private probing = false;
  private readonly listeners = new Set<(trust: ClockTrust) => void>();

  constructor(private readonly options: ClockTrustMonitorOptions) {}

  /** Hear the verdict change (NTP synchronized the clock, or lost it). */
  onChange(listener: (trust: ClockTrust) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  trust(now: Date): ClockTrust {
    return checkClockTrust(now, this.ntp);
  }

  start(): void {
    const { clock, recheckMs = 60_000 } = this.options;
    void this.probeNow();
    this.cancel = clock.every(recheckMs, () => {
      if (!this.trust(clock.now()).verified) void this.probeNow();
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private async probeNow(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      const before = this.trust(this.options.clock.now());
      this.ntp = await (this.options.probe ?? probeNtp)();
      const after = this.trust(this.options.clock.now());
      if (after.verified !== before.verified) for (const listener of this.listeners) listener(after);
    } finally {
      this.probing = false;
    }
  }
}
