import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DisplayModel } from '../model/display-model.js';
import { parseDrawnReport, type DrawnReport } from '../model/drawn-report.js';
import type { ModelFeed } from '../model/model-feed.js';
import type { Logger } from '../log.js';
import { answerMedia, type MediaLibrary } from './media-route.js';

/** No remote scripts, fonts, frames or forms; the display talks only to the device that serves it. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every response of the display, in the browser shell and (by electron-protocol.ts) in the kiosk. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The page's element that carries the model it was served with (display/feed.ts reads it). */
export const INLINE_MODEL_ID = 'luach-model';

/**
 * The display's page with `model` written into it, so the page draws its first picture without
 * waiting for its event stream to connect (a round trip through the network service after the
 * script has run). A JSON data block: not a script, so the page's CSP (script-src 'self') is not
 * loosened; every `<` is written as \u003c, so no text of the model can close the block.
 * The page unchanged if it has no </body> to put it before.
 */
export function withInlineModel(html: string, model: DisplayModel): string {
  const at = html.lastIndexOf('</body>');
  if (at < 0) return html;
  const json = JSON.stringify(model).replaceAll('<', '\\u003c');
  return `${html.slice(0, at)}<script type="application/json" id="${INLINE_MODEL_ID}">${json}</script>\n  ${html.slice(at)}`;
}

/** A drawn report is a few dozen bytes. */
const MAX_DRAWN_BYTES = 1024;

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/**
 * The application's root: the nearest directory above this module holding package.json. The
 * same from source (device/shell/), from the bundle's chunks (dist/chunks/cli/) and in the
 * packaged kiosk (resources/app/dist/...).
 */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}: luach is not installed as an application`);
    dir = up;
  }
  return dir;
}

/** The built display (Vite's output, dist/display under the application's root). */
export function displayAssetsDir(): string {
  const dir = path.join(appRoot(), 'dist', 'display');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`the display is not built: ${dir} holds no index.html (run \`npm run build\`)`);
  return dir;
}

export interface DisplayServerOptions {
  feed: ModelFeed;
  assetsDir: string;
  port: number;
  host?: string;
  /** Only its warnings are used: a restart's early wall has no device logger yet. */
  logger: Pick<Logger, 'warn'>;
  /** The pictures and videos of the state, served at /media/<sha256>. */
  media?: MediaLibrary | undefined;
  /** A page reported what it drew (POST /drawn). */
  onDrawn?: ((report: DrawnReport) => void) | undefined;
}

/**
 * The browser shell's server, on loopback only: the display's static files, the current model
 * as JSON, and a live feed of models over server-sent events.
 */
export class DisplayServer {
  private server?: http.Server;
  private readonly clients = new Set<http.ServerResponse>();
  private unsubscribe?: () => void;
  private keepAlive?: NodeJS.Timeout;
  /** Names this server's stream: a page that reconnects from another one (the app restarted, maybe as a new release) reloads. */
  private readonly streamId = randomUUID();
  private reportPainted!: () => void;
  /** Resolves when a page first reports it drew a model (POST /drawn). */
  readonly firstPaint = new Promise<void>((resolve) => (this.reportPainted = resolve));
  /** When that was, in milliseconds since the process started (performance.now()). */
  firstPaintMs?: number;

  private options: DisplayServerOptions;

  constructor(options: DisplayServerOptions) {
    this.options = options;
  }

  /**
   * Take over a server started early with the last shown model (device/shell/early-wall.ts):
   * from now on it serves the device's own feed, media and logger, and every open page is sent
   * the feed's model at once. The address, and so the kiosk's page, stay as they were.
   */
  adopt(parts: Pick<DisplayServerOptions, 'feed' | 'logger' | 'media' | 'onDrawn'>): void {
    this.options = { ...this.options, ...parts };
    if (!this.server) return;
    this.unsubscribe?.();
    this.unsubscribe = parts.feed.subscribe((model) => this.broadcast(model));
    this.broadcast(parts.feed.current());
  }

