import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { capturingLogger, GatewayCloud } from './support/gateway-cloud.js';
import { HOSTILE_TARGETS, rawRequest } from './support/raw-http.js';

let cloud: GatewayCloud;
let gateway: Gateway;
let url: string;
let port: number;

beforeAll(async () => {
  cloud = GatewayCloud.open();
  await cloud.addTenant('tenant-h', { deviceId: 'device-h', synagogueName: 'Ohel Moshe' });
  gateway = createGateway({ prisma: cloud.db, logger: capturingLogger().logger });
  ({ url, port } = await gateway.start(0));
});
afterAll(async () => {
  await gateway?.stop();
  await cloud?.dispose();
});

const stillServing = async () => (await fetch(`${url}/api/v1/openapi.json`)).status;

describe('the gateway under hostile requests', () => {
  it('answers every malformed request target with a 4xx and goes on serving', async () => {
    for (const target of HOSTILE_TARGETS) {
      for (const prefix of ['', '/api/v1', '/device/v1']) {
        const line = target.startsWith('/') ? `${prefix}${target}` : target;
        const status = await rawRequest(port, `GET ${line} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
        expect(status === null || (status >= 400 && status < 500), `${line} -> ${status}`).toBe(true);
      }
      expect(await stillServing()).toBe(200);
    }
  });

  it('refuses malformed bodies and headers with a 4xx in the one error shape', async () => {
    const cases: { path: string; init: RequestInit }[] = [
      { path: '/device/v1/pair', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' } },
      { path: '/device/v1/pair', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"\u0000"' } },
      { path: '/device/v1/state', init: { headers: { authorization: 'Bearer \u00ff\u00fe' } } },
      { path: '/device/v1/state', init: { headers: { authorization: `Bearer ${'x'.repeat(10_000)}` } } },
      { path: '/api/v1/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":[],"password":{}}' } },
      { path: '/api/v1/synagogues?limit=-1&cursor=%zz', init: {} },
    ];
    for (const { path, init } of cases) {
      const response = await fetch(`${url}${path}`, init);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(await response.json(), path).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
    expect(await stillServing()).toBe(200);
  });

  it('survives random request lines, headers and bodies (fuzz, bounded)', async () => {
    const token = fc.stringMatching(/^[\x21-\x7e%]{0,40}$/);
    const paths = fc.oneof(
      token,
      fc.constantFrom(...HOSTILE_TARGETS),
      fc.constantFrom('/device/v1/state', '/device/v1/pair', '/device/v1/screenshots', '/api/v1/session', '/api/v1/devices', '/api/v1/synagogues'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'G\u0000T'),
        paths,
        fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), fc.string({ maxLength: 60 })), { maxLength: 5 }),
        fc.string({ maxLength: 300 }),
        async (method, target, headers, body) => {
          const head = headers.map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}`).join('\r\n');
          const bytes = Buffer.byteLength(body);
          const request = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n${head}\r\n\r\n${body}`;
          const status = await rawRequest(port, request);
          return status === null || status < 500;
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 30_000 },
    );
    expect(await stillServing()).toBe(200);
  });
});
