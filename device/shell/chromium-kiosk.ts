import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { chromiumKioskArgs } from './launcher.js';
import { endProfileProcesses } from './profile-processes.js';
import { CDP_PIPE_STDIO, CdpPipe } from './screenshot.js';
import { decide, DEFAULT_WATCHDOG_POLICY, initialWatchdogState, type WatchdogEvent, type WatchdogPolicy, type WatchdogState } from './watchdog.js';

/** How long Chromium has to close on SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

export interface ChromiumKioskOptions {
  binary: string;
  /** The wall: the only origin the kiosk's page may show. */
  url: string;
  profileDir: string;
  logger: Logger;
  clock: Clock;
  /** More switches after the kiosk's own (the operator's `chromiumFlags`; tests: --headless, --no-sandbox). */
  extraArgs?: string[];
  policy?: WatchdogPolicy;
  /** The watchdog's last remedy: reloads did not bring the page back, so the app restarts (systemd starts it again). */
  relaunch(reason: string): void;
}

/**
 * The kiosk of a device's wall: its profile in the data directory, the operator's extra
 * switches (config `chromiumFlags`), and, as the watchdog's last remedy, a clean stop of the
 * app, which systemd (Restart=always) starts again with a fresh Chromium.
 */
export function wallKiosk(options: { binary: string; url: string; dataDir: string; flags: string[]; logger: Logger; clock: Clock }): ChromiumKiosk {
  const { logger } = options;
  return new ChromiumKiosk({
    binary: options.binary,
    url: options.url,
    profileDir: path.join(options.dataDir, 'chromium'),
    extraArgs: options.flags,
    logger,
    clock: options.clock,
    relaunch: (reason) => {
      logger.error({ event: 'kiosk.restart-app', reason }, 'the kiosk page did not come back; restarting the app');
      process.kill(process.pid, 'SIGTERM');
    },
  });
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/**
 * The system's Chromium as the wall's kiosk, held to what the Electron shell enforces, over its
 * DevTools pipe: the page never navigates away from the wall (a navigation elsewhere gets an
 * empty 204 answer, so nothing is fetched and the wall stays; anything that still commits
 * elsewhere is sent back), no other window lives (a pop-up is closed before it runs), and a
 * crashed renderer is reloaded as the renderer watchdog decides, which after repeated failures
 * restarts the app. If Chromium itself exits, it is started again.
 */
export class ChromiumKiosk {
  private child?: ChildProcess;
  private cdp?: CdpPipe;
  private page?: { targetId: string; sessionId: string };
  private watchdog: WatchdogState;
  private stopping = false;
  private cancelRestart?: () => void;
  private readonly origin: string;

  constructor(private readonly options: ChromiumKioskOptions) {
    this.origin = new URL(options.url).origin;
    this.watchdog = initialWatchdogState(options.clock.now());
  }

  /** The DevTools pipe of the running Chromium (screenshots), if one runs. */
  get devtools(): CdpPipe | undefined {
    return this.child?.exitCode === null ? this.cdp : undefined;
  }

  /** The kiosk page's flat DevTools session, once attached. */
  get pageSession(): string | undefined {
    return this.page?.sessionId;
  }

  /** Chromium's browser process, while it runs. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  async start(): Promise<void> {
    this.stopping = false;
    const { spawn } = await import('node:child_process');
    const child = spawn(this.options.binary, [...chromiumKioskArgs(this.options.url, this.options.profileDir), ...(this.options.extraArgs ?? [])], {
      stdio: [...CDP_PIPE_STDIO],
    });
    this.child = child;
    this.page = undefined;
    const cdp = CdpPipe.of(child);
    this.cdp = cdp;
    child.once('exit', (code, signal) => this.exited(child, code, signal));
    cdp.on<{ sessionId: string; targetInfo: TargetInfo; waitingForDebugger: boolean }>('Target.attachedToTarget', (event) => void this.attached(cdp, event));
    cdp.on<{ targetId: string; status: string }>('Target.targetCrashed', (event) => {
      if (event.targetId === this.page?.targetId) this.feed({ type: 'rendererGone', reason: event.status });
    });
    cdp.on<{ requestId: string; request: { url: string } }>('Fetch.requestPaused', (event, sessionId) => void this.paused(cdp, event, sessionId));
    cdp.on<{ frame: { parentId?: string; url: string } }>('Page.frameNavigated', ({ frame }, sessionId) => {
      if (frame.parentId || sessionId !== this.page?.sessionId || this.allowed(frame.url)) return;
      this.refused('navigation', frame.url);
      void cdp.send('Page.navigate', { url: this.options.url }, sessionId).catch(() => undefined);
    });
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  }

  /** The page drew (a drawn report): it is alive, so earlier failed reloads are forgiven. */
  beat(): void {
    this.feed({ type: 'heartbeat' });
  }

  /**
   * Close Chromium: SIGTERM, and SIGKILL if it has not gone within STOP_GRACE_MS; then whatever
   * of its profile's processes is left (a renderer orphaned by an earlier hard kill) goes too, so
   * nothing of the kiosk outlives it.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelRestart?.();
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    const ended = await endProfileProcesses(this.options.profileDir);
    if (ended > 0) this.options.logger.warn({ event: 'kiosk.leftovers-ended', processes: ended }, "Chromium's processes left behind were ended");
  }

  private async attached(cdp: CdpPipe, event: { sessionId: string; targetInfo: TargetInfo; waitingForDebugger: boolean }): Promise<void> {
    const { sessionId, targetInfo } = event;
    try {
      if (targetInfo.type === 'page' && this.page && this.page.targetId !== targetInfo.targetId) {
        this.refused('window.open', targetInfo.url);
        await cdp.send('Target.closeTarget', { targetId: targetInfo.targetId });
        return;
      }
      if (targetInfo.type === 'page' && !this.page) {
        this.page = { targetId: targetInfo.targetId, sessionId };
        await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] }, sessionId);
        await cdp.send('Page.enable', {}, sessionId);
      }
      if (event.waitingForDebugger) await cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId);
    } catch (error) {
      this.options.logger.warn(
        { event: 'kiosk.devtools-failed', target: targetInfo.type, error: (error as Error).message },
        'could not guard a Chromium target',
      );
    }
  }

  private async paused(cdp: CdpPipe, event: { requestId: string; request: { url: string } }, sessionId: string | undefined): Promise<void> {
    const { requestId, request } = event;
    try {
      if (this.allowed(request.url)) return void (await cdp.send('Fetch.continueRequest', { requestId }, sessionId));
      this.refused('navigation', request.url);
      // A 204 is "nothing to show": the browser stays on the page it has, and no error page replaces the wall.
      await cdp.send('Fetch.fulfillRequest', { requestId, responseCode: 204, responseHeaders: [] }, sessionId);
    } catch (error) {
      this.options.logger.warn({ event: 'kiosk.devtools-failed', error: (error as Error).message }, 'could not answer an intercepted navigation');
    }
  }

  private allowed(url: string): boolean {
    try {
      return new URL(url).origin === this.origin;
    } catch {
      return false;
    }
  }

  private refused(what: string, url: string): void {
    this.options.logger.warn({ event: 'kiosk.refused', what, url: url.slice(0, 200) }, `refused ${what}`);
  }

  private feed(event: WatchdogEvent): void {
    const decision = decide(this.watchdog, event, this.options.clock.now(), this.options.policy ?? DEFAULT_WATCHDOG_POLICY);
    this.watchdog = decision.state;
    for (const action of decision.actions) {
      this.options.logger.warn(
        { event: `kiosk.${action.kind}`, reason: action.reason },
        `the kiosk page is ${action.kind === 'reload' ? 'reloaded' : 'restarted'}`,
      );
      if (action.kind === 'relaunch') this.options.relaunch(action.reason);
      else if (this.page && this.cdp) void this.cdp.send('Page.navigate', { url: this.options.url }, this.page.sessionId).catch(() => undefined);
    }
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || child !== this.child) return;
    // A browser that died hard leaves its renderer and GPU processes: they are gone before the next one starts.
    void endProfileProcesses(this.options.profileDir).then((leftovers) => {
      if (this.stopping || child !== this.child) return;
      this.options.logger.error({ event: 'kiosk.browser-exited', code, signal, leftovers }, 'Chromium exited; starting it again');
      this.cancelRestart = this.options.clock.at(new Date(this.options.clock.now().getTime() + 1000), () => {
        if (!this.stopping)
          void this.start().catch((error: unknown) => this.options.relaunch(`Chromium could not be started again: ${(error as Error).message}`));
      });
    });
  }
}
