import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReleaseKit } from './support/release-kit.js';
import type { PackedRelease } from '../scripts/release/pack-release.js';
import { isCompleteRelease } from '../device/update/boot-release.js';
import { hostRuntime } from '../device/update/release-manifest.js';
import { appVersionAt, releaseLayout, type ReleaseLayout } from '../device/update/release-layout.js';
import { unpackRelease } from '../device/update/unpack-release.js';
import { UpdateRefused } from '../device/update/update-refused.js';

let kit: ReleaseKit;
let release: PackedRelease;
let layout: ReleaseLayout;

beforeAll(async () => {
  kit = ReleaseKit.create();
  release = await kit.pack('0.2.0');
  layout = releaseLayout(path.join(kit.dir, 'data'));
  fs.mkdirSync(layout.root, { recursive: true });
});
afterAll(() => kit.dispose());

/** A gzipped tar written byte by byte, so it can hold what the release script never makes. */
function rawTar(entries: { name: string; type: '0' | '2'; body?: string; link?: string }[]): string {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const header = Buffer.alloc(512);
    header.write(entry.name, 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write(entry.type, 156);
    if (entry.link) header.write(entry.link, 157);
    header.write('ustar\x0000', 257);
    header.write('        ', 148);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const file = path.join(kit.dir, `raw-${blocks.length}-${entries[0]!.name.replace(/\W/g, '')}.tar.gz`);
  fs.writeFileSync(file, zlib.gzipSync(Buffer.concat(blocks)));
  return file;
}

const unpack = (artifact: string, version = '0.2.0', host = hostRuntime()) => unpackRelease({ artifact, layout, version, host });

describe('unpacking a verified release', () => {
  it('lands whole in releases/<version>, beside the running release, with nothing left in staging', async () => {
    const dir = await unpack(release.artifact);
    expect(dir).toBe(layout.releaseDir('0.2.0'));
    expect(isCompleteRelease(dir)).toBe(true);
    expect(appVersionAt(dir)).toBe('0.2.0');
    expect(fs.existsSync(path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(fs.readdirSync(layout.staging)).toEqual([]);
  });

  it('refuses a release whose own release.json names another version', async () => {
    await expect(unpack(release.artifact, '0.2.1')).rejects.toThrow(new UpdateRefused('release.json says version 0.2.0, but the release offered is 0.2.1'));
    expect(fs.existsSync(layout.releaseDir('0.2.1'))).toBe(false);
  });

  it('refuses a release built for another CPU or another runtime, naming both', async () => {
    await expect(unpack(release.artifact, '0.2.0', { ...hostRuntime(), arch: 'arm64' })).rejects.toThrow(
      /built for linux-x64; this device is linux-arm64|built for linux-\w+; this device is linux-arm64/,
    );
    await expect(unpack(release.artifact, '0.2.0', { ...hostRuntime(), abi: '145', runtime: 'electron 41.7.1' })).rejects.toThrow(
      /native SQLite addon was built for ABI \d+ \(node [\d.]+\); this device runs ABI 145 \(electron 41\.7\.1\)/,
    );
  });

  it('refuses an artifact holding a link, which could point outside the release', async () => {
    const artifact = rawTar([{ name: 'release.json', type: '2', link: '/etc/passwd' }]);
    await expect(unpack(artifact)).rejects.toThrow(/entries that are not plain files: release\.json \(SymbolicLink\)/);
  });

  it('never writes outside the staging folder, whatever the entry names', async () => {
    const artifact = rawTar([{ name: '../../outside.txt', type: '0', body: 'escaped' }]);
    await expect(unpack(artifact)).rejects.toThrow(UpdateRefused);
    expect(fs.existsSync(path.join(layout.root, 'outside.txt'))).toBe(false);
    expect(fs.existsSync(path.join(kit.dir, 'outside.txt'))).toBe(false);
  });

  it('refuses a file that is not a release archive at all', async () => {
    const artifact = path.join(kit.dir, 'not-a-release.tar.gz');
    fs.writeFileSync(artifact, 'this is not gzip');
    await expect(unpack(artifact)).rejects.toThrow(/the artifact could not be unpacked/);
    expect(fs.readdirSync(layout.staging)).toEqual([]);
  });
});
