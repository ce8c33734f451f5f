import type { Clock } from '../clock.js';
import type { Trial } from './update-journal.js';

export interface CheckProbes {
  /** The cache opened as it was (not moved aside and rebuilt): its reason when it was not. */
  cacheProblem: string | null;
  /** The first model was built from the cached state (not a fallback): its reason when it was not. */
  modelProblem: string | null;
  /** Resolves when the display reports it drew a model (its first paint). */
  firstPaint: Promise<void>;
  /** Resolves when the MQTT link is online. */
  brokerOnline(): Promise<void>;
  /** Resolves when a sync reached the gateway. */
  gatewayReached(): Promise<void>;
}

/**
 * The health check of a release on trial: the cache opens, a model builds, and a display draws
 * it, the broker and the gateway are reached, each if it was before the switch, all within
 * `trial.checkSeconds` of this start (on the injected clock). Resolves with null when all
 * passed, else with what failed, in words for UpdateStatus.
 */
export async function checkRelease(trial: Trial, probes: CheckProbes, clock: Clock): Promise<string | null> {
  if (probes.cacheProblem) return `the cache did not open as it was: ${probes.cacheProblem}`;
  if (probes.modelProblem) return `no model could be built from the cached state: ${probes.modelProblem}`;
  const waits: { what: string; done: boolean; promise: Promise<void> }[] = [
    ...(trial.reachable.display ? [{ what: 'the display did not report a first paint', done: false, promise: probes.firstPaint }] : []),
    ...(trial.reachable.broker ? [{ what: 'the MQTT broker was not reached (it was before the update)', done: false, promise: probes.brokerOnline() }] : []),
    ...(trial.reachable.gateway ? [{ what: 'the gateway was not reached (it was before the update)', done: false, promise: probes.gatewayReached() }] : []),
  ];
  let cancel = () => {};
  const deadline = new Promise<'late'>((resolve) => (cancel = clock.at(new Date(clock.now().getTime() + trial.checkSeconds * 1000), () => resolve('late'))));
  const all = Promise.all(waits.map((w) => w.promise.then(() => void (w.done = true))));
  try {
    if ((await Promise.race([all.then(() => 'passed' as const), deadline])) === 'passed') return null;
  } catch (error) {
    return `the health check failed: ${(error as Error).message}`;
  } finally {
    cancel();
  }
  const missing = waits.filter((w) => !w.done).map((w) => w.what);
  return `within ${trial.checkSeconds} s of starting: ${missing.join('; ')}`;
}
