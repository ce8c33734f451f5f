import type { BrowserWindowConstructorOptions } from 'electron';
import { COMPOSITOR_TILE_SWITCHES } from './launcher.js';

/**
 * The kiosk window, by Electron's security checklist: the page gets no Node, runs sandboxed in
 * an isolated world, and may not load insecure content, webviews or devtools in production.
 * It opens hidden and black and is shown on 'ready-to-show', so the wall never flashes white.
 */
export function kioskWindowOptions(input: { preload: string; production: boolean }): BrowserWindowConstructorOptions {
  return {
    show: false,
    backgroundColor: '#000000',
    frame: false,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !input.production,
      safeDialogs: true,
      // The display keeps its clock and slide timers exact even when the compositor thinks it is hidden.
      backgroundThrottling: false,
      autoplayPolicy: 'no-user-gesture-required',
    },
  };
}

/** A user-agent stylesheet (outside the page's CSP): no cursor anywhere, ever. */
export const HIDE_CURSOR_CSS = '*, *::before, *::after { cursor: none !important; }';

export interface PlatformFlags {
  /** Chromium command-line switches, as [name, value?] for app.commandLine.appendSwitch. */
  switches: [string, string?][];
  /** Call app.disableHardwareAcceleration() before ready. */
  disableGpu: boolean;
}

/**
 * Chromium switches for a Pi 4/5 under Wayland (labwc, the Pi OS default) or X11.
 * `ozone-platform-hint=auto` picks Wayland when WAYLAND_DISPLAY is set and X11 otherwise.
 * The safe fallback when the GPU misbehaves (black window, flicker, a GPU process crash loop on
 * a firmware/Mesa mismatch) is software rendering: set LUACH_DISABLE_GPU=1 in the unit's
 * environment, or pass --disable-gpu. It costs CPU, but a text display stays smooth.
 */
export function platformFlags(env: NodeJS.ProcessEnv, argv: readonly string[]): PlatformFlags {
  const disableGpu = env.LUACH_DISABLE_GPU === '1' || argv.includes('--disable-gpu');
  const switches: [string, string?][] = [
    ['ozone-platform-hint', 'auto'],
    ['noerrdialogs'],
    ['disable-session-crashed-bubble'],
    ['disable-pinch'],
    ['overscroll-history-navigation', '0'],
    ['autoplay-policy', 'no-user-gesture-required'],
    // A display is never "in the background": timers and animation must keep their pace.
    ['disable-renderer-backgrounding'],
    ['disable-background-timer-throttling'],
    ['disable-backgrounding-occluded-windows'],
    ['disable-features', 'Translate,MediaRouter,HardwareMediaKeyHandling'],
    ['disable-component-update'],
    ...COMPOSITOR_TILE_SWITCHES,
  ];
  if (disableGpu) switches.push(['disable-gpu'], ['disable-gpu-compositing']);
  return { switches, disableGpu };
}
