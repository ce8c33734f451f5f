import { browserShellEffects } from './browser-effects.js';
import { wallKiosk, type ChromiumKiosk } from './chromium-kiosk.js';
import { DisplayAcks } from './display-acks.js';
import { DisplayServer, displayAssetsDir } from './display-server.js';
import type { Shell, ShellDeps, ShellEffects, ShellFactory } from './shell.js';
import type { DrawnReport } from '../model/drawn-report.js';

/**
 * The browser shell: the display served on loopback (HTTP + SSE), shown by the system's
 * Chromium as a kiosk when a screen is attached, or only served (headless) for a browser
 * elsewhere to open. `chromium` is the binary to launch, or null for headless. `early` is the
 * server a restart already started with the last shown model (device/shell/early-wall.ts), and
 * `kiosk` the Chromium a restart already showed it in: the shell takes them over, at the same
 * address, instead of starting its own.
 */
export function browserShell(options: { chromium: string | null; early?: DisplayServer | undefined; kiosk?: ChromiumKiosk | undefined }): ShellFactory {
  return (deps) => new BrowserShell(deps, options.chromium, options.early, options.kiosk);
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
    private readonly earlyKiosk: ChromiumKiosk | undefined,
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
    if (this.earlyKiosk) {
      // Already showing the early wall, which is this server: it stays, and the page gets the
      // device's model. It said when it first drew (display.early-painted).
      this.kiosk = this.earlyKiosk;
      return;
    }
    // How long the wall was dark from the process's start.
    void this.server.firstPaint.then(() =>
      this.deps.logger.info({ event: 'display.first-paint', ms: this.server.firstPaintMs }, 'the display drew its first model'),
    );
    if (!this.chromium) return;
    const { config, logger, clock } = this.deps;
    this.kiosk = wallKiosk({ binary: this.chromium, url, dataDir: config.dataDir, flags: config.chromiumFlags, logger, clock });
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
