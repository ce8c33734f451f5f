import path from 'node:path';
import { browserShellEffects } from './browser-effects.js';
import { ChromiumKiosk } from './chromium-kiosk.js';
import { DisplayAcks } from './display-acks.js';
import { DisplayServer, displayAssetsDir } from './display-server.js';
import type { Shell, ShellDeps, ShellEffects, ShellFactory } from './shell.js';
import type { DrawnReport } from '../model/drawn-report.js';

/**
 * The browser shell: the display served on loopback (HTTP + SSE), shown by the system's
 * Chromium as a kiosk when a screen is attached, or only served (headless) for a browser
 * elsewhere to open. `chromium` is the binary to launch, or null for headless. `early` is the
 * server a restart already started with the last shown model (device/shell/early-wall.ts): the
 * shell takes it over, at the same address, instead of starting its own.
 */
export function browserShell(options: { chromium: string | null; early?: DisplayServer | undefined }): ShellFactory {
  return (deps) => new BrowserShell(deps, options.chromium, options.early);
}

class BrowserShell implements Shell {
  readonly effects: ShellEffects;
  private readonly server: DisplayServer;
  private readonly acks: DisplayAcks;
  private kiosk?: ChromiumKiosk;
  private readonly parts: Parameters<DisplayServer['adopt']>[0];

  constructor(
    private readonly deps: ShellDeps,
    private readonly chromium: string | null,
    private readonly early: DisplayServer | undefined,
  ) {
    const { feed, config, logger, power, clock } = deps;
    this.acks = new DisplayAcks(clock, () => this.server.attachedDisplays);
    this.parts = {
      feed,
      logger,
      media: deps.media,
      onDrawn: (report: DrawnReport) => {
        this.acks.report(report);
        this.kiosk?.beat();
      },
    };
    this.server = early ?? new DisplayServer({ ...this.parts, assetsDir: displayAssetsDir(), port: config.port });
    this.effects = browserShellEffects({ devtools: () => this.kiosk?.devtools, server: this.server, acks: this.acks, power });
  }

  get firstPaint(): Promise<void> {
    return this.server.firstPaint;
  }

  get address(): string {
    return this.server.url;
  }

  async start(): Promise<void> {
    // The runtime has its first model now: an early server turns from the kept model to it.
    this.early?.adopt(this.parts);
    const url = this.early ? this.server.url : await this.server.start();
    this.deps.logger.info({ event: 'display.serving', url, shell: this.chromium ? 'chromium' : 'headless' }, 'display served');
    if (!this.chromium) return;
    this.kiosk = new ChromiumKiosk({
      binary: this.chromium,
      url,
      profileDir: path.join(this.deps.config.dataDir, 'chromium'),
      logger: this.deps.logger,
      clock: this.deps.clock,
      // Under systemd (Restart=always) a clean exit is a restart, with a fresh Chromium.
      relaunch: (reason) => {
        this.deps.logger.error({ event: 'kiosk.restart-app', reason }, 'the kiosk page did not come back; restarting the app');
        process.kill(process.pid, 'SIGTERM');
      },
    });
    await this.kiosk.start();
  }

  async stop(): Promise<void> {
    this.acks.close('the display is shutting down');
    await this.kiosk?.stop();
    this.kiosk = undefined;
    await this.server.stop();
  }

  healthy(): boolean {
    return true;
  }
}
