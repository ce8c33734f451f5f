import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi } from './support/cloud-api.js';

// The web console (issue 12) is mounted at `/` from a directory; here a stand-in of two files.
let api: CloudApi;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-console-'));

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Luach console</title><script src="/app.js"></script>');
  fs.writeFileSync(path.join(dir, 'app.js'), 'console.log("console");');
  api = await CloudApi.start({ staticDir: dir });
});
afterAll(async () => {
  await api?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the console directory', () => {
  it('is served at /, with a strict content security policy', async () => {
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Luach console');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const script = await fetch(`${api.url}/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
  });

  it("answers a browser's page address inside the console with index.html, and the APIs' unknown paths with JSON", async () => {
    const deep = await fetch(`${api.url}/devices/abc/settings`, { headers: { Accept: 'text/html' } });
    expect([deep.status, (await deep.text()).includes('Luach console')]).toEqual([200, true]);
    const unknownApi = await fetch(`${api.url}/api/v1/nothing-here`, { headers: { Accept: 'text/html' } });
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ error: 'not-found', message: expect.stringContaining('/api/v1/openapi.json') });
    expect((await fetch(`${api.url}/missing.js`)).status).toBe(404);
  });
});
