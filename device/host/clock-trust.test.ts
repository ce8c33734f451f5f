import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { BUILD_DATE, checkClockTrust, ClockTrustMonitor, type ClockTrust, type NtpState } from './clock-trust.js';

const AFTER_BUILD = new Date(BUILD_DATE.getTime() + 86_400_000);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('whether the clock can be trusted', () => {
  it('never trusts a clock that reads before this build, whatever NTP says', () => {
    expect(checkClockTrust(new Date('2020-01-01T00:00:00Z'), true)).toMatchObject({ verified: false, reason: expect.stringContaining('before this build') });
  });

  it('trusts a clock after the build date unless NTP says it is not synchronized', () => {
    expect(checkClockTrust(AFTER_BUILD, true).verified).toBe(true);
    expect(checkClockTrust(AFTER_BUILD, null).verified).toBe(true);
    expect(checkClockTrust(AFTER_BUILD, false)).toEqual({ verified: false, reason: 'the clock is not synchronized by NTP' });
  });
});

describe('the clock trust monitor', () => {
  it('asks NTP after the wall is up, then every minute while unverified, and says when the verdict changes', async () => {
    const clock = new VirtualClock(AFTER_BUILD);
    const answers: NtpState[] = [false, false, true];
    let asked = 0;
    const monitor = new ClockTrustMonitor({ clock, probe: async () => answers[Math.min(asked++, answers.length - 1)]! });
    const changes: ClockTrust[] = [];
    monitor.onChange((trust) => changes.push(trust));
    monitor.start();
    await settle();
    expect(asked).toBe(1);
    expect(monitor.trust(clock.now()).verified).toBe(false);
    expect(changes).toEqual([{ verified: false, reason: 'the clock is not synchronized by NTP' }]);
    clock.advanceBy(60_000);
    await settle();
    clock.advanceBy(60_000);
    await settle();
    expect(asked).toBe(3);
    expect(changes.at(-1)).toEqual({ verified: true, reason: 'synchronized by NTP' });
    clock.advanceBy(10 * 60_000);
    await settle();
    expect(asked).toBe(3);
    monitor.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
