import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  IpcMain,
  IpcMainEvent,
  IpcMainInvokeEvent,
  PowerSaveBlocker,
  ProcessMetric,
  Protocol,
  Session,
} from 'electron';
import type { Clock } from '../clock.js';
import type { ScreenPower } from '../host/power.js';
import type { Logger } from '../log.js';
import { DisplayModel } from '../model/display-model.js';
import { parseDrawnReport } from '../model/drawn-report.js';
import type { ModelFeed } from '../model/model-feed.js';
import type { Shell, ShellDeps, ShellEffects, ShellFactory } from './shell.js';
import { hardenSession } from './electron-hardening.js';
import { APP_SCHEME, APP_URL, Heartbeat, IPC, isFromApp } from './electron-ipc.js';
import { electronShellEffects } from './electron-effects.js';
import { appProtocolHandler } from './electron-protocol.js';
import type { MediaLibrary } from './media-route.js';
import { DisplayAcks } from './display-acks.js';
import { HIDE_CURSOR_CSS, kioskWindowOptions } from './electron-window-options.js';
import {
  DEFAULT_WATCHDOG_POLICY,
  decide,
  initialWatchdogState,
  type WatchdogAction,
  type WatchdogEvent,
  type WatchdogPolicy,
  type WatchdogState,
} from './watchdog.js';

/** The few Electron objects the shell touches; main.ts passes the real ones, tests a thin fake. */
export interface ElectronApis {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: IpcMain;
  protocol: Protocol;
  session: Session;
  powerSaveBlocker: PowerSaveBlocker;
  /** app.getAppMetrics(): per-process memory, for the renderer's share in DeviceMetrics. */
  appMetrics(): ProcessMetric[];
  /** Start the app over: app.relaunch() + app.exit(0), or exit(1) under systemd (see main.ts). */
  relaunch(reason: string): void;
}

export interface ElectronShellOptions {
  electron: ElectronApis;
  feed: ModelFeed;
  clock: Clock;
  logger: Logger;
  /** The panel's power backends (the screen schedule and the display-power command). */
  power: Pick<ScreenPower, 'set' | 'state'>;
  /** The built display (dist/display), served as luach://app/. */
  assetsDir: string;
  /** The pictures and videos of the state, served as luach://app/media/<sha256>. */
  media?: MediaLibrary | undefined;
  /** The bundled preload (dist/preload.cjs). */
  preload: string;
  production: boolean;
  policy?: WatchdogPolicy;
}

/** What the window shows and switches: the kept model's at a restart, then the device's. */
type WallParts = Pick<ElectronShellOptions, 'feed' | 'media' | 'power'>;

/** The parts of a shell that are the app's, not the device's: what main.ts has before composeDevice. */
export type ElectronShellBase = Omit<ElectronShellOptions, 'feed' | 'clock' | 'logger' | 'power' | 'media'>;

/**
 * The shell composeDevice builds for the Electron kiosk: a new one, or `early`, the shell a
 * restart already started on the kept model (device/shell/electron-early.ts), which turns to the
 * device's feed, media and screen power when the device starts it: the same window, no reload.
 */
export function electronShell(base: ElectronShellBase, early?: ElectronShell): ShellFactory {
  return (deps: ShellDeps) => {
    const parts = { feed: deps.feed, media: deps.media, power: deps.power };
    return early ? early.handOverTo(parts) : new ElectronShell({ ...base, ...parts, clock: deps.clock, logger: deps.logger });
  };
}

/**
 * The Electron kiosk: one hardened fullscreen window showing luach://app/, fed DisplayModels
 * over IPC, kept alive by the renderer watchdog, and keeping the display awake. It executes the
 * watchdog's decisions and owns no other logic; start() runs after app 'ready', stop() undoes it.
 */
