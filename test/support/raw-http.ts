import net from 'node:net';

/**
 * Send bytes exactly as given (no client library to tidy them up) and read the status line of
 * the answer; null when the server closed the connection without one. Bounded by `timeoutMs`.
 */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(bytes).slice(0, 80))}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
      resolve(status ? Number(status[1]) : null);
    });
  });
}

/** Request targets that have each taken an HTTP server down somewhere: bad percent-encodings, NULs, absolute and malformed forms. */
export const HOSTILE_TARGETS = [
  '/%E0%A4%A',
  '/%',
  '/%zz',
  '/%00',
  '/index.html%00.png',
  '/..%2f..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/etc/passwd',
  'http://[::1',
  'http://exa mple/',
  '//',
  '*',
  '/\u00ff\u00fe',
  `/${'a'.repeat(8000)}`,
];
