import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_TARGETS, rawRequest } from './support/raw-http.js';
import { demoModel, serveModels, WEDNESDAY_AFTERNOON, type ModelServer } from './support/model-server.js';

let server: ModelServer;
let port: number;
beforeAll(async () => {
  server = await serveModels(demoModel(WEDNESDAY_AFTERNOON));
  port = Number(new URL(server.url).port);
});
afterAll(async () => server?.stop());

const stillServing = async () => (await fetch(new URL('model.json', server.url))).status;

describe('the display server under hostile requests', () => {
  it('answers every malformed request target with a 4xx and goes on serving the wall', async () => {
    for (const target of HOSTILE_TARGETS) {
      const status = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      expect(status === null || (status >= 400 && status < 500), `${target} -> ${status}`).toBe(true);
      expect(await stillServing()).toBe(200);
    }
  });

  it('never serves a file from outside the display, whatever the path', async () => {
    for (const target of ['/..%2f..%2fpackage.json', '/%2e%2e%2fpackage.json', '/assets/../../package.json']) {
      const response = await fetch(`${server.url.replace(/\/$/, '')}${target}`);
      expect(response.status, target).toBeGreaterThanOrEqual(400);
    }
  });

  it('survives random request lines and headers (fuzz, bounded)', async () => {
    const token = fc.stringMatching(/^[\x21-\x7e%]{0,40}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE', 'G\u0000T', ''),
        fc.oneof(token, fc.constantFrom(...HOSTILE_TARGETS)),
        fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), fc.string({ maxLength: 60 })), { maxLength: 5 }),
        async (method, target, headers) => {
          const head = headers.map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}`).join('\r\n');
          const status = await rawRequest(port, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}\r\n\r\n`);
          return status === null || status < 500;
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
    expect(await stillServing()).toBe(200);
  });
});
