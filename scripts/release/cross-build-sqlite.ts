import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CROSS_CACHE, unpackNodePackage } from './node-package.js';
import { elfArch, type NativeTarget } from './pack-release.js';

/** Debian's cross toolchains, by Node's name for the CPU. */
const TOOLCHAINS: Record<string, { triple: string; aptPackage: string }> = {
  arm64: { triple: 'aarch64-linux-gnu', aptPackage: 'g++-aarch64-linux-gnu' },
  armv7l: { triple: 'arm-linux-gnueabihf', aptPackage: 'g++-arm-linux-gnueabihf' },
};

const require = createRequire(import.meta.url);

export interface CrossBuildOptions {
  arch: string;
  /** The Node release the addon will load in (its headers come from node-linux-<arch> of that version). */
  nodeVersion: string;
  cacheDir?: string;
  /** Told about each long step (the compile takes minutes). */
  progress?: (line: string) => void;
}

/** The cross compiler for `arch`, or why it is missing (the apt package to install). */
export function crossToolchain(arch: string): { triple: string } | { missing: string } {
  const toolchain = TOOLCHAINS[arch];
  if (!toolchain) return { missing: `no cross toolchain is known for ${arch} (known: ${Object.keys(TOOLCHAINS).join(', ')})` };
  const found = (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, `${toolchain.triple}-g++`)));
  return found
    ? { triple: toolchain.triple }
    : { missing: `${toolchain.triple}-g++ is not installed (apt-get install --no-install-recommends ${toolchain.aptPackage})` };
}

/**
 * better-sqlite3 (the version in node_modules) compiled for linux-<arch> with Debian's cross
 * g++, against the headers of Node's own build for that CPU, so nothing is downloaded but that
 * npm package. The result is cached per (better-sqlite3, Node, arch): the compile of SQLite
 * takes minutes, and runs at low priority so it does not starve whatever else runs.
 */
export async function crossBuildSqlite(options: CrossBuildOptions): Promise<NativeTarget> {
  const cacheDir = options.cacheDir ?? CROSS_CACHE;
  const toolchain = crossToolchain(options.arch);
  if ('missing' in toolchain) throw new Error(`cannot cross-build better-sqlite3 for ${options.arch}: ${toolchain.missing}`);
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = (JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { version: string }).version;
  const node = await unpackNodePackage(options.arch, options.nodeVersion, cacheDir);
  const target = (dir: string): NativeTarget => ({ dir, arch: options.arch, abi: node.abi, runtime: `node ${node.version}` });

  const built = path.join(cacheDir, `better-sqlite3-${sqliteVersion}-node-${node.version}-linux-${options.arch}`);
  const addon = (dir: string) => path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(addon(built)) && elfArch(addon(built)) === options.arch) return target(built);

  const building = `${built}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  for (const entry of ['binding.gyp', 'package.json', 'src', 'deps', 'lib'])
    fs.cpSync(path.join(source, entry), path.join(building, entry), { recursive: true });
  options.progress?.(`compiling better-sqlite3 ${sqliteVersion} for linux-${options.arch} against Node ${node.version} (ABI ${node.abi}); this takes minutes`);
  const { triple } = toolchain;
  const gyp = [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--arch=${options.arch}`, `--nodedir=${node.dir}`, '--jobs=2'];
  // Not niced: whoever asked for the release (the operator, the arm64 test) waits on this build.
  await spawnChecked(process.execPath, gyp, {
    cwd: building,
    env: { ...process.env, CC: `${triple}-gcc`, CXX: `${triple}-g++`, LINK: `${triple}-g++`, AR: `${triple}-ar`, npm_config_nodedir: node.dir },
  });
  const machine = elfArch(addon(building));
  if (machine !== options.arch) throw new Error(`the cross build produced an addon for ${machine}, not ${options.arch}`);
  fs.rmSync(path.join(building, 'deps'), { recursive: true, force: true });
  fs.rmSync(path.join(building, 'build', 'Release', 'obj.target'), { recursive: true, force: true });
  fs.rmSync(built, { recursive: true, force: true });
  fs.renameSync(building, built);
  return target(built);
}

function spawnChecked(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(args[3] ?? command)} ${args.slice(4, 6).join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr}`)),
    );
  });
}
