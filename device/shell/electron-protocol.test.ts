import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './display-server.js';
import { appProtocolHandler } from './electron-protocol.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-protocol-'));
const assets = path.join(dir, 'display');
fs.mkdirSync(path.join(assets, 'assets'), { recursive: true });
fs.writeFileSync(path.join(assets, 'index.html'), '<!doctype html><title>Luach</title>');
fs.writeFileSync(path.join(assets, 'assets', 'main.js'), 'console.log(1)');
fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the page');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const handle = appProtocolHandler(assets);
const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('the luach://app/ protocol', () => {
  it('serves the display with the same CSP as the browser shell', async () => {
    const res = await get('luach://app/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Luach</title>');
    const js = await get('luach://app/assets/main.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside the display, however the path is spelled', async () => {
    for (const url of ['luach://app/../secret.txt', 'luach://app/%2e%2e/secret.txt', 'luach://app/..%2fsecret.txt', 'luach://app/%2e%2e%2fsecret.txt']) {
      const res = await get(url);
      expect([403, 404], url).toContain(res.status);
      expect(await res.text()).not.toContain('not for the page');
    }
  });

  it('answers only host "app", only GET and HEAD', async () => {
    expect((await get('luach://other/index.html')).status).toBe(404);
    expect((await get('luach://app/index.html', 'POST')).status).toBe(405);
    expect((await get('luach://app/missing.js')).status).toBe(404);
  });
});
