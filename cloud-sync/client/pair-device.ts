import { DEVICE_HTTP } from '../protocol/device-http.js';
import { PairingAnswer, type PairingRequest } from '../protocol/pairing.js';
import { describeIssues } from '../protocol/primitives.js';

/** Trade the pairing code for this device's credentials, or throw with the gateway's own words. */
export async function pairDevice(options: { apiUrl: string; code: string; fetch?: typeof globalThis.fetch }): Promise<PairingAnswer> {
  const url = new URL(DEVICE_HTTP.pair, options.apiUrl);
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: options.code } satisfies PairingRequest),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new Error(`cannot reach ${url.origin}: ${(error as Error).message}`, { cause: error });
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new Error(`pairing refused (${response.status}): ${body.message ?? response.statusText}`);
  const answer = PairingAnswer.safeParse(body);
  if (!answer.success) throw new Error(`the gateway's pairing answer is not what this device understands: ${describeIssues(answer.error).join('; ')}`);
  return answer.data;
}
