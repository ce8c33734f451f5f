import type crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { sha256OfFile } from '../../device/update/artifact-hash.js';
import { RELEASE_FORMAT, type ReleaseManifest } from '../../device/update/release-manifest.js';
import { releaseVersion } from '../../device/update/release-layout.js';
import { signRelease } from '../../device/update/release-signature.js';
import { readTrustedKeys, RELEASE_KEYS_FILE } from '../../device/update/trusted-keys.js';

/** What the native SQLite addon inside the release is built for: this machine by default; another CPU or Electron's ABI for a kiosk (issue 20). */
export interface NativeTarget {
  /** A better-sqlite3 package directory whose build/Release/better_sqlite3.node is built for the target. */
  dir: string;
  arch: string;
  abi: string;
  runtime: string;
}

export interface PackOptions {
  version: string;
  /** The application: package.json, release-keys.json (unless `keys`), bin/luach.js, node_modules (bindings helpers). */
  appDir: string;
  /** The built bundle (`npm run build`). */
  distDir: string;
  /** The trusted keys this release carries (key rotation: list the next key here before signing with it). */
  keysFile: string;
  native: NativeTarget;
  privateKey: crypto.KeyObject;
  allowDowngrade: boolean;
  /** Where the artifact is written. */
  outDir: string;
  now: Date;
}

export interface PackedRelease {
  artifact: string;
  version: string;
  sha256: string;
  signature: string;
  sizeBytes: number;
  allowDowngrade: boolean;
}

/** A fixed time for every entry, so the same inputs make the same artifact. */
const EPOCH = new Date('2000-01-01T00:00:00Z');
const ELF_MACHINES: Record<number, string> = { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm' };

/**
 * Pack one release artifact (a .tar.gz): the bundle without source maps, the native SQLite
 * addon for its target with the two helpers that load it, package.json and release.json saying
 * the version, the trusted keys and the launcher. Then its sha256, and the ed25519 signature
 * over (version, sha256, downgrade mark).
 */
export async function packRelease(options: PackOptions): Promise<PackedRelease> {
  const version = releaseVersion(options.version);
  const addon = path.join(options.native.dir, 'build', 'Release', 'better_sqlite3.node');
  const machine = elfArch(addon);
  if (machine !== options.native.arch)
    throw new Error(`${addon} is built for ${machine}, not ${options.native.arch}: give --native-dir of a better-sqlite3 built for the target`);
  const keys = readTrustedKeys(options.keysFile);
  if (keys.length === 0) throw new Error(`${options.keysFile} lists no key: a device running this release could never install another`);
  for (const entry of ['luach-cli.mjs', 'luach-main.mjs', 'luach-boot.mjs', 'preload.cjs', path.join('display', 'index.html')])
    if (!fs.existsSync(path.join(options.distDir, entry))) throw new Error(`${options.distDir} has no ${entry}: run \`npm run build\` first`);

  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-release-'));
  try {
    const app = JSON.parse(fs.readFileSync(path.join(options.appDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const pkg = { name: app.name, version, description: app.description, license: app.license, private: true, type: 'module', main: 'dist/luach-boot.mjs' };
    writeJson(path.join(stage, 'package.json'), pkg);
    const manifest: ReleaseManifest = {
      format: RELEASE_FORMAT,
      version,
      platform: 'linux',
      arch: options.native.arch,
      abi: options.native.abi,
      runtime: options.native.runtime,
      builtAt: options.now.toISOString(),
    };
    writeJson(path.join(stage, 'release.json'), manifest);
    fs.copyFileSync(options.keysFile, path.join(stage, RELEASE_KEYS_FILE));
    copy(path.join(options.appDir, 'bin', 'luach.js'), path.join(stage, 'bin', 'luach.js'));
    fs.cpSync(options.distDir, path.join(stage, 'dist'), { recursive: true, filter: (file) => !file.endsWith('.map') });
    const modules = path.join(stage, 'node_modules');
    for (const file of ['package.json', 'lib']) fs.cpSync(path.join(options.native.dir, file), path.join(modules, 'better-sqlite3', file), { recursive: true });
    copy(addon, path.join(modules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    for (const helper of ['bindings', 'file-uri-to-path'])
      fs.cpSync(path.join(options.appDir, 'node_modules', helper), path.join(modules, helper), {
        recursive: true,
        filter: (f) => !f.includes(`${path.sep}test`),
      });

    fs.mkdirSync(options.outDir, { recursive: true });
    const artifact = path.join(options.outDir, `luach-${version}-linux-${options.native.arch}.tar.gz`);
    const entries = fs.readdirSync(stage).sort();
    await tar.c({ gzip: { level: 9 }, cwd: stage, file: artifact, portable: true, mtime: EPOCH, noDirRecurse: false }, entries);
    const sha256 = await sha256OfFile(artifact);
    const signature = signRelease({ version, sha256, allowDowngrade: options.allowDowngrade }, options.privateKey);
    return { artifact, version, sha256, signature, sizeBytes: fs.statSync(artifact).size, allowDowngrade: options.allowDowngrade };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** The CPU an ELF shared object is built for (e_machine), in Node's `process.arch` names. */
export function elfArch(file: string): string {
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 20, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF shared object`);
  const machine = header.readUInt16LE(18);
  return ELF_MACHINES[machine] ?? `ELF machine 0x${machine.toString(16)}`;
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}
