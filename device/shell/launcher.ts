import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ShellChoice = { kind: 'electron'; binary: string } | { kind: 'chromium'; binary: string } | { kind: 'headless'; reason: string };

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The Electron binary if its download ever happened on this machine (`npm run electron:fetch`). */
export function electronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function findOnPath(names: string[], env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}

/** System Chromium (Debian's, or Google's build) on PATH, or null. */
export function findChromium(env: NodeJS.ProcessEnv): string | null {
  return findOnPath(CHROMIUM_NAMES, env);
}

/** Electron if present; else system Chromium when a display server is running; else headless. */
export function chooseShell(env: NodeJS.ProcessEnv, forceHeadless: boolean): ShellChoice {
  if (forceHeadless) return { kind: 'headless', reason: '--headless was given' };
  const electron = electronBinary();
  if (electron) return { kind: 'electron', binary: electron };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { kind: 'headless', reason: 'no display server (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  const chromium = findChromium(env);
  if (chromium) return { kind: 'chromium', binary: chromium };
  return { kind: 'headless', reason: 'no Electron binary and no Chromium on PATH' };
}

/**
 * The compositor's tiles: as wide as the layer (up to 2048 px) in strips, not Chromium's 256 px
 * squares. Where the screen is rastered and composited in software (a Pi without a working GPU
 * driver), every frame, a fade's step or the clock's second, hands the compositor a quad per tile
 * of every layer it draws: forty for a 1080p background in squares, three in strips (cc widens a
 * strip narrower than its tile width to 512 px high). The same pixels and, measured, the same
 * memory, in a fraction of the quads: the demo wall's whole Chromium went from 3.6-3.8 % to
 * 3.0 % of a core with "smooth" fades, interleaved runs. GPU rasterization sizes its tiles from
 * the viewport and does not read these. Both shells pass them (electron-window-options.ts).
 */
export const COMPOSITOR_TILE_SWITCHES: [string, string][] = [
  ['default-tile-width', '2048'],
  ['default-tile-height', '256'],
];

/**
 * System Chromium's switches as a kiosk on the served display, with its own profile in the data
 * dir, and its DevTools protocol on a pipe (no TCP port) for the kiosk's guard and screenshots.
 */
export function chromiumKioskArgs(url: string, profileDir: string): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--noerrdialogs',
    '--disable-infobars',
    '--disable-session-crashed-bubble',
    '--disable-features=Translate',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
    '--check-for-update-interval=31536000',
    ...COMPOSITOR_TILE_SWITCHES.map(([name, value]) => `--${name}=${value}`),
    '--remote-debugging-pipe',
  ];
}
