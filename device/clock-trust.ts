import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** No real clock reads a moment before this build was made; a clock that does is wrong. */
export const BUILD_DATE = new Date('2026-11-25T00:00:00Z');

export interface ClockTrust {
  verified: boolean;
  reason: string;
}

/**
 * Whether the system clock is known to be right: synchronized by NTP and not before the build
 * date. A Pi has no real-time clock, so after a power cut without network it boots in the past.
 */
export function checkClockTrust(now: Date, probe: () => boolean | null = ntpSynchronized): ClockTrust {
  if (now < BUILD_DATE) return { verified: false, reason: `the clock reads ${now.toISOString()}, before this build (${BUILD_DATE.toISOString()})` };
  const synced = probe();
  if (synced === false) return { verified: false, reason: 'the clock is not synchronized by NTP' };
  if (synced === null) return { verified: true, reason: 'NTP state unknown on this system; the clock is after the build date' };
  return { verified: true, reason: 'synchronized by NTP' };
}

/** systemd-timesyncd's flag file, else timedatectl; null when neither can tell. */
export function ntpSynchronized(): boolean | null {
  if (fs.existsSync('/run/systemd/timesync/synchronized')) return true;
  try {
    const out = execFileSync('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], {
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() === 'yes';
  } catch {
    return null;
  }
}