export class ElectronShell implements Shell {
  readonly effects: ShellEffects;
  private window?: BrowserWindow;
  private watchdog?: WatchdogState;
  private readonly cleanups: (() => void)[] = [];
  private parts: WallParts;
  /** The device's parts, for start() to turn an early shell to. */
  private handOver?: WallParts;
  private unsubscribe?: () => void;
  private reportPainted!: () => void;
  /** Resolves when the kiosk page first says it drew a model (the preload's `ready`). */
  readonly firstPaint = new Promise<void>((resolve) => (this.reportPainted = resolve));
  /** When that was, in milliseconds since the process started (performance.now()). */
  firstPaintMs?: number;

  readonly acks: DisplayAcks;

  constructor(private readonly options: ElectronShellOptions) {
    this.parts = { feed: options.feed, media: options.media, power: options.power };
    this.acks = new DisplayAcks(options.clock, () => (this.window && !this.window.isDestroyed() ? 1 : 0));
    const parts = () => this.parts;
    const power = {
      set: (on: boolean, reason: Parameters<ScreenPower['set']>[1]) => parts().power.set(on, reason),
      get state() {
        return parts().power.state;
      },
    };
    this.effects = electronShellEffects(this, power, (reason) => options.electron.relaunch(reason));
  }

  /** The device's parts, which start() gives the window this shell already shows (see `electronShell`). */
  handOverTo(parts: WallParts): this {
    this.handOver = parts;
    return this;
  }

  async start(): Promise<void> {
    if (this.window) {
      // Started early, on the kept model: the runtime has its first model now, and the page gets it.
      if (this.handOver) this.showFrom(this.handOver);
      this.handOver = undefined;
      return;
    }
    const { electron, clock, logger, production } = this.options;
    const policy = this.options.policy ?? DEFAULT_WATCHDOG_POLICY;
    // Looked up at each request: the kept model's files, then the device's library.
    const media = { lookup: (sha256: string) => this.parts.media?.lookup(sha256) };
    electron.protocol.handle(APP_SCHEME, appProtocolHandler(this.options.assetsDir, media));
    this.cleanups.push(() => electron.protocol.unhandle(APP_SCHEME));
    hardenSession(electron.session, { production, refused: (what, detail) => logger.warn({ event: 'shell.refused', what, detail }, 'refused') });

    electron.ipcMain.handle(IPC.currentModel, (event: IpcMainInvokeEvent) => {
      if (!this.fromKiosk(event)) throw new Error('not the kiosk page');
      return DisplayModel.parse(this.parts.feed.current());
    });
    electron.ipcMain.on(IPC.heartbeat, (event: IpcMainEvent, payload: unknown) => {
      if (!this.fromKiosk(event) || !Heartbeat.safeParse(payload).success) return this.dropped(IPC.heartbeat);
      this.watch({ type: 'heartbeat' });
    });
    electron.ipcMain.on(IPC.ready, (event: IpcMainEvent) => {
      if (!this.fromKiosk(event)) return this.dropped(IPC.ready);
      this.firstPaintMs ??= Math.round(performance.now());
      logger.info({ event: 'shell.ready', ms: this.firstPaintMs }, 'display booted and drew its first model');
      this.reportPainted();
    });
    electron.ipcMain.on(IPC.drawn, (event: IpcMainEvent, payload: unknown) => {
      const report = parseDrawnReport(payload);
      if (!this.fromKiosk(event) || !report) return this.dropped(IPC.drawn);
      this.acks.report(report);
    });
    this.cleanups.push(() => {
      this.acks.close('the display is shutting down');
      electron.ipcMain.removeAllListeners(IPC.drawn);
      electron.ipcMain.removeHandler(IPC.currentModel);
      electron.ipcMain.removeAllListeners(IPC.heartbeat);
      electron.ipcMain.removeAllListeners(IPC.ready);
    });

    const blocker = electron.powerSaveBlocker.start('prevent-display-sleep');
    this.cleanups.push(() => electron.powerSaveBlocker.stop(blocker));

    const window = this.createWindow();
    this.cleanups.push(() => {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    });
    this.showFrom(this.parts, false);

    this.watchdog = initialWatchdogState(clock.now());
    this.cleanups.push(clock.every(policy.heartbeatMs, () => this.watch({ type: 'tick' })));
    await window.loadURL(APP_URL);
  }

