import type { CommandParams } from '../../cloud-sync/protocol/commands.js';
import type { Clock } from '../clock.js';
import type { UpdateSettings } from '../config.js';
import type { Logger } from '../log.js';
import type { CacheSnapshot } from '../model/snapshot.js';
import { planMaintenance } from '../schedule/maintenance-plan.js';
import { isCompleteRelease } from './boot-release.js';
import type { HostRuntime } from './release-manifest.js';
import type { ReleaseLayout } from './release-layout.js';
import type { TrustedKey } from './release-signature.js';
import { discardRelease, pruneReleases } from './prune-releases.js';
import { stageRelease } from './stage-release.js';
import { runSteps, switchSteps } from './switch-release.js';
import { changeJournal, readJournal } from './update-journal.js';
import { assessOffer, offerKey, type Offer, type OfferDecision } from './update-plan.js';
import { UpdateRefused } from './update-refused.js';
import { subjectOf, UpdateReports } from './update-reports.js';

const MINUTE = 60_000;
/** A failed attempt (network, disk, a bad download) is tried again after 15 min, doubling up to 6 h. */
const RETRY_FIRST_MS = 15 * MINUTE;
const RETRY_MAX_MS = 6 * 60 * MINUTE;
/** A switch timer that fires later than this after its window (a suspended machine) plans again rather than restart. */
const LATE_SWITCH_MS = 5 * MINUTE;

export interface UpdaterOptions {
  layout: ReleaseLayout;
  runningVersion: string;
  settings: UpdateSettings;
  host: HostRuntime;
  clock: Clock;
  logger: Logger;
  trustedKeys(): TrustedKey[];
  freeBytes(dir: string): Promise<number>;
  fetch?: typeof fetch;
  /** The cached target state: its `software`, and the shul the maintenance window is planned for. */
  snapshot(): CacheSnapshot | undefined;
  /** Fetch the target state now (a command naming a version is checked against a fresh one). */
  syncNow?(): Promise<unknown>;
  /** Write a consistent copy of the open cache to `file`. */
  backupCache(file: string): Promise<void>;
  /** What works now (a display drew, the broker and gateway answer); the new release must do it too. */
  reachable(): Promise<{ display: boolean; broker: boolean; gateway: boolean }>;
  /** Restart the app; the supervisor (systemd) starts it again from `current`. */
  restart(reason: string): Promise<void>;
}

/**
 * Self-update on the device. A release offered by the target state (or the `update-software`
 * command) that is newer than the running one is staged at once (download, verify, unpack
 * beside the running release) and switched to in the maintenance window, or at once when the
 * command says `now`: the cache is copied, the trial is written to the journal, `current` is
 * renamed to it, and the app restarts. The new release then runs its health check
 * (proveRelease) and confirms itself, or marks itself failed and restarts so the boot rolls it
 * back. Every step is reported (UpdateReports). One release is under way at a time; a newer
 * offer replaces it, and one the cloud stops offering is dropped.
 */
export class Updater {
  readonly reports: UpdateReports;
  private active?: { offer: Offer; abort: AbortController; staged: boolean; plannedAt?: string; settled?: Promise<void> };
  private cancelSwitch?: () => void;
  private cancelRetry?: () => void;
  /** Failed attempts in a row of one offer (by offerKey): its retry delay doubles with each. */
  private retries = { key: '', count: 0 };
  /** Offers wait until takeOffers: the running release may first have to prove itself. */
  private offersHeld = true;
  private stopped = false;
  private cancelJumpWatch?: () => void;

  constructor(private readonly options: UpdaterOptions) {
    this.reports = new UpdateReports(options);
  }

  /** Report what the boot decided while no link existed and tidy the releases folder; takeOffers then takes up the cached offer. */
  start(): void {
    const { layout, clock } = this.options;
    const { journal, movedAside } = readJournal(layout, clock.now());
    if (movedAside) this.options.logger.error({ event: 'update.journal-corrupt', movedAside }, 'update journal unreadable; moved aside');
    journal.unreported.forEach((outcome) => this.reports.outcome(outcome));
    if (journal.unreported.length > 0) changeJournal(layout, clock.now(), (j) => ({ ...j, unreported: [] }));
    pruneReleases(layout, journal, this.options.snapshot()?.software?.sha256);
    // A window planned on a wrong clock (a Pi without a real-time clock, before NTP) may lie in Shabbat: plan it again.
    this.cancelJumpWatch = clock.onJump(() => {
      const active = this.active;
      if (active?.staged && !active.offer.now) this.scheduleSwitch(active.offer);
    });
  }

  stop(): void {
    this.stopped = true;
    this.cancelJumpWatch?.();
    this.cancelSwitch?.();
    this.cancelRetry?.();
    this.active?.abort.abort();
    this.active = undefined;
  }

