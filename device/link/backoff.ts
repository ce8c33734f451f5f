/**
 * How long to wait before reconnect attempt `attempt` (0 for the first retry after a loss).
 * Exponential, capped, with "equal jitter": half the step is fixed and half random, so a room of
 * screens that lost the broker together does not come back in lockstep, and no retry is instant.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, factor: 2 };

/** `random` returns a number in [0, 1); it is injected so tests can pin it. */
export function reconnectDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const step = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, Math.min(attempt, 60)));
  return Math.round(step / 2 + (step / 2) * Math.min(Math.max(random(), 0), 1));
}
