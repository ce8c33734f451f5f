import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';

export type Logger = pino.Logger;

/** Keys whose values never reach a log line, wherever they sit in the object. */
const SECRET_PATHS = ['password', 'token', '*.password', '*.token', '*.secret', 'authorization', '*.authorization', 'headers.authorization'];

/**
 * A log file that never grows past `maxBytes`: when a write would cross the limit, the file is
 * rotated to `<file>.1` (replacing the previous one), so at most twice the limit sits on disk.
 * A write that fails (a full disk) must not take the wall down, so the line is dropped, but not
 * silently: the file is reopened at the next write and, once writing works again, a line saying
 * how many were lost and why comes first.
 */
export class BoundedFile extends Writable {
  private fd: number | null = null;
  private size = 0;
  private dropped = 0;
  private dropReason = '';

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    super();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.open();
  }

  /** Lines lost since the last write that succeeded. */
  get droppedLines(): number {
    return this.dropped;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      if (this.fd === null) this.open();
      if (this.dropped > 0)
        this.append(Buffer.from(`${JSON.stringify({ level: 40, time: Date.now(), event: 'log.dropped', lines: this.dropped, reason: this.dropReason })}\n`));
      this.dropped = 0;
      this.append(chunk);
    } catch (error) {
      this.dropped += 1;
      this.dropReason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.close();
    }
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.close();
    done();
  }

  private append(chunk: Buffer): void {
    if (this.size + chunk.length > this.maxBytes && this.size > 0) this.rotate();
    fs.writeSync(this.fd!, chunk);
    this.size += chunk.length;
  }

  private open(): void {
    this.fd = fs.openSync(this.file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  private close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private rotate(): void {
    this.close();
    fs.renameSync(this.file, `${this.file}.1`);
    this.open();
  }
}

/** Structured logs, one event per line, to stdout (journald on the Pi) and a size-bounded file. */
export function createLogger(options: { level: string; file?: string; maxBytes?: number; stdout?: boolean }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.stdout !== false) streams.push({ level: options.level as pino.Level, stream: process.stdout });
  if (options.file) streams.push({ level: options.level as pino.Level, stream: new BoundedFile(options.file, options.maxBytes ?? 5 * 1024 * 1024) });
  return pino({ level: options.level, base: { app: 'luach' }, redact: { paths: SECRET_PATHS, censor: '[redacted]' } }, pino.multistream(streams));
}