  /** Consider the release the cached target state offers (at start, and whenever a new state is applied). */
  offerFromTarget(): void {
    const release = this.options.snapshot()?.software;
    if (release) this.consider({ release, now: false, from: 'target state' });
    // What the target state started, it can stop: offering nothing, the running release or one that will not install.
    const active = this.active;
    if (active?.offer.from === 'target state' && (active.offer.release.version !== release?.version || active.offer.release.sha256 !== release.sha256))
      this.withdraw(active);
  }

  /** The `update-software` command: resolves with what the device will do, rejects with why it will not. */
  async request(params: CommandParams<'update-software'>): Promise<Record<string, unknown>> {
    let release = params.release;
    if (release && params.version && release.version !== params.version)
      throw new Error(`params.version is ${params.version} but params.release.version is ${release.version}; give one of them`);
    if (!release) {
      if (params.version) await this.options.syncNow?.().catch(() => {});
      release = this.options.snapshot()?.software;
      if (!release) throw new Error('the cloud offers this device no release: publish a SoftwareUpdate that targets it, or send the release with the command');
      if (params.version && release.version !== params.version)
        throw new Error(
          `the cloud offers this device ${release.version}, not ${params.version}: publish ${params.version} for it, or send the release with the command`,
        );
    }
    const decision = this.consider({ release, now: params.now, from: 'command' });
    if (decision.kind === 'refuse') throw new Error(decision.reason);
    if (decision.kind === 'ignore' && ['bad', 'refused', 'checking'].includes(decision.because)) throw new Error(decision.why);
    if (decision.kind === 'ignore' && decision.because === 'running') return { version: release.version, running: true };
    return { version: release.version, switches: params.now ? 'as soon as it is verified' : 'in the maintenance window' };
  }

  /** The running release is proven (or was not on trial): offers are considered from now on, the cached one first. */
  takeOffers(): void {
    this.offersHeld = false;
    this.offerFromTarget();
  }

  private consider(offer: Offer): OfferDecision {
    const { layout, clock, runningVersion, logger } = this.options;
    if (this.stopped) return { kind: 'ignore', because: 'underWay', why: 'the updater is stopped' };
    const journal = readJournal(layout, clock.now()).journal;
    const underWay = this.active ? { version: this.active.offer.release.version, sha256: this.active.offer.release.sha256 } : null;
    const decision = assessOffer(offer, runningVersion, journal, underWay);
    if (decision.kind === 'ignore') {
      logger.debug({ event: 'update.ignored', version: offer.release.version, why: decision.why }, 'offer ignored');
      if (decision.because === 'underWay' && this.active) this.hurry(offer);
      return decision;
    }
    if (decision.kind === 'refuse') {
      this.refuse(offer, decision.reason);
      return decision;
    }
    if (this.offersHeld)
      return {
        kind: 'ignore',
        because: 'checking',
        why: 'the running release is still proving itself; offers wait for its verdict, then the offered release is considered again',
      };
    this.begin(offer);
    return decision;
  }

  /** The same release offered again: a command's `now` moves its switch forward; a new state re-plans its window. */
  private hurry(offer: Offer): void {
    const active = this.active!;
    if (offer.now) active.offer = { ...active.offer, now: true };
    if (active.staged) this.scheduleSwitch(active.offer);
  }

  /** The cloud stopped offering the release under way (withdrawn or paused): nothing is switched. */
  private withdraw(active: NonNullable<Updater['active']>): void {
    this.active = undefined;
    this.cancelSwitch?.();
    this.cancelSwitch = undefined;
    this.drop(active, `the cloud no longer offers ${active.offer.release.version} (withdrawn or paused); nothing was switched`);
  }

  private begin(offer: Offer): void {
    if (this.active) this.drop(this.active, `superseded by ${offer.release.version}`);
    this.cancelSwitch?.();
    this.cancelRetry?.();
    const active: NonNullable<Updater['active']> = { offer, abort: new AbortController(), staged: false };
    this.active = active;
    active.settled = this.stage(active);
  }

  /** Stop a release under way, report why, and once its staging has stopped remove its download and unpacked copy. */
  private drop(active: NonNullable<Updater['active']>, reason: string): void {
    const { layout, clock, logger } = this.options;
    const { release } = active.offer;
    active.abort.abort();
    this.reports.step('failed', subjectOf(release, this.options.runningVersion), { reason });
    void active.settled
      ?.then(() => {
        if (this.active?.offer.release.version === release.version) return;
        const journal = changeJournal(layout, clock.now(), (j) => (j.staged?.version === release.version ? { ...j, staged: undefined } : j));
        discardRelease(layout, journal, release);
      })
      .catch((error: Error) =>
        logger.warn({ event: 'update.discard-error', version: release.version, error: error.message }, 'could not remove a dropped release'),
      );
  }

