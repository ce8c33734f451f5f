import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';

export type Logger = pino.Logger;

/** Keys whose values never reach a log line, wherever they sit in the object. */
const SECRET_PATHS = ['password', 'token', '*.password', '*.token', '*.secret', 'authorization', '*.authorization', 'headers.authorization'];

/**
 * A file that never grows past `maxBytes`: when a write would cross the limit, the file is
 * rotated to `<file>.1` (replacing the previous one), so at most twice the limit sits on disk.
 */
export class BoundedFile extends Writable {
  private fd: number;
  private size: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    super();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      if (this.size + chunk.length > this.maxBytes && this.size > 0) this.rotate();
      fs.writeSync(this.fd, chunk);
      this.size += chunk.length;
      done();
    } catch (error) {
      // A full disk must not take the display down: drop the line, keep running.
      done();
      this.emit('dropped', error);
    }
  }

  override _final(done: (error?: Error | null) => void): void {
    fs.closeSync(this.fd);
    done();
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a');
    this.size = 0;
  }
}

/** Structured logs, one event per line, to stdout (journald on the Pi) and a size-bounded file. */
export function createLogger(options: { level: string; file?: string; maxBytes?: number; stdout?: boolean }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.stdout !== false) streams.push({ level: options.level as pino.Level, stream: process.stdout });
  if (options.file) streams.push({ level: options.level as pino.Level, stream: new BoundedFile(options.file, options.maxBytes ?? 5 * 1024 * 1024) });
  return pino({ level: options.level, base: { app: 'luach' }, redact: { paths: SECRET_PATHS, censor: '[redacted]' } }, pino.multistream(streams));
}
