import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readCurrent, releaseLayout, type ReleaseLayout } from '../../device/update/release-layout.js';
import { readJournal, type UpdateJournal } from '../../device/update/update-journal.js';
import type { PackedRelease } from '../../scripts/release/pack-release.js';
import { launchChromium } from './chromium.js';
import { freePort } from './mosquitto.js';
import { Supervisor, type Run } from './supervisor.js';
import type { UpdateCloud } from './update-cloud.js';

/**
 * A paired wall as it runs on a Pi: `installed` unpacked where the .deb would put the app, its
 * launcher (bin/luach.js, the stable boot) started by a supervisor that restarts it like
 * systemd, and a kiosk browser (real Chromium) that opens the display each time the app comes
 * up, as the browser shell's Chromium does.
 */
export class SupervisedWall {
  private holding = false;

  private constructor(
    readonly appDir: string,
    readonly dataDir: string,
    readonly supervisor: Supervisor,
    readonly browser: Browser,
    readonly page: Page,
  ) {
    supervisor.onServing((run) => void this.openKiosk(run));
  }

  static async start(up: UpdateCloud, deviceId: string, installed: PackedRelease, update: Record<string, unknown>): Promise<SupervisedWall> {
    const appDir = await up.kit.install(installed);
    const dataDir = path.join(up.kit.dir, `data-${deviceId}`);
    fs.mkdirSync(dataDir, { recursive: true });
    const paired = await up.pair(deviceId);
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ ...up.deviceConfig(paired), update: { downloadBytesPerSecond: 0, ...update } }), {
      mode: 0o600,
    });
    const port = await freePort();
    const supervisor = new Supervisor([
      process.execPath,
      path.join(appDir, 'bin', 'luach.js'),
      'start',
      '--headless',
      '--port',
      String(port),
      '--data',
      dataDir,
    ]);
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const wall = new SupervisedWall(appDir, dataDir, supervisor, browser, page);
    up.deviceOutput = () => supervisor.output;
    supervisor.start();
    await supervisor.waitFor(/Luach display:/, 20_000);
    return wall;
  }

  get layout(): ReleaseLayout {
    return releaseLayout(this.dataDir);
  }

  journal(): UpdateJournal {
    return readJournal(this.layout, new Date()).journal;
  }

  current(): string | null {
    return readCurrent(this.layout);
  }

  /** `luach doctor` as an operator runs it on the device (the installed launcher). */
  doctor(): { update: Record<string, unknown> } & Record<string, unknown> {
    return JSON.parse(execFileSync(process.execPath, [path.join(this.appDir, 'bin', 'luach.js'), 'doctor', '--data', this.dataDir], { encoding: 'utf8' }));
  }

  /** Keep the kiosk from opening the display until the returned function is called (a screen slow to come up). */
  async holdBrowser(): Promise<() => Promise<void>> {
    this.holding = true;
    // Off the display, so no live page reconnects to the next run and draws on it.
    await this.page.goto('about:blank');
    return async () => {
      this.holding = false;
      const run = this.supervisor.current;
      if (run.url) await this.openKiosk(run);
    };
  }

  /** The wall shows content: the prayer board drew. */
  async showing(timeoutMs = 20_000): Promise<void> {
    await this.page.locator('.panel .time-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    await this.browser.close();
  }

  private async openKiosk(run: Run): Promise<void> {
    if (this.holding || !run.url) return;
    await this.page.goto(run.url).catch(() => {});
  }
}
