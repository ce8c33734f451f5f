// The offline packaging path: electron-builder packs the unpacked app (asar, fuses, the files of
// electron-builder.yml at the root) against an Electron dist that is already on disk, and Debian's
// dpkg-deb builds the .deb from it, with the same control fields and maintainer scripts that
// electron-builder's own deb target (which needs fpm from GitHub) would use.
//
//   npm run build
//   npx tsx scripts/package-deb.ts --electron-dist node_modules/electron/dist [--arch arm64] [--out release]
//
// better-sqlite3 is not rebuilt here (@electron/rebuild downloads Electron's headers), so a .deb
// built this way runs only if its native addon already matches the Electron and architecture of
// --electron-dist. CI builds it against a stand-in dist to check the package itself.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { getAbi } from 'node-abi';

export type DebArch = 'x64' | 'arm64' | 'armv7l';
const DEBIAN_ARCH: Record<DebArch, string> = { x64: 'amd64', arm64: 'arm64', armv7l: 'armhf' };
/** Where the app lives on the device; build/luach.service and build/deb/*.sh name it too. */
export const INSTALL_DIR = 'opt/Luach';

export interface PackageDebOptions {
  root: string;
  electronDist: string;
  arch: DebArch;
  outDir: string;
}

/** Build the .deb; resolves with its path. */
export async function packageDeb(options: PackageDebOptions): Promise<string> {
  const { root, arch } = options;
  const outDir = path.resolve(options.outDir);
  for (const built of ['dist/luach-main.mjs', 'dist/preload.cjs', 'dist/display/index.html']) {
    if (!fs.existsSync(path.join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  if (!fs.existsSync(path.join(options.electronDist, 'electron'))) throw new Error(`--electron-dist ${options.electronDist}: no \`electron\` executable in it`);

  let packed: { appOutDir: string; config: Configuration } | undefined;
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch[arch]),
    config: {
      extends: path.join(root, 'electron-builder.yml'),
      electronDist: path.resolve(options.electronDist),
      npmRebuild: false,
      directories: { output: path.join(outDir, 'electron-builder') },
      afterPack: async (context) => {
        packed = { appOutDir: context.appOutDir, config: context.packager.config };
      },
    },
  });
  if (!packed) throw new Error('electron-builder finished without packing the app');
  const { config, appOutDir } = packed;
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

  const stage = path.join(outDir, `deb-root-${arch}`);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(path.join(stage, 'DEBIAN'), { recursive: true });
  fs.cpSync(appOutDir, path.join(stage, INSTALL_DIR), { recursive: true, verbatimSymlinks: true });
  // The ABI this Electron loads native addons for, so pi-setup.sh can refuse a package whose
  // better-sqlite3 was built for another (the kiosk would die at its first start).
  const electronVersion = fs.readFileSync(path.join(options.electronDist, 'version'), 'utf8').trim();
  fs.writeFileSync(path.join(stage, INSTALL_DIR, 'resources', 'electron-abi'), `${getAbi(electronVersion, 'electron')}\n`);
  // Extra files, as the fpm "source=destination" pairs electron-builder's deb target passes on.
  for (const pair of config.deb?.fpm ?? []) {
    const [source, destination] = pair.split('=');
    if (!source || !destination?.startsWith('/')) throw new Error(`deb.fpm "${pair}": expected source=/absolute/destination`);
    const target = path.join(stage, destination);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(root, source), target);
  }
  for (const [field, script] of [
    ['postinst', config.deb?.afterInstall],
    ['postrm', config.deb?.afterRemove],
  ] as const) {
    if (!script) continue;
    fs.copyFileSync(path.join(root, script), path.join(stage, 'DEBIAN', field));
    fs.chmodSync(path.join(stage, 'DEBIAN', field), 0o755);
  }
  fs.writeFileSync(path.join(stage, 'DEBIAN', 'control'), controlFile(config, pkg, DEBIAN_ARCH[arch], installedKiB(stage)));

  const deb = path.join(outDir, `${pkg.name}_${pkg.version}_${DEBIAN_ARCH[arch]}.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
  return deb;
}

function controlFile(config: Configuration, pkg: { name: string; version: string }, arch: string, kib: number): string {
  const linux = config.linux ?? {};
  const deb = config.deb ?? {};
  if (!linux.maintainer) throw new Error('electron-builder.yml: linux.maintainer is required for a .deb');
  // Debian folds the long description onto lines that start with a space; a blank line is " .".
  const long = (linux.description ?? '')
    .trim()
    .split(/\n\s*\n/)
    .map((para) => wrap(para.replace(/\s+/g, ' '), 78))
    .join('\n .\n');
  const fields: [string, string | undefined][] = [
    ['Package', pkg.name],
    ['Version', pkg.version],
    ['Architecture', arch],
    ['Maintainer', linux.maintainer],
    ['Installed-Size', String(kib)],
    ['Depends', deb.depends?.join(', ')],
    ['Recommends', deb.recommends?.join(', ')],
    ['Section', deb.packageCategory ?? undefined],
    ['Priority', deb.priority ?? undefined],
    ['Description', `${linux.synopsis ?? pkg.name}\n${long}`],
  ];
  return `${fields
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n`;
}

/** Words onto lines of at most `width`, each indented by one space as Debian requires. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ` ${l}`).join('\n');
}

function installedKiB(dir: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return Math.ceil(bytes / 1024);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: { 'electron-dist': { type: 'string' }, arch: { type: 'string', default: 'x64' }, out: { type: 'string', default: 'release' } },
  });
  const arch = values.arch as DebArch;
  if (!values['electron-dist'] || !(arch in DEBIAN_ARCH)) {
    process.stderr.write('usage: tsx scripts/package-deb.ts --electron-dist DIR [--arch x64|arm64|armv7l] [--out DIR]\n');
    process.exit(2);
  }
  const deb = await packageDeb({ root: path.resolve(import.meta.dirname, '..'), electronDist: values['electron-dist'], arch, outDir: values.out! });
  process.stdout.write(`${deb}\n`);
}
