import type { App, Session, WebContents } from 'electron';
import { isFromApp } from './electron-ipc.js';

/**
 * Electron's security checklist, as handlers registered on the session and on every web contents.
 * The kiosk shows one page from the app; anything else a page asks for is refused, and the
 * refusal is logged once so an operator can see what the display tried to do.
 */
export interface HardeningOptions {
  production: boolean;
  /** Told about every refused navigation, window, permission or request. */
  refused(what: string, detail: string): void;
}

/** Schemes that would reach the network or the disk; the page has no business with either. */
const BLOCKED_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*', 'ftp://*/*'];

export function hardenSession(session: Session, options: HardeningOptions): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    options.refused('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => {
    options.refused('permission', 'display-media');
    callback({});
  });
  session.webRequest.onBeforeRequest({ urls: BLOCKED_URL_PATTERNS }, (details, callback) => {
    options.refused('request', details.url);
    callback({ cancel: true });
  });
}

export function hardenContents(contents: WebContents, options: HardeningOptions): void {
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (isFromApp(url)) return;
    event.preventDefault();
    options.refused('navigation', url);
  };
  contents.on('will-navigate', (event) => stayInApp(event, event.url));
  contents.on('will-frame-navigate', (event) => stayInApp(event, event.url));
  contents.on('will-redirect', (event) => stayInApp(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.refused('webview', 'attach');
  });
  contents.setWindowOpenHandler(({ url }) => {
    options.refused('window.open', url);
    return { action: 'deny' };
  });
  if (options.production) contents.on('devtools-opened', () => contents.closeDevTools());
}

/** Every web contents the app ever creates (windows, frames, workers' hosts) is hardened at birth. */
export function hardenApp(app: App, options: HardeningOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, options));
}
