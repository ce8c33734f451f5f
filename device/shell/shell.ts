import type { DisplayPower } from '../../cloud-sync/protocol/telemetry.js';
import type { Clock } from '../clock.js';
import type { DeviceConfig } from '../config.js';
import type { ScreenPower } from '../host/power.js';
import type { Logger } from '../log.js';
import type { DrawnReport } from '../model/drawn-report.js';
import type { ModelFeed } from '../model/model-feed.js';
import type { MediaLibrary } from './media-route.js';

/** What only the shell can do to the screen: the commands, the jobs and telemetry go through it. */
export interface ShellEffects {
  /** 'electron', 'browser' or 'headless': reported in the retained status. */
  readonly name: string;
  /** Reload the display page; resolves when a reloaded page drew again, rejects with why when none is attached or none came back. */
  reloadDisplay(reason: string): Promise<void>;
  /** Resolves when a display drew a picture that passes `test` (`what` names it in the failure); rejects when none is attached or none confirmed in time. */
  confirmDrawn(what: string, test: (report: DrawnReport) => boolean): Promise<void>;
  captureScreenshot(): Promise<Uint8Array>;
  setDisplayPower(on: boolean): Promise<void>;
  displayPower(): DisplayPower;
  restartApp(reason: string): Promise<void>;
  rendererMemoryBytes(): Promise<number | null>;
}

/** One way of putting the wall on a screen: the Electron kiosk, or the browser shell (with or without Chromium). */
export interface Shell {
  readonly effects: ShellEffects;
  /** Put the display on the screen; called once the runtime has its first model. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Asked before each systemd watchdog ping: false (a renderer being relaunched) withholds it. */
  healthy(): boolean;
  /** Where the display is, for the person starting it (the browser shell's URL). */
  readonly address?: string;
  /** Resolves when a display first reports that it drew a model in this process (the health check of a new release waits for it). */
  readonly firstPaint: Promise<void>;
}

/** What every shell is built from; composeDevice makes these once, before the shell. */
export interface ShellDeps {
  feed: ModelFeed;
  config: DeviceConfig;
  clock: Clock;
  logger: Logger;
  power: ScreenPower;
  /** The pictures and videos the wall may show, served from the display's own origin at media/<sha256>. */
  media?: MediaLibrary;
}

export type ShellFactory = (deps: ShellDeps) => Shell;
