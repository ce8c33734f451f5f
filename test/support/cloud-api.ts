import { createApiToken } from '../../cloud-sync/server/accounts/api-tokens.js';
import { createUser } from '../../cloud-sync/server/accounts/users.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../cloud-sync/server/gateway.js';
import { capturingLogger, GatewayCloud } from './gateway-cloud.js';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { items?: Record<string, unknown>[]; fields?: Record<string, string> };
  text: string;
}

/** A person's way into /api/v1: their API token, and optionally a customer to act as (admins). */
export class ApiClient {
  constructor(
    readonly url: string,
    readonly userId: string,
    private readonly token: string,
    private readonly customerContext?: string,
  ) {}

  /** The same person, sending x-customer-context: <customerId>. */
  actingAs(customerId: string): ApiClient {
    return new ApiClient(this.url, this.userId, this.token, customerId);
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(this.customerContext ? { 'x-customer-context': this.customerContext } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: ApiAnswer['json'];
    try {
      json = text ? (JSON.parse(text) as ApiAnswer['json']) : {};
    } catch {
      json = {};
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  get = (path: string, headers?: Record<string, string>) => this.call('GET', path, undefined, headers);
  post = (path: string, body: unknown, headers?: Record<string, string>) => this.call('POST', path, body, headers);
  delete = (path: string, headers?: Record<string, string>) => this.call('DELETE', path, undefined, headers);
  /** GET a file's bytes as they are. */
  async bytes(path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const response = await fetch(`${this.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${this.token}` } });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }
  /** POST a file as the body, sent as `type`. */
  upload = (path: string, bytes: Uint8Array, type: string) => this.call('POST', path, bytes, { 'Content-Type': type });

  /** PATCH with the row's current ETag (read first), as a console does. */
  async patch(path: string, body: unknown): Promise<ApiAnswer> {
    const current = await this.get(path);
    return this.call('PATCH', path, body, current.headers.get('etag') ? { 'If-Match': current.headers.get('etag')! } : {});
  }

  /** DELETE with the row's current ETag. */
  async remove(path: string): Promise<ApiAnswer> {
    const current = await this.get(path);
    return this.call('DELETE', path, undefined, current.headers.get('etag') ? { 'If-Match': current.headers.get('etag')! } : {});
  }
}

/**
 * A gateway with the people's API on a real SQLite cloud: an admin and two customers (A and B),
 * each with a personal API token, exactly as `npm run cloud -- user add` and POST /tokens make them.
 */
export class CloudApi {
  private constructor(
    readonly cloud: GatewayCloud,
    readonly gateway: Gateway,
    readonly url: string,
    readonly admin: ApiClient,
    readonly a: ApiClient,
    readonly b: ApiClient,
    readonly log: ReturnType<typeof capturingLogger>,
  ) {}

  static async start(options: Partial<GatewayOptions> = {}): Promise<CloudApi> {
    const cloud = GatewayCloud.open();
    const log = capturingLogger();
    const gateway = createGateway({ prisma: cloud.db, logger: log.logger, ...options });
    const { url } = await gateway.start(0);
    const person = async (email: string, role: 'admin' | 'customer') => {
      const user = await createUser(cloud.db, { email, password: 'correct horse battery', role });
      const { token } = await createApiToken(cloud.db, user.id, { name: 'test' });
      return new ApiClient(url, user.id, token);
    };
    const admin = await person('admin@luach.test', 'admin');
    const a = await person('gabbai-a@luach.test', 'customer');
    const b = await person('gabbai-b@luach.test', 'customer');
    return new CloudApi(cloud, gateway, url, admin, a, b, log);
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    await this.cloud.dispose();
  }
}

/** A synagogue in Jerusalem, as a gabbai would enter it. */
export const JERUSALEM = {
  name: 'בית הכנסת אהל משה',
  city: 'ירושלים',
  latitude: 31.7767,
  longitude: 35.2159,
  elevation: 754,
  timezone: 'Asia/Jerusalem',
  israel: true,
};
