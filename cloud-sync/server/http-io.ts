import type http from 'node:http';

/** A request the gateway refuses before doing anything: the status and words go to the caller. */
export class RequestRefused extends Error {
  override name = 'RequestRefused';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Answer with JSON; returns the status for the request log. */
export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
  return status;
}

/** Read a small JSON body, refusing one that is too large, not JSON, or not declared as JSON. */
export async function readJsonBody(request: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    throw new RequestRefused(415, 'unsupported-media-type', 'send the body as JSON with Content-Type: application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new RequestRefused(413, 'body-too-large', `the body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new RequestRefused(400, 'invalid-json', 'the body is not valid JSON');
  }
}
