import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { DEVICE_HTTP, DEVICE_ID_HEADER } from '../protocol/device-http.js';
import { PairingRequest } from '../protocol/pairing.js';
import { AttemptLimiter, type AttemptLimiterOptions } from './attempt-limiter.js';
import { authenticateDevice } from './authenticate-device.js';
import { buildTargetState, TargetStateUnavailable } from './build-target-state.js';
import { asDeviceOwner, type GatewayDb } from './gateway-db.js';
import { readJsonBody, RequestRefused, sendJson } from './http-io.js';
import { pairDevice, type PairedDevice } from './pairing.js';
import { readPngBody, storeScreenshot, type AssetStore } from './screenshot-upload.js';
import { ifNoneMatchHits } from './state-etag.js';

export interface GatewayClock {
  now(): Date;
}

export interface DeviceGatewayOptions {
  /** A Prisma Client wrapped in the tenancy extension (withTenancy). */
  prisma: GatewayDb;
  clock?: GatewayClock;
  logger?: Logger;
  /** Pairing attempts per client address; default 10 per 15 minutes. */
  pairingLimit?: AttemptLimiterOptions;
  /**
   * Called once per pairing with the new MQTT login, for brokers that keep their own user list
   * (e.g. Mosquitto's dynamic security plugin). The gateway itself stores only hashes.
   */
  onPaired?(paired: PairedDevice): Promise<void> | void;
  /** Where device screenshots are kept; without one, uploads are refused with 501. */
  assets?: AssetStore;
}