  /**
   * Send the window every model of `parts.feed`, and the one it has now when `now` (a page
   * already loaded asks for the current model only once). The model is parsed before it leaves:
   * a bad model is the runtime's bug and must not reach the wall.
   */
  private showFrom(parts: WallParts, now = true): void {
    this.unsubscribe?.();
    this.parts = parts;
    const window = this.window;
    if (!window) return;
    const send = (model: DisplayModel) => {
      if (!window.isDestroyed()) window.webContents.send(IPC.model, DisplayModel.parse(model));
    };
    this.unsubscribe = parts.feed.subscribe(send);
    if (now) send(parts.feed.current());
  }

  async stop(): Promise<void> {
    while (this.cleanups.length) this.cleanups.pop()!();
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = undefined;
  }

  /** Reload the page (a command, the nightly maintenance, or the watchdog). */
  reload(reason: string): void {
    this.options.logger.warn({ event: 'shell.reload', reason }, 'reloading the display');
    this.window?.webContents.reloadIgnoringCache();
  }

  /** What the wall shows now, as PNG bytes (for the screenshot command). */
  async capturePng(): Promise<Uint8Array> {
    if (!this.window || this.window.isDestroyed()) throw new Error('no kiosk window to capture: the shell has not started');
    const image = await this.window.webContents.capturePage();
    return new Uint8Array(image.toPNG());
  }

  /** The kiosk renderer's working set in bytes, or null when there is no renderer to measure. */
  async rendererMemoryBytes(): Promise<number | null> {
    if (!this.window || this.window.isDestroyed()) return null;
    const pid = this.window.webContents.getOSProcessId();
    const metric = this.options.electron.appMetrics().find((m) => m.pid === pid);
    // Electron reports memory in kilobytes.
    return metric ? metric.memory.workingSetSize * 1024 : null;
  }

  /** For `luach doctor` and the systemd status line. */
  get status(): { watchdog: WatchdogState | undefined } {
    return { watchdog: this.watchdog };
  }

  /** A renderer being relaunched withholds the systemd watchdog ping, so systemd restarts a relaunch that hangs. */
  healthy(): boolean {
    return this.watchdog?.phase !== 'relaunching';
  }

  private createWindow(): BrowserWindow {
    const { electron, production } = this.options;
    const window = new electron.BrowserWindow(kioskWindowOptions({ preload: this.options.preload, production }));
    this.window = window;
    window.removeMenu();
    window.once('ready-to-show', () => window.show());
    window.on('unresponsive', () => this.watch({ type: 'unresponsive' }));
    const contents = window.webContents;
    contents.on('did-finish-load', () => void contents.insertCSS(HIDE_CURSOR_CSS, { cssOrigin: 'user' }));
    contents.on('render-process-gone', (_event, details) => this.watch({ type: 'rendererGone', reason: details.reason }));
    return window;
  }

  private fromKiosk(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
    return event.sender === this.window?.webContents && isFromApp(event.senderFrame?.url);
  }

  private dropped(channel: string): void {
    this.options.logger.warn({ event: 'shell.ipc-dropped', channel }, 'dropped an IPC message from outside the kiosk page or with a bad payload');
  }

  private watch(event: WatchdogEvent): void {
    if (!this.watchdog) return;
    const decision = decide(this.watchdog, event, this.options.clock.now(), this.options.policy);
    this.watchdog = decision.state;
    for (const action of decision.actions) this.execute(action);
  }

  private execute(action: WatchdogAction): void {
    if (action.kind === 'reload') {
      this.options.logger.error({ event: 'watchdog.reload', reason: action.reason, attempt: action.attempt }, 'watchdog reloads the display');
      this.window?.webContents.reloadIgnoringCache();
    } else {
      this.options.logger.fatal({ event: 'watchdog.relaunch', reason: action.reason }, 'watchdog relaunches the app');
      this.options.electron.relaunch(action.reason);
    }
  }
}
