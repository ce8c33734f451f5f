import fs from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { CONTENT_TYPES, SECURITY_HEADERS } from './display-server.js';
import { APP_SCHEME } from './electron-ipc.js';
import { answerMedia, type MediaLibrary } from './media-route.js';

/**
 * `luach://app/` is a standard, secure scheme: the page gets a real origin (so the CSP's 'self'
 * means the app and nothing else), secure-context APIs work, and no file:// URL ever loads, so
 * a page can never read the disk through a relative link.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, bypassCSP: false, stream: false } },
];

/**
 * The handler for `protocol.handle('luach', ...)`: files of the built display, GET only, host
 * `app` only, never a path outside `assetsDir`. Uses the fetch API's Request/Response, which
 * Electron's protocol module speaks and Node has built in, so it is tested without Electron.
 */
export function appProtocolHandler(assetsDir: string, media?: MediaLibrary): (request: Request) => Promise<Response> {
  const root = path.resolve(assetsDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return reply(400, 'bad url');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'app') return reply(404, 'not found');
    const answer = answerMedia(media, url.pathname, request.headers.get('range'));
    if (answer) {
      const body = answer.file && request.method !== 'HEAD' ? await readRange(answer.file, answer.start!, answer.end!) : null;
      return new Response(body, { status: answer.status, headers: { ...SECURITY_HEADERS, ...answer.headers } });
    }
    if (url.pathname.startsWith('/media/')) return reply(404, 'not found');
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      return reply(400, 'bad path');
    }
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) return reply(403, 'forbidden');
    try {
      const body = await fs.readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' },
      });
    } catch {
      return reply(404, 'not found');
    }
  };
}

async function readRange(file: string, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
  const handle = await fs.open(file, 'r');
  try {
    const bytes = new Uint8Array(end - start + 1);
    await handle.read(bytes, 0, bytes.length, start);
    return bytes;
  } finally {
    await handle.close();
  }
}

function reply(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
