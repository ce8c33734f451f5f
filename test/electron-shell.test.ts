import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../device/clock.js';
import { ScreenPower } from '../device/host/power.js';
import { CONTENT_SECURITY_POLICY } from '../device/shell/display-server.js';
import { hardenContents } from '../device/shell/electron-hardening.js';
import { IPC } from '../device/shell/electron-ipc.js';
import { ElectronShell, electronShell, type ElectronApis } from '../device/shell/electron-shell.js';
import { HIDE_CURSOR_CSS, platformFlags } from '../device/shell/electron-window-options.js';
import type { DeviceConfig } from '../device/config.js';
import type { MediaLibrary } from '../device/shell/media-route.js';
import { demoModel, ManualFeed } from './support/model-server.js';

/**
 * A thin fake of the few Electron objects the shell touches. It records what the shell asked
 * for (options, handlers, reloads) and lets a test play the renderer's side of the IPC.
 */
class FakeContents extends EventEmitter {
  readonly sent: [string, unknown][] = [];
  readonly css: string[] = [];
  reloads = 0;
  devtoolsClosed = 0;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  insertCSS(css: string) {
    this.css.push(css);
    return Promise.resolve('key');
  }
  reloadIgnoringCache() {
    this.reloads += 1;
  }
  closeDevTools() {
    this.devtoolsClosed += 1;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getOSProcessId() {
    return 4711;
  }
  capturePage() {
    return Promise.resolve({ toPNG: () => Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  }
}

class FakeWindow extends EventEmitter {
  static last?: FakeWindow;
  readonly webContents = new FakeContents();
  shown = false;
  menuRemoved = false;
  destroyed = false;
  loaded?: string;
  constructor(readonly options: WindowOptions) {
    super();
    FakeWindow.last = this;
  }
  removeMenu() {
    this.menuRemoved = true;
  }
  show() {
    this.shown = true;
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

type Listener = (event: unknown, ...args: unknown[]) => unknown;
type WindowOptions = ConstructorParameters<ElectronApis['BrowserWindow']>[0];
type PermissionRequest = (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
type BeforeRequest = (details: { url: string }, cb: (response: { cancel: boolean }) => void) => void;

function fakeElectron() {
  const handlers = new Map<string, Listener>();
  const listeners = new Map<string, Listener>();
  const protocols = new Map<string, (request: Request) => Promise<Response>>();
  const session = {
    permissionRequest: undefined as PermissionRequest | undefined,
    permissionCheck: undefined as (() => boolean) | undefined,
    devicePermission: undefined as (() => boolean) | undefined,
    blocked: undefined as { urls: string[]; listener: BeforeRequest } | undefined,
    setPermissionRequestHandler(h: PermissionRequest) {
      this.permissionRequest = h;
    },
    setPermissionCheckHandler(h: () => boolean) {
      this.permissionCheck = h;
    },
    setDevicePermissionHandler(h: () => boolean) {
      this.devicePermission = h;
    },
    setDisplayMediaRequestHandler() {},
    webRequest: {} as { onBeforeRequest(filter: { urls: string[] }, listener: BeforeRequest): void },
  };
  session.webRequest.onBeforeRequest = (filter, listener) => (session.blocked = { urls: filter.urls, listener });
  const blockers = { started: [] as string[], stopped: [] as number[] };
  const relaunches: string[] = [];
  const apis = {
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, h: Listener) => handlers.set(channel, h),
      on: (channel: string, h: Listener) => listeners.set(channel, h),
      removeHandler: (channel: string) => handlers.delete(channel),
      removeAllListeners: (channel: string) => listeners.delete(channel),
    },
    protocol: {
      handle: (scheme: string, h: (request: Request) => Promise<Response>) => protocols.set(scheme, h),
      unhandle: (scheme: string) => protocols.delete(scheme),
    },
    session,
    powerSaveBlocker: { start: (type: string) => blockers.started.push(type), stop: (id: number) => blockers.stopped.push(id) },
    appMetrics: () => [
      { pid: 1, type: 'Browser', memory: { workingSetSize: 90_000 } },
      { pid: 4711, type: 'Tab', memory: { workingSetSize: 150_000 } },
    ],
    relaunch: (reason: string) => relaunches.push(reason),
  };
  return { apis: apis as unknown as ElectronApis, handlers, listeners, protocols, session, blockers, relaunches };
}

const START = new Date('2026-11-25T03:00:00Z');
const kiosk = () => ({ sender: FakeWindow.last!.webContents, senderFrame: { url: 'luach://app/index.html' } });
const beat = { modelsReceived: 1, listening: true };

async function startShell(production = true) {
  const electron = fakeElectron();
  const clock = new VirtualClock(START);
  const feed = new ManualFeed(demoModel(START));
  const shell = new ElectronShell({
    electron: electron.apis,
    feed,
    clock,
    logger: pino({ level: 'silent' }),
    assetsDir: 'dist/display',
    preload: '/opt/luach/preload.cjs',
    production,
    power: new ScreenPower({ run: async () => '', env: {}, now: () => clock.now() }),
  });
  await shell.start();
  return { ...electron, clock, feed, shell, window: FakeWindow.last! };
}

let running: ElectronShell | undefined;
afterEach(() => running?.stop());

describe('the kiosk window', () => {
  it('is one black, frameless, fullscreen kiosk with no menu, shown only when ready', async () => {
    const { window, shell } = await startShell();
    running = shell;
    expect(window.options).toMatchObject({ show: false, backgroundColor: '#000000', frame: false, kiosk: true, fullscreen: true, autoHideMenuBar: true });
    expect(window.menuRemoved).toBe(true);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.css).toEqual([HIDE_CURSOR_CSS]);
  });

  it('runs the page isolated, sandboxed, without Node, with web security, and without devtools in production', async () => {
    const { window, shell } = await startShell(true);
    running = shell;
    expect(window.options.webPreferences).toMatchObject({
      preload: '/opt/luach/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    shell.stop();
    const dev = await startShell(false);
    running = dev.shell;
    expect(dev.window.options.webPreferences?.devTools).toBe(true);
  });

  it('loads the display from the app itself, with the CSP, and keeps the display awake', async () => {
    const { window, protocols, blockers, shell } = await startShell();
    running = shell;
    expect(window.loaded).toBe('luach://app/index.html');
    const res = await protocols.get('luach')!(new Request('luach://app/index.html'));
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(blockers.started).toEqual(['prevent-display-sleep']);
    shell.stop();
    expect(protocols.has('luach')).toBe(false);
    expect(blockers.stopped).toHaveLength(1);
  });
});

describe('hardening', () => {
  it('denies every permission request and cancels every request to the network or the disk', async () => {
    const { session, shell } = await startShell();
    running = shell;
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal'])
      session.permissionRequest!({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false]);
    expect(session.permissionCheck!()).toBe(false);
    expect(session.devicePermission!()).toBe(false);
    // Every scheme that leaves the app, to the network or the disk, is caught and cancelled.
    expect(session.blocked!.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*', 'ftp://*/*']));
    for (const url of ['https://example.com/x.js', 'wss://example.com/socket', 'file:///etc/passwd']) {
      let cancel = false;
      session.blocked!.listener({ url }, (r) => (cancel = r.cancel));
      expect(cancel, url).toBe(true);
    }
  });

  it('keeps every web contents on luach://app/: navigation, redirects, webviews and window.open are refused', () => {
    const contents = new FakeContents();
    const refused: string[] = [];
    hardenContents(contents as never, { production: true, refused: (what, detail) => refused.push(`${what} ${detail}`) });
    const navigate = (name: string, url: string) => {
      let prevented = false;
      contents.emit(name, { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(navigate('will-navigate', 'luach://app/index.html')).toBe(false);
    expect(navigate('will-attach-webview', 'luach://app/')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    contents.emit('devtools-opened');
    expect(contents.devtoolsClosed).toBe(1);
    expect(refused).toContain('window.open https://evil.example/');
  });

  it('uses flags that work under Wayland and X11, and software rendering as the GPU fallback', () => {
    const wayland = platformFlags({ WAYLAND_DISPLAY: 'wayland-0' }, []);
    expect(wayland.switches).toContainEqual(['ozone-platform-hint', 'auto']);
    expect(wayland.disableGpu).toBe(false);
    const fallback = platformFlags({ DISPLAY: ':0', LUACH_DISABLE_GPU: '1' }, []);
    expect(fallback.disableGpu).toBe(true);
    expect(fallback.switches).toContainEqual(['disable-gpu']);
    expect(platformFlags({}, ['--disable-gpu']).disableGpu).toBe(true);
  });
});

describe('the model feed over IPC', () => {
  it('answers the current model to the kiosk page only, and pushes every new model', async () => {
    const { handlers, feed, window, shell } = await startShell();
    running = shell;
    const current = handlers.get(IPC.currentModel)!;
    expect(current(kiosk())).toEqual(feed.current());
    expect(() => current({ sender: window.webContents, senderFrame: { url: 'https://evil.example/' } })).toThrow('not the kiosk page');
    expect(() => current({ sender: new FakeContents(), senderFrame: { url: 'luach://app/index.html' } })).toThrow('not the kiosk page');
    const next = demoModel(new Date('2026-11-25T10:00:00Z'));
    feed.publish(next);
    expect(window.webContents.sent).toEqual([[IPC.model, next]]);
  });
});

describe('the first paint', () => {
  it('is the kiosk page saying it drew its first model, and no other page saying so', async () => {
    const { listeners, shell } = await startShell();
    running = shell;
    let painted = false;
    void shell.firstPaint.then(() => (painted = true));
    const ready = listeners.get(IPC.ready)!;
    ready({ ...kiosk(), senderFrame: { url: 'https://evil.example/' } });
    await Promise.resolve();
    expect(painted).toBe(false);
    ready(kiosk());
    await expect.poll(() => painted).toBe(true);
  });
});

describe('a restart’s early window', () => {
  it('shows the kept model, then turns that same window to the device’s feed, files and screen power', async () => {
    const electron = fakeElectron();
    const clock = new VirtualClock(START);
    const logger = pino({ level: 'silent' });
    const base = { electron: electron.apis, assetsDir: 'dist/display', preload: '/opt/luach/preload.cjs', production: true };
    const demo = demoModel(START);
    const keptFeed = new ManualFeed({ ...demo, header: { ...demo.header, hebrewDate: 'as kept' } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-early-media-'));
    const library = (name: string): MediaLibrary => {
      fs.writeFileSync(path.join(dir, name), name);
      return { lookup: (sha256) => (sha256 === 'a'.repeat(64) ? { file: path.join(dir, name), mimeType: 'image/png' } : undefined) };
    };
    const keptPower = { state: { power: 'unknown' as const }, set: () => Promise.reject(new Error('not yet')) };
    const early = new ElectronShell({ ...base, feed: keptFeed, media: library('kept'), clock, logger, power: keptPower });
    running = early;
    await early.start();
    const window = FakeWindow.last!;
    const current = () => electron.handlers.get(IPC.currentModel)!(kiosk()) as ReturnType<ManualFeed['current']>;
    const picture = async () => (await electron.protocols.get('luach')!(new Request(`luach://app/media/${'a'.repeat(64)}`))).text();
    expect(current().header.hebrewDate).toBe('as kept');
    expect(await picture()).toBe('kept');

    const feed = new ManualFeed(demo);
    const power = new ScreenPower({ run: async () => '', env: { WAYLAND_DISPLAY: 'wayland-1' }, now: () => clock.now() });
    const shell = electronShell(base, early)({ feed, config: {} as DeviceConfig, clock, logger, power, media: library('device') });
    expect(shell).toBe(early);
    await shell.start();
    // No second window, no reload: the page is handed the device's model, and asks it of the device from now on.
    expect(FakeWindow.last).toBe(window);
    expect(window.webContents.reloads).toBe(0);
    expect(window.webContents.sent).toEqual([[IPC.model, demo]]);
    expect(current()).toEqual(demo);
    expect(await picture()).toBe('device');
    keptFeed.publish(demoModel(new Date('2026-11-25T10:00:00Z')));
    const next = demoModel(new Date('2026-11-25T11:00:00Z'));
    feed.publish(next);
    expect(window.webContents.sent).toEqual([
      [IPC.model, demo],
      [IPC.model, next],
    ]);
    await shell.effects.setDisplayPower(false);
    expect(shell.effects.displayPower()).toBe('off');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('staying up', () => {
  it('reloads after 30 s without a heartbeat, three times, then relaunches the app', async () => {
    const { clock, window, relaunches, shell } = await startShell();
    running = shell;
    clock.advanceBy(29_000);
    expect(window.webContents.reloads).toBe(0);
    clock.advanceBy(90_000);
    expect(window.webContents.reloads).toBe(3);
    expect(relaunches).toEqual([]);
    clock.advanceBy(30_000);
    expect(relaunches).toHaveLength(1);
    expect(relaunches[0]).toMatch(/3 reloads did not bring it back/);
  });

  it('stays quiet while the page beats every 10 s, and ignores beats that are malformed or not from the page', async () => {
    const { clock, window, listeners, shell } = await startShell();
    running = shell;
    const heartbeat = listeners.get(IPC.heartbeat)!;
    const stop = clock.every(10_000, () => heartbeat(kiosk(), beat));
    clock.advanceBy(3600_000);
    expect(window.webContents.reloads).toBe(0);
    stop();
    const forged = clock.every(10_000, () => {
      heartbeat({ ...kiosk(), senderFrame: { url: 'https://evil.example/' } }, beat);
      heartbeat(kiosk(), { modelsReceived: -1, listening: true });
    });
    clock.advanceBy(31_000);
    expect(window.webContents.reloads).toBe(1);
    forged();
  });

  it('reloads at once when the render process is gone or the window hangs', async () => {
    const { window, shell } = await startShell();
    running = shell;
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    window.emit('unresponsive');
    expect(window.webContents.reloads).toBe(2);
  });

  it('captures the screen as PNG bytes for the screenshot command', async () => {
    const { shell } = await startShell();
    running = shell;
    expect([...(await shell.capturePng())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('measures the kiosk renderer’s memory, not the main process’s', async () => {
    const { shell } = await startShell();
    running = shell;
    expect(await shell.rendererMemoryBytes()).toBe(150_000 * 1024);
  });
});