  /** How many pages have the display open (their event streams). */
  get attachedDisplays(): number {
    return this.clients.size;
  }

  /** Listen; resolves with the URL the display is served at. Port 0 picks a free port. */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.unsubscribe = this.options.feed.subscribe((model) => this.broadcast(model));
    // Proxies and sleeping sockets drop silent streams; a comment line every 25 s keeps them open.
    this.keepAlive = setInterval(() => this.clients.forEach((c) => c.write(': keep-alive\n\n')), 25_000);
    this.keepAlive.unref();
    return this.url;
  }

  get url(): string {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the display server is not listening');
    return `http://127.0.0.1:${address.port}/`;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.end();
    this.clients.clear();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Any request gets an answer: a malformed target or path is a 400, never a dead server. */
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    try {
      this.route(req, res);
    } catch (error) {
      this.options.logger.warn({ event: 'display.bad-request', url: req.url?.slice(0, 200), error: (error as Error).message }, 'refused a malformed request');
      if (!res.headersSent) this.send(res, 400, 'text/plain', 'bad request');
      else res.destroy();
    }
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/drawn' && req.method === 'POST') return this.receiveDrawn(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === '/model.json') return this.send(res, 200, 'application/json', JSON.stringify(this.options.feed.current()), 'no-store');
    if (url.pathname === '/events') return this.openStream(req, res);
    if (url.pathname.startsWith('/media/')) return this.serveMedia(url.pathname, req, res);
    this.serveFile(url.pathname, res);
  }

  private openStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    const from = req.headers['last-event-id'];
    if (from !== undefined && from !== this.streamId) {
      // The page was loaded from an earlier run of the app, whose display code may differ: load it afresh.
      res.end('event: reload\ndata: {}\n\n');
      return;
    }
    res.write(`retry: 2000\nid: ${this.streamId}\nevent: model\ndata: ${JSON.stringify(this.options.feed.current())}\n\n`);
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  /** A page's report of what it drew: a small JSON body, parsed; anything else is a 400 or a 413. */
  private receiveDrawn(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAWN_BYTES) {
        this.send(res, 413, 'text/plain', 'too large');
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return this.send(res, 400, 'text/plain', 'not JSON');
      }
      const report = parseDrawnReport(body);
      if (!report) return this.send(res, 400, 'text/plain', 'not a drawn report');
      this.firstPaintMs ??= Math.round(performance.now());
      this.reportPainted();
      this.options.onDrawn?.(report);
      this.send(res, 204, 'text/plain', '');
    });
  }

  /** Ask every open display to reload itself (a `reload-display` command in the browser shell). */
  reloadClients(): void {
    for (const client of this.clients) client.write('event: reload\ndata: {}\n\n');
  }

  private broadcast(model: DisplayModel): void {
    const frame = `event: model\ndata: ${JSON.stringify(model)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  private serveMedia(pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const answer = answerMedia(this.options.media, pathname, req.headers.range);
    if (!answer) return this.send(res, 404, 'text/plain', 'not found');
    res.writeHead(answer.status, { ...SECURITY_HEADERS, ...answer.headers });
    if (!answer.file || req.method === 'HEAD') return void res.end();
    const stream = fs.createReadStream(answer.file, { start: answer.start, end: answer.end });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  private serveFile(pathname: string, res: http.ServerResponse): void {
    const root = this.options.assetsDir;
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    if (relative.includes('\0')) return this.send(res, 400, 'text/plain', 'bad request');
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) return this.send(res, 403, 'text/plain', 'forbidden');
    fs.readFile(file, (error, body) => {
      if (error) return this.send(res, 404, 'text/plain', 'not found');
      // The page carries the model of this moment: never kept by a cache.
      if (relative === 'index.html') return this.send(res, 200, CONTENT_TYPES['.html']!, withInlineModel(body.toString('utf8'), this.options.feed.current()));
      const immutable = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      this.send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', body, immutable);
    });
  }

  private send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, cache = 'no-store'): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache });
    res.end(body);
  }
}
