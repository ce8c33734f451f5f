import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/**
 * Screenshots for the browser shell, through Chromium's DevTools protocol over a pipe
 * (`--remote-debugging-pipe`): Chromium reads commands on its fd 3 and answers on fd 4, one JSON
 * message per NUL-terminated chunk. A pipe, unlike --remote-debugging-port, opens no TCP port
 * that any local process could use to drive the browser, and needs no WebSocket client.
 * (The Electron shell captures with webContents.capturePage instead.)
 */

/** spawn() stdio for Chromium with `--remote-debugging-pipe`: fd 3 and 4 are the protocol pipes. */
export const CDP_PIPE_STDIO = ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] as const;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  method: string;
}

export class CdpPipe {
  private nextId = 1;
  private buffered = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, ((params: Record<string, unknown>, sessionId?: string) => void)[]>();

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => this.failAll(new Error('Chromium closed the DevTools pipe')));
    toBrowser.on('error', (error: Error) => this.failAll(error));
  }

  /** The pipes of a Chromium spawned with CDP_PIPE_STDIO and --remote-debugging-pipe. */
  static of(child: ChildProcess): CdpPipe {
    const toBrowser = child.stdio[3];
    const fromBrowser = child.stdio[4];
    if (!toBrowser || !fromBrowser || !('write' in toBrowser) || !('on' in fromBrowser)) {
      throw new Error('Chromium was not spawned with the DevTools pipes (stdio fd 3 and 4 as "pipe", and --remote-debugging-pipe)');
    }
    return new CdpPipe(toBrowser as Writable, fromBrowser as Readable);
  }

  send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, method });
      this.toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Hear every `method` event (after the domain is enabled), from the browser or any flat session. */
  on<T>(method: string, listener: (params: T, sessionId?: string) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener as (params: Record<string, unknown>, sessionId?: string) => void]);
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (let end = this.buffered.indexOf(0); end !== -1; end = this.buffered.indexOf(0)) {
      const text = this.buffered.subarray(0, end).toString('utf8');
      this.buffered = this.buffered.subarray(end + 1);
      let message: { id?: number; result?: unknown; error?: { message?: string }; method?: string; params?: Record<string, unknown>; sessionId?: string };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        continue;
      }
      if (message.id === undefined && message.method) {
        for (const listener of this.listeners.get(message.method) ?? []) listener(message.params ?? {}, message.sessionId);
        continue;
      }
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) continue;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message ?? 'failed'}`));
      else waiting.resolve(message.result);
    }
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/** The display page as PNG bytes: the first page target is the kiosk's only tab. */
export async function captureChromiumScreenshot(cdp: CdpPipe): Promise<Uint8Array> {
  const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
  const page = targetInfos.find((t) => t.type === 'page');
  if (!page) throw new Error('Chromium has no page open to capture');
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: page.targetId, flatten: true });
  try {
    const { data } = await cdp.send<{ data: string }>('Page.captureScreenshot', { format: 'png' }, sessionId);
    return new Uint8Array(Buffer.from(data, 'base64'));
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}
