import fs from 'node:fs';
import path from 'node:path';
import { startLuach, type LuachProcess } from './luach-process.js';

export interface StandaloneLuach {
  luach: LuachProcess;
  /** The console on this machine (the gateway inside `luach start`). */
  consoleUrl: string;
}

/**
 * `luach start --standalone` on free ports, built as the README runs it: its own gateway on
 * SQLite in the data directory, the console served beside the wall, no mDNS announcement (the
 * test network is loopback only).
 */
export async function startStandaloneLuach(dataDir: string): Promise<StandaloneLuach> {
  fs.mkdirSync(dataDir, { recursive: true });
  const config = path.join(dataDir, 'config.json');
  fs.writeFileSync(config, JSON.stringify({ standalone: { port: 0, announce: false } }));
  // Standalone starts its gateway (and, on a first run, seeds it) before the wall: more to do than a plain start.
  const luach = await startLuach(dataDir, ['--standalone', '--config', config], {}, 60_000);
  const started = Date.now();
  for (;;) {
    const match = /Luach console: \S+ \(on this machine: (http:\/\/127\.0\.0\.1:\d+)\/\)/.exec(luach.output());
    if (match) return { luach, consoleUrl: match[1]! };
    if (Date.now() - started > 30_000 || luach.child.exitCode !== null) {
      await luach.stop();
      throw new Error(`luach --standalone did not print its console address:\n${luach.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
