import { DEVICE_HTTP, DEVICE_ID_HEADER } from '../protocol/device-http.js';

export interface FetchTargetStateOptions {
  apiUrl: string;
  deviceId: string;
  /** The device's bearer token, issued at pairing. Never logged. */
  token: string;
  /** The ETag of the state the device holds; the gateway answers 304 when it is current. */
  etag: string | null;
  /**
   * ETags of states this device has already refused: listed after its own in If-None-Match, so
   * the gateway answers 304 (naming it) rather than sending the same bad document again.
   */
  refusedEtags?: readonly string[];
  timeoutMs?: number;
  /** A target state larger than this is refused rather than read into memory. */
  maxBytes?: number;
  fetch?: typeof globalThis.fetch;
}

export type FetchOutcome =
  /** The cloud's state is `etag`: the one the device holds, or one it refused before. */
  | { kind: 'unchanged'; etag: string | null }
  | { kind: 'changed'; etag: string | null; body: unknown }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'unreachable'; reason: string };

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The device end of `GET /device/v1/state`: one conditional request with the device's own
 * credentials. It only fetches and parses JSON; the cache validates and applies the document
 * in one transaction, so a bad document changes nothing.
 */
export async function fetchTargetState(options: FetchTargetStateOptions): Promise<FetchOutcome> {
  const url = new URL(DEVICE_HTTP.state, options.apiUrl);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    Accept: 'application/json',
    [DEVICE_ID_HEADER]: options.deviceId,
  };
  const known = [options.etag, ...(options.refusedEtags ?? [])].filter((tag): tag is string => Boolean(tag));
  if (known.length > 0) headers['If-None-Match'] = known.join(', ');
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
  } catch (error) {
    return { kind: 'unreachable', reason: `${url.origin}: ${(error as Error).message}` };
  }
  if (response.status === 304) return { kind: 'unchanged', etag: response.headers.get('etag') ?? options.etag };
  if (response.status === 401 || response.status === 403)
    return { kind: 'refused', status: response.status, reason: 'the gateway refused this device’s credentials (re-pair it)' };
  if (!response.ok) return { kind: 'refused', status: response.status, reason: `the gateway answered ${response.status} ${response.statusText}` };
  const declared = Number(response.headers.get('content-length') ?? 0);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (declared > maxBytes) return { kind: 'refused', status: response.status, reason: `target state of ${declared} bytes exceeds the ${maxBytes}-byte limit` };
  const text = await response.text();
  if (Buffer.byteLength(text) > maxBytes) return { kind: 'refused', status: response.status, reason: `target state exceeds the ${maxBytes}-byte limit` };
  try {
    return { kind: 'changed', etag: response.headers.get('etag'), body: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'refused', status: response.status, reason: `the target state is not JSON: ${(error as Error).message}` };
  }
}
