import { DEVICE_HTTP } from '../protocol/device-http.js';

/** Upload a screenshot the cloud asked for; the gateway answers with the stored asset's id. */
export async function uploadScreenshot(options: {
  apiUrl: string;
  token: string;
  png: Uint8Array;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}): Promise<string> {
  const url = new URL(DEVICE_HTTP.screenshots, options.apiUrl);
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'image/png' },
    body: Buffer.from(options.png),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  if (!response.ok) throw new Error(`screenshot upload to ${url.origin} failed: ${response.status} ${response.statusText}`);
  const body = (await response.json()) as { id?: unknown };
  if (typeof body.id !== 'string' || !body.id) throw new Error(`screenshot upload to ${url.origin}: the answer carries no id`);
  return body.id;
}