export interface DeviceGateway {
  /** Listen; port 0 picks a free one. Resolves with the base URL. */
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

const UNAUTHORIZED = { error: 'unauthorized', message: 'the device credentials were refused; pair the device again to get new ones' };

const PAIRING_REFUSALS = {
  malformed: [400, 'malformed-code', 'a pairing code is 8 letters and digits, as shown in the cloud (e.g. K7M2-Q9XD)'],
  unknown: [401, 'unknown-code', 'no device is waiting for this code; check it, or create a new code for the device in the cloud'],
  expired: [401, 'expired-code', 'this pairing code has expired; create a new one for the device in the cloud'],
  'not-pairable': [403, 'not-pairable', 'this device is disabled, retired or revoked; enable it in the cloud before pairing'],
} as const;

/**
 * The device gateway's HTTP side (node:http, no framework): target-state sync and pairing.
 * Every device request is authenticated, then served as the device's owner through the
 * tenancy extension. Secrets, tokens and codes are never logged.
 */
export function createDeviceGateway(options: DeviceGatewayOptions): DeviceGateway {
  const db = options.prisma;
  const clock = options.clock ?? { now: () => new Date() };
  const logger = options.logger ?? pino({ name: 'luach-gateway' });
  const pairingLimiter = new AttemptLimiter(options.pairingLimit ?? { attempts: 10, windowMs: 15 * 60_000 });
  let server: http.Server | undefined;

  async function serveScreenshot(request: http.IncomingMessage, response: http.ServerResponse, ip: string): Promise<number> {
    const auth = await authenticateDevice(db, request.headers.authorization);
    if (!auth.ok) {
      logger.info({ ip, refusal: auth.refusal, credentialId: auth.credentialId }, 'device refused');
      return sendJson(response, 401, UNAUTHORIZED, { 'WWW-Authenticate': 'Bearer realm="luach-device"' });
    }
    const store = options.assets;
    if (!store)
      return sendJson(response, 501, { error: 'no-asset-store', message: 'this gateway keeps no uploads; configure an asset store to receive screenshots' });
    const png = await readPngBody(request);
    const { device } = auth;
    const id = await asDeviceOwner(device.userId, () => storeScreenshot(db, store, device.id, png, clock.now()));
    logger.info({ deviceId: device.id, assetId: id, bytes: png.length }, 'screenshot stored');
    return sendJson(response, 201, { id });
  }

  async function serveState(request: http.IncomingMessage, response: http.ServerResponse, ip: string): Promise<number> {
    const auth = await authenticateDevice(db, request.headers.authorization);
    if (!auth.ok) {
      logger.info({ ip, refusal: auth.refusal, credentialId: auth.credentialId }, 'device refused');
      return sendJson(response, 401, UNAUTHORIZED, { 'WWW-Authenticate': 'Bearer realm="luach-device"' });
    }
    const { device } = auth;
    const claimed = request.headers[DEVICE_ID_HEADER.toLowerCase()];
    if (typeof claimed === 'string' && claimed !== device.id) {
      logger.warn({ ip, deviceId: device.id, claimed }, 'device refused: its token belongs to another device id');
      return sendJson(response, 401, UNAUTHORIZED, { 'WWW-Authenticate': 'Bearer realm="luach-device"' });
    }
    const now = clock.now();
    return asDeviceOwner(device.userId, async () => {
      let built;
      try {
        built = await buildTargetState(db, device, now, logger.child({ deviceId: device.id }));
      } catch (error) {
        if (!(error instanceof TargetStateUnavailable)) throw error;
        logger.warn({ deviceId: device.id, reason: error.message }, 'target state unavailable');
        return sendJson(response, 409, { error: 'state-unavailable', message: error.message });
      }
      const ifNoneMatch = request.headers['if-none-match'];
      const current = ifNoneMatchHits(ifNoneMatch, built.etag);
      // The device lists the state it holds first, then any it refused (cloud-sync/client/fetch-target-state.ts):
      // only the first names what it shows. One that gets a new state reports applying it in its heartbeat.
      const holdsCurrent = ifNoneMatchHits(ifNoneMatch?.split(',')[0], built.etag);
      await db.device.update({
        where: { id: device.id },
        data: { lastSeenAt: now, lastIp: ip, ...(holdsCurrent ? { appliedStateEtag: built.etag } : {}) },
      });
      const headers = { ETag: built.etag, 'Cache-Control': 'private, no-cache' };
      if (current) {
        response.writeHead(304, headers).end();
        return 304;
      }
      return sendJson(response, 200, built.state, headers);
    });
  }

  async function servePair(request: http.IncomingMessage, response: http.ServerResponse, ip: string): Promise<number> {
    const now = clock.now();
    const waitMs = pairingLimiter.take(ip, now.getTime());
    if (waitMs > 0) {
      logger.warn({ ip }, 'pairing attempts over the limit');
      return sendJson(
        response,
        429,
        { error: 'too-many-attempts', message: `too many pairing attempts from this address; try again in ${Math.ceil(waitMs / 1000)} s` },
        { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
      );
    }
    const body = PairingRequest.safeParse(await readJsonBody(request, 2048));
    if (!body.success) {
      return sendJson(response, 400, { error: 'invalid-body', message: 'send a JSON object { "code": "<the pairing code shown in the cloud>" }' });
    }
    const outcome = await pairDevice(db, body.data.code, now);
    if (!outcome.ok) {
      const [status, error, message] = PAIRING_REFUSALS[outcome.reason];
      logger.info({ ip, reason: outcome.reason }, 'pairing refused');
      return sendJson(response, status, { error, message });
    }
    logger.info({ ip, deviceId: outcome.paired.deviceId, credentialId: outcome.paired.credentialId }, 'device paired');
    try {
      await options.onPaired?.(outcome.paired);
    } catch (error) {
      logger.error(
        { deviceId: outcome.paired.deviceId, err: (error as Error).message },
        'onPaired failed: the device may not reach the broker until it is provisioned there',
      );
    }
    return sendJson(response, 200, outcome.paired, { 'Cache-Control': 'no-store' });
  }

  const routes: Record<string, { method: string; serve: typeof serveState }> = {
    [DEVICE_HTTP.state]: { method: 'GET', serve: serveState },
    [DEVICE_HTTP.pair]: { method: 'POST', serve: servePair },
    [DEVICE_HTTP.screenshots]: { method: 'POST', serve: serveScreenshot },
  };

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const ip = request.socket.remoteAddress ?? 'unknown';
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    let status: number;
    try {
      const route = routes[path];
      if (!route)
        status = sendJson(response, 404, {
          error: 'not-found',
          message: `no such endpoint; the device API is GET ${DEVICE_HTTP.state}, POST ${DEVICE_HTTP.pair} and POST ${DEVICE_HTTP.screenshots}`,
        });
      else if (request.method !== route.method)
        status = sendJson(response, 405, { error: 'method-not-allowed', message: `${path} takes ${route.method}` }, { Allow: route.method });
      else status = await route.serve(request, response, ip);
    } catch (error) {
      if (error instanceof RequestRefused) status = sendJson(response, error.status, { error: error.code, message: error.message });
      else {
        logger.error({ path, err: error instanceof Error ? error.message : String(error) }, 'request failed');
        status = response.headersSent
          ? 500
          : sendJson(response, 500, { error: 'internal', message: 'the gateway failed to answer; it was logged, try again later' });
      }
    }
    logger.info({ method: request.method, path, status, ms: Date.now() - started }, 'request');
  }

  return {
    start(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const listening = http.createServer((request, response) => void handle(request, response));
        listening.once('error', reject);
        listening.listen(port, host, () => {
          server = listening;
          const bound = (listening.address() as AddressInfo).port;
          resolve({ url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, port: bound });
        });
      });
    },
    stop() {
      const closing = server;
      server = undefined;
      if (!closing) return Promise.resolve();
      return new Promise((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    },
  };
}