  private async stage(active: NonNullable<Updater['active']>): Promise<void> {
    const { layout, clock } = this.options;
    const { release } = active.offer;
    const subject = subjectOf(release, this.options.runningVersion);
    const signal = active.abort.signal;
    try {
      const staged = readJournal(layout, clock.now()).journal.staged;
      const ready = staged?.version === release.version && staged.sha256 === release.sha256 && isCompleteRelease(layout.releaseDir(release.version));
      if (!ready) {
        this.reports.step('pending', subject, { detail: `offered by the ${active.offer.from}` });
        await stageRelease(
          release,
          { ...this.options, trustedKeys: () => this.options.trustedKeys(), signal },
          {
            downloading: (progressPercent) => this.reports.step('downloading', subject, { progressPercent }),
            verifying: () => this.reports.step('verifying', subject, { detail: 'the sha256 of the download against the signed one' }),
            unpacking: () => this.reports.step('installing', subject, { detail: 'unpacking beside the running release' }),
          },
        );
        if (signal.aborted) return;
        changeJournal(layout, clock.now(), (j) => ({ ...j, staged: { version: release.version, sha256: release.sha256, at: clock.now().toISOString() } }));
      }
      active.staged = true;
      this.retries = { key: '', count: 0 };
      this.scheduleSwitch(active.offer);
    } catch (error) {
      if (signal.aborted || this.active !== active) return;
      this.active = undefined;
      if (error instanceof UpdateRefused) return this.refuse(active.offer, error.message);
      this.reports.step('failed', subject, { reason: (error as Error).message });
      this.scheduleRetry(active.offer);
    }
  }

  /** Switch now, or arm the switch at the next maintenance window (never on Shabbat, yom tov or near a prayer). */
  private scheduleSwitch(offer: Offer): void {
    const { clock } = this.options;
    this.cancelSwitch?.();
    this.cancelSwitch = undefined;
    if (offer.now) return void this.switchTo(offer);
    const subject = subjectOf(offer.release, this.options.runningVersion);
    const snapshot = this.options.snapshot();
    const plan = snapshot ? planMaintenance(snapshot, clock.now()) : { at: null, why: 'no cached state to plan a window from' };
    if (!plan.at) {
      this.reports.step('pending', subject, { detail: `verified and unpacked; no maintenance window found (${plan.why}); planned again tomorrow` });
      this.cancelSwitch = clock.at(new Date(clock.now().getTime() + 24 * 60 * MINUTE), () => this.scheduleSwitch(offer));
      return;
    }
    // Planned again with each new state (its prayer times may move the window); said again only when it moved.
    if (this.active && this.active.plannedAt !== plan.at.toISOString())
      this.reports.step('pending', subject, { detail: `verified and unpacked; switches in the maintenance window at ${plan.at.toISOString()}` });
    if (this.active) this.active.plannedAt = plan.at.toISOString();
    const window = plan.at;
    this.cancelSwitch = clock.at(window, () => {
      if (clock.now().getTime() - window.getTime() <= LATE_SWITCH_MS) return void this.switchTo(offer);
      this.options.logger.warn({ event: 'update.window-missed', window: window.toISOString() }, 'the switch came too late for its window; planned again');
      this.scheduleSwitch(offer);
    });
  }

  private async switchTo(offer: Offer): Promise<void> {
    const { layout, clock, runningVersion, settings } = this.options;
    const { release } = offer;
    const subject = subjectOf(release, runningVersion);
    this.cancelSwitch = undefined;
    this.reports.step('installing', subject, { detail: 'switching to the new release; the app restarts' });
    try {
      const reachable = await this.options.reachable();
      const backupCache = (file: string) => this.options.backupCache(file);
      await runSteps(switchSteps({ layout, release, runningVersion, checkSeconds: settings.checkSeconds, reachable, backupCache, now: clock.now() }));
    } catch (error) {
      this.active = undefined;
      this.reports.step('failed', subject, { reason: `could not switch: ${(error as Error).message}` });
      return this.scheduleRetry(offer);
    }
    this.options.logger.warn({ event: 'update.restart', version: release.version, from: runningVersion }, 'switched; restarting into the new release');
    await this.options.restart(`switching to ${release.version}`);
  }

  private refuse(offer: Offer, reason: string): void {
    const { layout, clock } = this.options;
    this.reports.step('failed', subjectOf(offer.release, this.options.runningVersion), { reason });
    const refused = { key: offerKey(offer.release), version: offer.release.version, reason, at: clock.now().toISOString() };
    changeJournal(layout, clock.now(), (j) => ({ ...j, refused: [...j.refused.filter((r) => r.key !== refused.key), refused] }));
  }

  private scheduleRetry(offer: Offer): void {
    const { clock } = this.options;
    const key = offerKey(offer.release);
    this.retries = { key, count: this.retries.key === key ? this.retries.count + 1 : 1 };
    const delay = Math.min(RETRY_FIRST_MS * 2 ** (this.retries.count - 1), RETRY_MAX_MS);
    this.cancelRetry?.();
    this.cancelRetry = clock.at(new Date(clock.now().getTime() + delay), () => {
      this.cancelRetry = undefined;
      // A command's release is retried as it was sent; a target's only while the target still offers it.
      if (offer.from === 'command') this.consider(offer);
      else this.offerFromTarget();
    });
  }
}
