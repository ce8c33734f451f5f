import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** What never changes while the device runs: sent once per start as a `device.info` event. */
export interface DeviceInfo {
  appVersion: string;
  os: string | null;
  kernel: string;
  arch: string;
  /** The board, e.g. "Raspberry Pi 4 Model B Rev 1.4" (device tree), or null on a PC. */
  model: string | null;
  cpus: number;
  memoryBytes: number;
  node: string;
  electron: string | null;
}

/** Read once at start, from files and the process itself; nothing spawned. */
export async function readDeviceInfo(appVersion: string, root = '/'): Promise<DeviceInfo> {
  const read = (file: string) => fs.readFile(path.join(root, file), 'utf8').catch(() => null);
  const [release, model] = await Promise.all([read('etc/os-release'), read('proc/device-tree/model')]);
  return {
    appVersion,
    os: /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release ?? '')?.[1] ?? null,
    kernel: os.release(),
    arch: os.arch(),
    // The device tree string ends with a NUL.
    model: model?.replace(/\0/g, '').trim() || null,
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    node: process.versions.node,
    electron: process.versions.electron ?? null,
  };
}
