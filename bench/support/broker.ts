import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface BenchBroker {
  port: number;
  url: string;
  /** A scratch directory beside the broker, for the bench's cache file. */
  dir: string;
  stop(): void;
}

/**
 * An anonymous Mosquitto on a free loopback port, for benchmarks that measure the link rather
 * than the broker's ACL (the tests' broker in test/support/mosquitto.ts checks those).
 */
export async function startBenchBroker(name: string, extraConfig: string[] = []): Promise<BenchBroker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `luach-bench-${name}-`));
  const port = await freePort();
  const config = [`listener ${port} 127.0.0.1`, 'allow_anonymous true', `user ${os.userInfo().username}`, ...extraConfig];
  fs.writeFileSync(path.join(dir, 'mosquitto.conf'), `${config.join('\n')}\n`);
  const broker = spawn('/usr/sbin/mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  const stop = () => {
    broker.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port);
  } catch (error) {
    stop();
    throw error;
  }
  return { port, url: `mqtt://127.0.0.1:${port}`, dir, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true))).once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within 5 s`);
}
