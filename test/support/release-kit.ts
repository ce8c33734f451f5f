import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { keyIdOf, signRelease, type TrustedKey } from '../../device/update/release-signature.js';
import { packRelease, type NativeTarget, type PackedRelease } from '../../scripts/release/pack-release.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Signer {
  trusted: TrustedKey;
  keyFile: string;
}

/**
 * Releases for a test, cut by the real release script from the real bundle (dist/, so run
 * `npm run build` first), signed with throwaway ed25519 keys made here: `operator` is the key
 * the releases trust, `stranger` is one they do not.
 */
export class ReleaseKit {
  readonly operator: Signer;
  readonly stranger: Signer;
  /** release-keys.json listing the operator's key: what every release of the kit carries. */
  readonly keysFile: string;
  readonly outDir: string;

  private constructor(readonly dir: string) {
    this.operator = this.signer('operator');
    this.stranger = this.signer('stranger');
    this.keysFile = path.join(dir, 'release-keys.json');
    fs.writeFileSync(this.keysFile, JSON.stringify({ keys: [this.operator.trusted] }));
    this.outDir = path.join(dir, 'served');
    fs.mkdirSync(this.outDir, { recursive: true });
  }

  static create(): ReleaseKit {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'luach-boot.mjs'))) throw new Error('luach is not built: run `npm run build` first (npm test does)');
    return new ReleaseKit(fs.mkdtempSync(path.join(os.tmpdir(), 'luach-releases-')));
  }

  /** Pack `version` from `dist` (default: the real build) with `native` (default: this machine's addon), signed by `signer` (default: the operator). */
  pack(version: string, options: { dist?: string; signer?: Signer; allowDowngrade?: boolean; native?: NativeTarget } = {}): Promise<PackedRelease> {
    return packRelease({
      version,
      appDir: ROOT,
      distDir: options.dist ?? path.join(ROOT, 'dist'),
      keysFile: this.keysFile,
      native: options.native ?? {
        dir: path.join(ROOT, 'node_modules', 'better-sqlite3'),
        arch: process.arch,
        abi: process.versions.modules,
        runtime: `node ${process.versions.node}`,
      },
      privateKey: crypto.createPrivateKey(fs.readFileSync((options.signer ?? this.operator).keyFile)),
      allowDowngrade: options.allowDowngrade ?? false,
      outDir: this.outDir,
      now: new Date(),
    });
  }

  /**
   * The same artifact signed as another version (`scripts/release.ts sign`): valid as a row, and
   * refused only once unpacked, since the release inside says its own version.
   */
  resign(release: PackedRelease, version: string): PackedRelease {
    const privateKey = crypto.createPrivateKey(fs.readFileSync(this.operator.keyFile));
    return { ...release, version, signature: signRelease({ version, sha256: release.sha256, allowDowngrade: release.allowDowngrade }, privateKey) };
  }

  /** The release script as an operator runs it (`npx tsx scripts/release.ts pack ...`): the row it prints. */
  packWithCli(version: string, url: string): Record<string, unknown> {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'scripts', 'release.ts'),
        'pack',
        '--key',
        this.operator.keyFile,
        '--keys',
        this.keysFile,
        '--version',
        version,
        '--url',
        url,
        '--out',
        this.outDir,
      ],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return JSON.parse(out) as Record<string, unknown>;
  }

  /** A copy of the real dist/ changed by `change` (a release that builds but misbehaves). */
  variantDist(name: string, change: (dist: string) => void): string {
    const dist = path.join(this.dir, `dist-${name}`);
    fs.cpSync(path.join(ROOT, 'dist'), dist, { recursive: true, filter: (file) => !file.endsWith('.map') });
    change(dist);
    return dist;
  }

  /** Install a packed release as the .deb would install the app: unpacked into its own folder, never written by self-update. */
  async install(release: PackedRelease): Promise<string> {
    const dir = path.join(this.dir, `installed-${release.version}`);
    fs.mkdirSync(dir, { recursive: true });
    await tar.x({ file: release.artifact, cwd: dir });
    return dir;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private signer(name: string): Signer {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const keyFile = path.join(this.dir, `${name}.pem`);
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    return { keyFile, trusted: { id: keyIdOf(publicKey), publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), note: name } };
  }
}
