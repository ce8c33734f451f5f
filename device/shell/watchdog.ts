/**
 * The renderer watchdog as a pure state machine: (state, event, now) -> (state, actions).
 * The Electron shell feeds it heartbeats, crashes and ticks and executes the actions it returns;
 * the decisions themselves never touch a timer or a window, so a test drives them with a clock.
 *
 * Invariants:
 * - A heartbeat proves the renderer draws: it clears every failed reload.
 * - Silence is measured from the later of the last heartbeat and the last action taken, so a
 *   reloading page gets a full `silenceMs` to boot before it counts as failed.
 * - After `maxReloads` reloads without a heartbeat between them, the next remedy is a relaunch
 *   of the whole app (a GPU process or main-process state a reload cannot clear); after that
 *   the watchdog asks for nothing more, since the process is about to end.
 */
export interface WatchdogPolicy {
  /** How often the renderer beats; the shell ticks the watchdog at this pace too. */
  heartbeatMs: number;
  /** Silence longer than this means the page is blank, hung or never booted. */
  silenceMs: number;
  /** Reloads without a heartbeat in between before the app is relaunched. */
  maxReloads: number;
}

export const DEFAULT_WATCHDOG_POLICY: WatchdogPolicy = { heartbeatMs: 10_000, silenceMs: 30_000, maxReloads: 3 };

export interface WatchdogState {
  phase: 'watching' | 'relaunching';
  /** Epoch ms of the last heartbeat, or of the watchdog's start if none came yet. */
  lastBeatAt: number;
  /** Epoch ms of the last reload the watchdog asked for, if any since the last beat. */
  lastActionAt: number | null;
  failedReloads: number;
}

export type WatchdogEvent = { type: 'heartbeat' } | { type: 'tick' } | { type: 'rendererGone'; reason: string } | { type: 'unresponsive' };

export type WatchdogAction = { kind: 'reload'; reason: string; attempt: number } | { kind: 'relaunch'; reason: string };

export interface WatchdogDecision {
  state: WatchdogState;
  actions: WatchdogAction[];
}

export function initialWatchdogState(now: Date): WatchdogState {
  return { phase: 'watching', lastBeatAt: now.getTime(), lastActionAt: null, failedReloads: 0 };
}

export function decide(state: WatchdogState, event: WatchdogEvent, now: Date, policy: WatchdogPolicy = DEFAULT_WATCHDOG_POLICY): WatchdogDecision {
  if (state.phase === 'relaunching') return { state, actions: [] };
  const t = now.getTime();
  switch (event.type) {
    case 'heartbeat':
      return { state: { phase: 'watching', lastBeatAt: t, lastActionAt: null, failedReloads: 0 }, actions: [] };
    case 'tick': {
      const silentSince = Math.max(state.lastBeatAt, state.lastActionAt ?? 0);
      const silentMs = t - silentSince;
      if (silentMs < policy.silenceMs) return { state, actions: [] };
      return remedy(state, t, `no heartbeat for ${Math.round((t - state.lastBeatAt) / 1000)} s`, policy);
    }
    case 'rendererGone':
      return remedy(state, t, `render process gone (${event.reason})`, policy);
    case 'unresponsive':
      return remedy(state, t, 'renderer unresponsive', policy);
  }
}

function remedy(state: WatchdogState, t: number, reason: string, policy: WatchdogPolicy): WatchdogDecision {
  if (state.failedReloads >= policy.maxReloads) {
    return {
      state: { ...state, phase: 'relaunching', lastActionAt: t },
      actions: [{ kind: 'relaunch', reason: `${reason}; ${state.failedReloads} reloads did not bring it back` }],
    };
  }
  const attempt = state.failedReloads + 1;
  return { state: { ...state, lastActionAt: t, failedReloads: attempt }, actions: [{ kind: 'reload', reason, attempt }] };
}
