import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDatabase } from '../device/cache/sqlite-database.js';
import { DisplayModel } from '../device/model/display-model.js';
import * as tar from 'tar';
import { CONTENT_SECURITY_POLICY } from '../device/shell/display-server.js';
import { pointCurrent, releaseLayout } from '../device/update/release-layout.js';
import { ReleaseKit } from './support/release-kit.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The built Electron main (dist/luach-main.mjs) run by plain Node with `electron` resolved to
 * this fake: it records what main asks of Electron, plays the kiosk page once the app is up
 * (fetch the page through the registered protocol, ask for the model, send a heartbeat), then
 * quits and writes the record. No Electron binary exists here; this checks main's wiring.
 */
const FAKE_ELECTRON = String.raw`
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
const report = { switches: [], schemes: null, schemesBeforeReady: false, lockRequested: false, menu: 'unset', windows: [], blockers: [], pushed: [], permissionAnswers: [], appEvents: [], exitCode: null };
let ready = false;
const appEvents = new EventEmitter();
const handlers = new Map(), listeners = new Map(), protocols = new Map();
function finish(code) {
  report.exitCode = code;
  report.appEvents = appEvents.eventNames();
  fs.writeFileSync(process.env.FAKE_ELECTRON_REPORT, JSON.stringify(report));
  process.exit(code);
}
export const app = {
  isPackaged: true,
  getVersion: () => '0.0.0-test',
  getAppMetrics: () => [],
  commandLine: { appendSwitch: (name, value) => report.switches.push(value === undefined ? [name] : [name, value]) },
  disableHardwareAcceleration() { report.gpuDisabled = true; },
  requestSingleInstanceLock() { report.lockRequested = true; return process.env.FAKE_SECOND_INSTANCE !== '1'; },
  whenReady: () => new Promise((resolve) => setImmediate(() => { ready = true; resolve(); })),
  on: (event, fn) => appEvents.on(event, fn),
  quit() {
    // Like Electron: a before-quit listener may hold the quit and call app.exit() when done.
    let held = false;
    appEvents.emit('before-quit', { preventDefault: () => { held = true; } });
    if (!held) finish(0);
  },
  exit: (code) => finish(code),
  relaunch() { report.relaunched = true; },
};
export const Menu = { setApplicationMenu: (menu) => { report.menu = menu; } };
export const protocol = {
  registerSchemesAsPrivileged(schemes) { report.schemes = schemes; report.schemesBeforeReady = !ready; },
  handle: (scheme, handler) => protocols.set(scheme, handler),
  unhandle: (scheme) => protocols.delete(scheme),
};
export const ipcMain = {
  handle: (channel, fn) => handlers.set(channel, fn),
  on: (channel, fn) => listeners.set(channel, fn),
  removeHandler: (channel) => handlers.delete(channel),
  removeAllListeners: (channel) => listeners.delete(channel),
};
export const powerSaveBlocker = { start: (type) => report.blockers.push(type), stop() {} };
export const session = { defaultSession: {
  setPermissionRequestHandler: (h) => h({}, 'media', (granted) => report.permissionAnswers.push(granted)),
  setPermissionCheckHandler() {}, setDevicePermissionHandler() {}, setDisplayMediaRequestHandler() {},
  webRequest: { onBeforeRequest: (filter) => { report.blockedUrls = filter.urls; } },
} };
class Contents extends EventEmitter {
  sent = [];
  send(channel, payload) { this.sent.push(channel); report.pushed.push(payload?.header?.hebrewDate ?? null); }
  getOSProcessId() { return 0; }
  insertCSS() { return Promise.resolve(''); }
  setWindowOpenHandler() {}
  reloadIgnoringCache() {}
}
export class BrowserWindow extends EventEmitter {
  webContents = new Contents();
  constructor(options) { super(); this.record = { options, preloadExists: fs.existsSync(options.webPreferences.preload) }; report.windows.push(this.record); }
  removeMenu() { this.record.menuRemoved = true; }
  show() { this.record.shown = true; }
  isDestroyed() { return false; }
  destroy() {}
  async loadURL(url) {
    this.record.url = url;
    setImmediate(() => this.drawFirst(url));
    setImmediate(() => this.playPage(url));
  }
  async drawFirst(url) {
    // As the page does once loaded: ask for the model, draw it, say so.
    const event = { sender: this.webContents, senderFrame: { url } };
    this.record.firstModel = await handlers.get('luach:current-model')(event);
    listeners.get('luach:ready')(event);
  }
  async playPage(url) {
    // Wait for main to finish starting (it registers 'before-quit' last), then act as the page.
    if (appEvents.listenerCount('before-quit') === 0) return setImmediate(() => this.playPage(url));
    const res = await protocols.get('luach')(new Request(url));
    this.record.page = { status: res.status, csp: res.headers.get('content-security-policy'), html: (await res.text()).slice(0, 2000) };
    this.emit('ready-to-show');
    const event = { sender: this.webContents, senderFrame: { url } };
    report.currentModel = await handlers.get('luach:current-model')(event);
    listeners.get('luach:heartbeat')(event, { modelsReceived: 1, listening: true });
    app.quit();
  }
}
`;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./fake-electron.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
`;

let work: string;
let main: ReturnType<typeof runMain>;

function runMain(env: Record<string, string> = {}, dataDir = path.join(work, 'data'), flags: string[] = [], entry = 'dist/luach-main.mjs') {
  const reportFile = path.join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const notifyLog = path.join(work, 'notify.log');
  fs.rmSync(notifyLog, { force: true });
  const run = spawnSync(process.execPath, ['--import', path.join(work, 'register.mjs'), path.join(ROOT, entry), `--data=${dataDir}`, ...flags], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      PATH: `${path.join(work, 'bin')}:${process.env.PATH}`,
      NOTIFY_SOCKET: '/run/fake-notify',
      WATCHDOG_USEC: '60000000',
      FAKE_ELECTRON_REPORT: reportFile,
      FAKE_NOTIFY_LOG: notifyLog,
      LUACH_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : undefined;
  const notified = fs.existsSync(notifyLog) ? fs.readFileSync(notifyLog, 'utf8').trim().split('\n') : [];
  return { run, report, notified };
}

beforeAll(() => {
  for (const built of ['dist/luach-main.mjs', 'dist/preload.cjs', 'dist/display/index.html']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` before this test (npm test does)`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-main-'));
  fs.writeFileSync(path.join(work, 'fake-electron.mjs'), FAKE_ELECTRON);
  fs.writeFileSync(path.join(work, 'hooks.mjs'), HOOKS);
  // As inside Electron: \`electron\` resolves (to the fake) and process.versions names it.
  fs.writeFileSync(
    path.join(work, 'register.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\nObject.defineProperty(process.versions, 'electron', { value: '41.7.1', enumerable: true });\n",
  );
  fs.mkdirSync(path.join(work, 'bin'));
  // systemd-notify, as the kiosk calls it under the unit: record each call's arguments.
  fs.writeFileSync(path.join(work, 'bin', 'systemd-notify'), '#!/bin/sh\necho "$*" >> "$FAKE_NOTIFY_LOG"\n', { mode: 0o755 });
  main = runMain();
}, 60_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the built Electron main, against a fake electron module', () => {
  it('sets the platform flags and the luach scheme before ready, takes the single-instance lock and removes the menu', () => {
    const { run, report } = main;
    expect(run.stderr).toBe('');
    expect(report.switches).toContainEqual(['ozone-platform-hint', 'auto']);
    // The compositor's tiles as the browser shell's kiosk has them (device/shell/launcher.ts).
    expect(report.switches).toEqual(
      expect.arrayContaining([
        ['default-tile-width', '2048'],
        ['default-tile-height', '256'],
      ]),
    );
    expect(report.schemesBeforeReady).toBe(true);
    expect(report.schemes).toEqual([expect.objectContaining({ scheme: 'luach', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(report.lockRequested).toBe(true);
    expect(report.menu).toBeNull();
    expect(report.appEvents).toContain('web-contents-created');
  });

  it('opens one hardened kiosk window on luach://app/ with the bundled preload, and the page gets the display with the CSP', () => {
    const { report } = main;
    expect(report.windows).toHaveLength(1);
    const [window] = report.windows;
    expect(window.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, show: false, backgroundColor: '#000000' });
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(window.options.webPreferences.preload).toBe(path.join(ROOT, 'dist', 'preload.cjs'));
    expect(window.preloadExists).toBe(true);
    expect(window.menuRemoved).toBe(true);
    expect(window.shown).toBe(true);
    expect(window.url).toBe('luach://app/index.html');
    expect(window.page).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY });
    expect(window.page.html).toMatch(/<script/);
    expect(report.blockers).toEqual(['prevent-display-sleep']);
    expect(report.permissionAnswers).toEqual([false]);
    expect(report.blockedUrls).toContain('https://*/*');
  });

  it('serves the runtime’s DisplayModel to the page, tells systemd READY and STOPPING, and exits cleanly on quit', () => {
    const { run, report, notified } = main;
    expect(() => DisplayModel.parse(report.currentModel)).not.toThrow();
    expect(report.exitCode).toBe(0);
    expect(run.status).toBe(0);
    expect(notified[0]).toMatch(/^--pid=\d+ READY=1 STATUS=showing the display$/);
    expect(notified.at(-1)).toMatch(/^--pid=\d+ STOPPING=1$/);
  });

  it('switches to software rendering when LUACH_DISABLE_GPU=1', () => {
    const { report } = runMain({ LUACH_DISABLE_GPU: '1' });
    expect(report.gpuDisabled).toBe(true);
    expect(report.switches).toContainEqual(['disable-gpu']);
  });

  it('exits non-zero, saying which setting is wrong, when the config file is bad', () => {
    const dataDir = path.join(work, 'bad-config');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ colour: 'blue' }));
    const { run, report } = runMain({}, dataDir);
    expect(report.exitCode).toBe(1);
    expect(report.windows).toEqual([]);
    expect(run.stderr).toMatch(/config\.json: colour: is not a known setting/);
  });

  it('reads the config file `luach start --config` names, as the browser shell does', () => {
    const elsewhere = path.join(work, 'etc', 'luach.json');
    fs.mkdirSync(path.dirname(elsewhere), { recursive: true });
    fs.writeFileSync(elsewhere, JSON.stringify({ colour: 'blue' }));
    const { run, report } = runMain({}, path.join(work, 'data-config-flag'), [`--config=${elsewhere}`]);
    expect(report.exitCode).toBe(1);
    expect(run.stderr).toContain(`${elsewhere}: colour: is not a known setting`);
  });

  it('arms the nightly maintenance reload, as the browser shell does', () => {
    const dataDir = path.join(work, 'data-jobs');
    runMain({ LUACH_LOG_LEVEL: 'info' }, dataDir);
    const events = fs
      .readFileSync(path.join(dataDir, 'logs', 'luach.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event?: string });
    expect(events.map((e) => e.event)).toContain('maintenance.planned');
  });

  it('leaves the screen to the first instance when another kiosk already runs', () => {
    const { report } = runMain({ FAKE_SECOND_INSTANCE: '1' });
    expect(report.windows).toEqual([]);
    expect(report.exitCode).toBe(0);
  });
});

const logEvents = (dataDir: string) =>
  fs
    .readFileSync(path.join(dataDir, 'logs', 'luach.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event?: string }).event);

/**
 * Run the kiosk once, until the model it kept is valid for a while yet (bounded: a boundary may
 * fall just then), and mark that kept model so a page can tell it from the device's own.
 */
function keepMarkedWall(dataDir: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    expect(runMain({}, dataDir).report.exitCode).toBe(0);
    const db = sqliteDatabase(path.join(dataDir, 'cache.sqlite'));
    try {
      const { until } = db.prepare('SELECT max(until_ms) AS until FROM kept_model').get() as { until: number | null };
      if (until !== null && until > Date.now() + 20_000) {
        db.prepare("UPDATE kept_model SET body = json_set(body, '$.header.hebrewDate', 'as kept')").run();
        // The next run's log is read alone.
        fs.rmSync(path.join(dataDir, 'logs'), { recursive: true, force: true });
        return;
      }
    } finally {
      db.close();
    }
  }
  throw new Error('three runs in a row kept no model valid for 20 s more');
}

// Each of these runs the whole main up to four times (keepMarkedWall's runs, then the restart):
// a few seconds on a quiet machine, far more than vitest's default 30 s beside a loaded CI run.
const RESTART_TEST_MS = 180_000;

describe('a restart of the Electron kiosk', () => {
  it('opens its one window on the wall it showed last before the device loads, then shows the device’s model in it', { timeout: RESTART_TEST_MS }, () => {
    const dataDir = path.join(work, 'data-restart');
    keepMarkedWall(dataDir);
    const { run, report } = runMain({ LUACH_LOG_LEVEL: 'info' }, dataDir);
    expect(run.stderr).toBe('');
    expect(report.exitCode).toBe(0);
    expect(report.windows).toHaveLength(1);
    // The page's first model is the kept one, and it drew it before anything of the device was loaded.
    expect(report.windows[0].firstModel.header.hebrewDate).toBe('as kept');
    const events = logEvents(dataDir);
    const painted = events.indexOf('display.early-painted');
    expect(events.indexOf('display.early')).toBeGreaterThanOrEqual(0);
    expect(painted).toBeGreaterThan(events.indexOf('display.early'));
    // Only the shell's own events before it (the fake session asks for a permission as it is hardened).
    expect(events.slice(0, painted).filter((event) => !/^(display\.early|shell\.(ready|refused))$/.test(event ?? ''))).toEqual([]);
    expect(events.indexOf('display.capability')).toBeGreaterThan(painted);
    // Then the same window turned to the device's own model: pushed to the page, and what it is asked for.
    expect(report.pushed.at(-1)).toEqual(expect.any(String));
    expect(report.pushed.at(-1)).not.toBe('as kept');
    expect(report.currentModel.header.hebrewDate).toBe(report.pushed.at(-1));
  });

  it('opens no window on the kept wall while another luach holds the data directory, and refuses to start', { timeout: RESTART_TEST_MS }, () => {
    const dataDir = path.join(work, 'data-held');
    keepMarkedWall(dataDir);
    // A live process (this test's runner) holds the lock.
    fs.writeFileSync(path.join(dataDir, 'luach.lock'), `${process.pid}\n`);
    const { run, report } = runMain({}, dataDir);
    expect(report.exitCode).toBe(1);
    expect(report.windows).toEqual([]);
    expect(run.stderr).toContain(`another luach (pid ${process.pid}) is already running on ${dataDir}`);
  });
});

describe('the app’s main (package.json), the boot', () => {
  it('runs the release `current` names, with that release’s own preload and display', async () => {
    const kit = ReleaseKit.create();
    try {
      const dataDir = path.join(work, 'data-release');
      const release = await kit.pack('0.2.0');
      const layout = releaseLayout(dataDir);
      fs.mkdirSync(layout.releaseDir('0.2.0'), { recursive: true });
      await tar.x({ file: release.artifact, cwd: layout.releaseDir('0.2.0') });
      pointCurrent(layout, '0.2.0');
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
      const { run, report } = runMain({}, dataDir, [], pkg.main);
      expect(run.stderr).toBe('');
      expect(report.windows[0].options.webPreferences.preload).toBe(path.join(layout.releaseDir('0.2.0'), 'dist', 'preload.cjs'));
      expect(report.windows[0].page).toMatchObject({ status: 200 });
      expect(report.exitCode).toBe(0);
    } finally {
      kit.dispose();
    }
  });
});

describe('the bundled preload', () => {
  it('runs with nothing but require("electron") (as in a sandbox) and exposes one object, window.luach', () => {
    const exposed: Record<string, unknown> = {};
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: { on() {}, send() {}, invoke: () => Promise.resolve(null) },
    };
    const sandbox = {
      require: (name: string) => {
        if (name === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require "${name}"`);
      },
      module: { exports: {} },
      console,
      setInterval,
    };
    vm.runInNewContext(fs.readFileSync(path.join(ROOT, 'dist/preload.cjs'), 'utf8'), sandbox, { filename: 'preload.cjs' });
    expect(Object.keys(exposed)).toEqual(['luach']);
    expect(Object.keys(exposed.luach as object).sort()).toEqual(['drawn', 'heartbeat', 'onModel', 'ready']);
    expect(Object.isFrozen(exposed.luach)).toBe(true);
  });
});
