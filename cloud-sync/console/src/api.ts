import { signal } from '@preact/signals';

/** What the gateway refused, with one message per field (`time.time`, `rows.3.diedOn`) for the form to show beside each input. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The session's CSRF token, echoed on every write; the customer an admin acts for. */
export const csrfToken = signal<string | null>(null);
export const actingAs = signal<string | null>(null);
/** Set when the gateway said 401: the console shows the sign-in page. */
export const signedOut = signal(false);

const etags = new Map<string, string>();

export interface Answer<T> {
  data: T;
  etag: string | null;
}

/**
 * One call to /api/v1. Writes carry the CSRF token; a PATCH or DELETE carries the ETag of the
 * row as it was read (If-Match), so an edit never overwrites someone else's unseen.
 */
export async function call<T>(method: string, path: string, body?: unknown, options: { contentType?: string; ifMatch?: boolean } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  if (method !== 'GET' && csrfToken.value) headers['X-CSRF-Token'] = csrfToken.value;
  if (actingAs.value) headers['x-customer-context'] = actingAs.value;
  const etag = etags.get(path);
  if ((method === 'PATCH' || method === 'DELETE') && etag) headers['If-Match'] = etag;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, 'offline', 'the console cannot reach the screen or the cloud; check the network and try again');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (!response.ok) {
    const problem = (json ?? {}) as { error?: string; message?: string; fields?: Record<string, string> };
    if (response.status === 401 && problem.error === 'unauthorized') signedOut.value = true;
    throw new ApiFailure(response.status, problem.error ?? 'error', problem.message ?? response.statusText, problem.fields ?? {});
  }
  const tag = response.headers.get('ETag');
  if (tag && method !== 'DELETE') etags.set(path.split('?')[0]!, tag);
  return { data: json as T, etag: tag };
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path).then((a) => a.data),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body).then((a) => a.data),
  /** Reads the row first when its ETag is not known yet. */
  async patch<T>(path: string, body: unknown): Promise<T> {
    if (!etags.has(path)) await call('GET', path);
    return (await call<T>('PATCH', path, body)).data;
  },
  async remove(path: string): Promise<void> {
    if (!etags.has(path)) await call('GET', path);
    await call('DELETE', path);
    etags.delete(path);
  },
};

/** A paged list, every page. */
export async function everything<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const join = path.includes('?') ? '&' : '?';
    const answer: { items: T[]; nextCursor: string | null } = await api.get(`${path}${join}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}
