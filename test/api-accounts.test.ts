import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../cloud-sync/server/gateway.js';
import { CloudApi } from './support/cloud-api.js';
import { capturingLogger } from './support/gateway-cloud.js';

let api: CloudApi;
const PASSWORD = 'correct horse battery';

/** A browser: keeps the session cookie, and sends the CSRF token when told to. */
class Browser {
  cookie = '';
  csrf = '';
  constructor(private readonly url: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: { ...(this.cookie ? { Cookie: this.cookie } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    const text = await response.text();
    return { status: response.status, setCookie, headers: response.headers, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  async signIn(email: string, password = PASSWORD) {
    const answer = await this.call('POST', '/session', { email, password });
    if (answer.setCookie) this.cookie = answer.setCookie.split(';')[0]!;
    this.csrf = String(answer.json.csrfToken ?? '');
    return answer;
  }

  write(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.call(method, path, body, { 'X-CSRF-Token': this.csrf, ...headers });
  }
}

beforeAll(async () => {
  api = await CloudApi.start({ signInLimit: { perAddress: { attempts: 50, windowMs: 60_000 }, perAccount: { attempts: 3, windowMs: 60_000 } } });
});
afterAll(async () => api?.stop());

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and says who is signed in', async () => {
    const browser = new Browser(api.url);
    const answer = await browser.signIn('GABBAI-A@luach.test');
    expect(answer.status).toBe(200);
    expect(answer.setCookie).toMatch(/^luach_session=ls_[\w-]+\.[\w-]+;/);
    expect(answer.setCookie).toMatch(/HttpOnly/);
    expect(answer.setCookie).toMatch(/SameSite=Strict/);
    expect(answer.setCookie).toMatch(/Path=\//);
    expect(answer.setCookie).not.toMatch(/Secure/);
    expect(answer.json).toMatchObject({ via: 'session', user: { email: 'gabbai-a@luach.test', role: 'customer' }, csrfToken: expect.any(String) });
    expect((await browser.call('GET', '/session')).json).toMatchObject({ user: { id: api.a.userId }, csrfToken: browser.csrf });
  });

  it('marks the cookie Secure where the gateway serves over TLS', async () => {
    const secure = createGateway({ prisma: api.cloud.db, logger: capturingLogger().logger, secureCookies: 'always' });
    const { url } = await secure.start(0);
    try {
      expect((await new Browser(url).signIn('gabbai-b@luach.test')).setCookie).toMatch(/; Secure/);
    } finally {
      await secure.stop();
    }
  });

  it('answers a wrong password and an unknown email alike, and never logs the password', async () => {
    const wrong = await new Browser(api.url).signIn('gabbai-b@luach.test', 'not the password');
    const unknown = await new Browser(api.url).signIn('nobody@luach.test', 'not the password');
    expect(wrong).toMatchObject({ status: 401, json: { error: 'invalid-credentials' } });
    expect(unknown.json).toEqual(wrong.json);
    expect(JSON.stringify(api.log.lines)).not.toContain('not the password');
  });

  it('limits attempts per account, counted alike by every replica, even for the right password', async () => {
    const replica = createGateway({
      prisma: api.cloud.db,
      logger: capturingLogger().logger,
      signInLimit: { perAddress: { attempts: 50, windowMs: 60_000 }, perAccount: { attempts: 3, windowMs: 60_000 } },
    });
    const { url } = await replica.start(0);
    try {
      for (let i = 0; i < 3; i++) expect((await new Browser(api.url).signIn('admin@luach.test', 'guess')).status).toBe(401);
      const refused = await new Browser(url).signIn('admin@luach.test', PASSWORD);
      expect(refused).toMatchObject({ status: 429, json: { error: 'too-many-attempts' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await replica.stop();
    }
  });

  it('refuses a disabled account even with the right password, and its token at once', async () => {
    await api.cloud.db.user.update({ where: { id: api.b.userId }, data: { disabledAt: new Date() } });
    expect((await new Browser(api.url).signIn('gabbai-b@luach.test')).json).toMatchObject({ error: 'account-disabled' });
    expect((await api.b.get('/synagogues')).status).toBe(401);
    await api.cloud.db.user.update({ where: { id: api.b.userId }, data: { disabledAt: null } });
    expect((await api.b.get('/synagogues')).status).toBe(200);
  });
});

describe('writes from a browser', () => {
  it('are refused without the session’s CSRF token, or from another site, and write nothing', async () => {
    const browser = new Browser(api.url);
    await browser.signIn('gabbai-a@luach.test');
    const before = (await browser.call('GET', '/messages')).json.total;
    expect(await browser.call('POST', '/messages', { body: 'no token' })).toMatchObject({ status: 403, json: { error: 'csrf-refused' } });
    expect(await browser.call('POST', '/messages', { body: 'wrong token' }, { 'X-CSRF-Token': 'x'.repeat(43) })).toMatchObject({ status: 403 });
    expect(await browser.write('POST', '/messages', { body: 'from elsewhere' }, { Origin: 'https://evil.example' })).toMatchObject({
      status: 403,
      json: { error: 'csrf-refused' },
    });
    expect((await browser.call('GET', '/messages')).json.total).toBe(before);
    expect(await browser.write('POST', '/messages', { body: 'Mazal tov to the Levi family' }, { Origin: api.url })).toMatchObject({ status: 201 });
  });

  it('stop with sign-out: the cookie is refused from then on', async () => {
    const browser = new Browser(api.url);
    await browser.signIn('gabbai-a@luach.test');
    expect((await browser.write('DELETE', '/session')).status).toBe(204);
    expect(await browser.call('GET', '/session')).toMatchObject({ status: 401, json: { error: 'unauthorized' } });
  });
});

describe('personal API tokens', () => {
  it('are shown once, listed without their secret, and refused from the moment they are revoked', async () => {
    const browser = new Browser(api.url);
    await browser.signIn('gabbai-a@luach.test');
    const created = await browser.write('POST', '/tokens', { name: 'nightly import' });
    expect(created).toMatchObject({ status: 201, json: { name: 'nightly import', token: expect.stringMatching(/^lt_[\w-]+\.[\w-]{43}$/) } });
    const token = String(created.json.token);
    const list = await browser.call('GET', '/tokens');
    expect(JSON.stringify(list.json)).not.toContain(token.split('.')[1]);
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await fetch(`${api.url}/api/v1/synagogues`, { headers: bearer })).status).toBe(200);
    // A script needs no CSRF token: a bearer is not sent by a browser on its own.
    expect(
      (await fetch(`${api.url}/api/v1/messages`, { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body: '{"body":"from cron"}' }))
        .status,
    ).toBe(201);
    expect((await browser.write('DELETE', `/tokens/${String(created.json.id)}`)).status).toBe(204);
    const refused = await fetch(`${api.url}/api/v1/synagogues`, { headers: bearer });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'unauthorized' });
    expect(JSON.stringify(api.log.lines)).not.toContain(token.split('.')[1]);
  });

  it('are each person’s own: another customer cannot revoke them', async () => {
    const mine = await api.a.post('/tokens', { name: 'mine' });
    expect((await api.b.delete(`/tokens/${String(mine.json.id)}`)).status).toBe(404);
  });
});

