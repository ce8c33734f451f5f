import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { decide, initialWatchdogState, type WatchdogAction, type WatchdogEvent, type WatchdogState } from './watchdog.js';

/** Drive the pure watchdog with a virtual clock, the way the shell does: a tick every 10 s. */
function harness(start = new Date('2026-11-25T03:00:00Z')) {
  const clock = new VirtualClock(start);
  let state: WatchdogState = initialWatchdogState(clock.now());
  const actions: (WatchdogAction & { atSeconds: number })[] = [];
  const feed = (event: WatchdogEvent) => {
    const decision = decide(state, event, clock.now());
    state = decision.state;
    for (const a of decision.actions) actions.push({ ...a, atSeconds: (clock.now().getTime() - start.getTime()) / 1000 });
  };
  const stopTicks = clock.every(10_000, () => feed({ type: 'tick' }));
  return { clock, feed, actions, state: () => state, stopTicks };
}

describe('renderer watchdog', () => {
  it('does nothing while the renderer beats every 10 s, for a whole day', () => {
    const h = harness();
    const stopBeats = h.clock.every(10_000, () => h.feed({ type: 'heartbeat' }));
    h.clock.advanceBy(24 * 3600_000);
    expect(h.actions).toEqual([]);
    stopBeats();
    h.stopTicks();
  });

  it('reloads after 30 s of silence', () => {
    const h = harness();
    h.clock.advanceBy(20_000);
    h.feed({ type: 'heartbeat' });
    h.clock.advanceBy(29_000);
    expect(h.actions).toEqual([]);
    h.clock.advanceBy(11_000);
    expect(h.actions).toEqual([{ kind: 'reload', reason: 'no heartbeat for 30 s', attempt: 1, atSeconds: 50 }]);
    h.stopTicks();
  });

  it('relaunches the app after 3 reloads that brought no heartbeat back, and then asks for nothing more', () => {
    const h = harness();
    h.clock.advanceBy(10 * 60_000);
    expect(h.actions.map((a) => [a.kind, a.atSeconds])).toEqual([
      ['reload', 30],
      ['reload', 60],
      ['reload', 90],
      ['relaunch', 120],
    ]);
    expect(h.actions[3]!.reason).toBe('no heartbeat for 120 s; 3 reloads did not bring it back');
    expect(h.state().phase).toBe('relaunching');
    h.stopTicks();
  });

  it('gives a reloaded page a full 30 s to boot, and a heartbeat forgives every failed reload', () => {
    const h = harness();
    h.clock.advanceBy(60_000);
    expect(h.actions.map((a) => a.atSeconds)).toEqual([30, 60]);
    h.clock.advanceBy(25_000);
    h.feed({ type: 'heartbeat' });
    expect(h.state().failedReloads).toBe(0);
    h.clock.advanceBy(40_000);
    expect(h.actions.at(-1)).toMatchObject({ kind: 'reload', attempt: 1 });
    h.stopTicks();
  });

  it('reloads at once when the render process is gone or unresponsive, counting toward the relaunch', () => {
    const h = harness();
    h.feed({ type: 'heartbeat' });
    h.feed({ type: 'rendererGone', reason: 'crashed' });
    h.clock.advanceBy(1_000);
    h.feed({ type: 'unresponsive' });
    h.feed({ type: 'rendererGone', reason: 'oom' });
    h.feed({ type: 'rendererGone', reason: 'oom' });
    expect(h.actions.map((a) => a.kind)).toEqual(['reload', 'reload', 'reload', 'relaunch']);
    expect(h.actions[0]!.reason).toBe('render process gone (crashed)');
    h.stopTicks();
  });

  it('leaves a renderer that recovered on its own alone', () => {
    const h = harness();
    h.feed({ type: 'unresponsive' });
    h.clock.advanceBy(5_000);
    h.feed({ type: 'heartbeat' });
    const beats = h.clock.every(10_000, () => h.feed({ type: 'heartbeat' }));
    h.clock.advanceBy(3600_000);
    expect(h.actions).toHaveLength(1);
    beats();
    h.stopTicks();
  });
});
