import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface ServedRequest {
  name: string;
  range: string | null;
  status: number;
  /** Body bytes sent. */
  bytes: number;
}

type Fault = { kind: 'cut'; after: number } | { kind: 'stall'; after: number; resume: Promise<void> };

/**
 * A release server as a CDN would be: static files over node:http with HTTP Range (206,
 * Content-Range, 416), on loopback. A test can cut the next response after some bytes, stall
 * it until told to go on, or make the server ignore ranges, and reads back every request.
 */
export class ArtifactServer {
  readonly requests: ServedRequest[] = [];
  ignoreRange = false;
  private readonly faults = new Map<string, Fault>();

  private constructor(
    private readonly server: http.Server,
    readonly dir: string,
  ) {}

  static async start(dir: string): Promise<ArtifactServer> {
    const server = http.createServer();
    const artifacts = new ArtifactServer(server, dir);
    server.on('request', (req, res) => artifacts.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return artifacts;
  }

  url(name: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/releases/${name}`;
  }

  /** The next response for `name` sends `after` bytes, then the connection drops. */
  cutNext(name: string, after: number): void {
    this.faults.set(name, { kind: 'cut', after });
  }

  /** The next response for `name` sends `after` bytes, then waits until `resume` is called. */
  stallNext(name: string, after: number): { resume(): void } {
    let resume = () => {};
    this.faults.set(name, { kind: 'stall', after, resume: new Promise<void>((r) => (resume = r)) });
    return { resume: () => resume() };
  }

  requestsFor(name: string): ServedRequest[] {
    return this.requests.filter((r) => r.name === name);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const name = decodeURIComponent((req.url ?? '').replace(/^\/releases\//, ''));
    const file = path.join(this.dir, path.basename(name));
    const range = this.ignoreRange ? null : (req.headers.range ?? null);
    const record: ServedRequest = { name, range: req.headers.range ?? null, status: 200, bytes: 0 };
    this.requests.push(record);
    if (!fs.existsSync(file)) {
      record.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such release');
      return;
    }
    const size = fs.statSync(file).size;
    let start = 0;
    const match = /^bytes=(\d+)-$/.exec(range ?? '');
    if (match) {
      start = Number(match[1]);
      if (start >= size) {
        record.status = 416;
        res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
        return;
      }
      record.status = 206;
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${size - 1}/${size}`, 'Content-Length': size - start, 'Accept-Ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/gzip', 'Accept-Ranges': 'bytes' });
    }
    const fault = this.faults.get(name);
    this.faults.delete(name);
    void this.send(fs.readFileSync(file).subarray(start), res, record, fault);
  }

  private async send(body: Buffer, res: http.ServerResponse, record: ServedRequest, fault: Fault | undefined): Promise<void> {
    const first = fault ? body.subarray(0, fault.after) : body;
    await new Promise<void>((resolve) => res.write(first, () => resolve()));
    record.bytes += first.length;
    if (fault?.kind === 'cut') return void res.destroy();
    if (fault?.kind === 'stall') await fault.resume;
    if (res.destroyed) return;
    const rest = fault ? body.subarray(fault.after) : Buffer.alloc(0);
    res.end(rest);
    record.bytes += rest.length;
  }
}
