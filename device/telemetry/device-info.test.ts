import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDeviceInfo } from './device-info.js';

let root: string | undefined;
afterEach(() => root && fs.rmSync(root, { recursive: true, force: true }));

describe('what never changes on a device', () => {
  it('names the board and the system from the device tree and os-release', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-info-'));
    fs.mkdirSync(path.join(root, 'etc'));
    fs.mkdirSync(path.join(root, 'proc', 'device-tree'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc', 'os-release'), 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    fs.writeFileSync(path.join(root, 'proc', 'device-tree', 'model'), 'Raspberry Pi 4 Model B Rev 1.4\0');
    const info = await readDeviceInfo('1.2.3', root);
    expect(info).toMatchObject({
      appVersion: '1.2.3',
      os: 'Debian GNU/Linux 12 (bookworm)',
      model: 'Raspberry Pi 4 Model B Rev 1.4',
      node: process.versions.node,
    });
    expect(info.cpus).toBeGreaterThan(0);
  });
});