describe('accounts (admins)', () => {
  it('lets an admin create a customer, and refuses a customer the same', async () => {
    const created = await api.admin.post('/users', { email: 'New.Gabbai@Example.org', role: 'customer', password: 'a long enough password' });
    expect(created).toMatchObject({ status: 201, json: { email: 'new.gabbai@example.org', role: 'customer' } });
    expect(created.json).not.toHaveProperty('passwordHash');
    expect(await api.admin.post('/users', { email: 'new.gabbai@example.org', password: 'a long enough password' })).toMatchObject({
      status: 409,
      json: { fields: { email: expect.any(String) } },
    });
    expect(await api.a.post('/users', { email: 'x@example.org', password: 'a long enough password' })).toMatchObject({
      status: 403,
      json: { error: 'admin-only' },
    });
    expect(await api.admin.post('/users', { email: 'not-an-email', password: 'short' })).toMatchObject({
      status: 400,
      json: { fields: { password: expect.any(String) } },
    });
  });

  it('lets a person change their password with the current one', async () => {
    expect(await api.a.call('PUT', '/me/password', { current: 'wrong', next: 'another long password' })).toMatchObject({ status: 403 });
    expect((await api.a.call('PUT', '/me/password', { current: PASSWORD, next: 'another long password' })).status).toBe(204);
    expect((await new Browser(api.url).signIn('gabbai-a@luach.test', 'another long password')).status).toBe(200);
  });
});
