// Build the device runtime into one bundle per entry point (dist/luach-cli.mjs), the display
// with Vite (dist/display), and the web console with Vite (dist/console). One bundle parses and starts much faster on a Pi than hundreds of
// module files: process start to the first DisplayModel is a budgeted figure (bench/startup.ts).
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });

/**
 * What each shipped runtime is, so the bundles are built for it and no older: the CLI for the
 * oldest Node package.json allows, the Electron main and preload for the Chromium and Node
 * inside the pinned Electron (from its release notes). A new Electron major fails the build
 * until its line is added here.
 */
const ELECTRON_RUNTIMES: Record<string, { chrome: number; node: number }> = { '41': { chrome: 146, node: 24 } };
const electronVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const electron = ELECTRON_RUNTIMES[electronVersion.split('.')[0]!];
if (!electron) throw new Error(`scripts/build.ts: Electron ${electronVersion} is not in ELECTRON_RUNTIMES; add its Chromium and Node majors`);
const NODE_MIN = 'node20.19';

/**
 * The Node-side bundles: the CLI and the Electron main process. Split into chunks loaded on
 * demand (dynamic import()): a one-shot command loads only its own code, and `luach start`
 * reaches its first model before the cloud's parts (MQTT, telemetry, commands) are loaded.
 */
/**
 * Standalone mode runs the cloud's gateway inside `luach start` (a chunk loaded only then). Its
 * Prisma Client is generated code that finds its query compiler beside itself, so it stays a
 * file of its own, imported from where the chunks live (dist/chunks/<entry>/).
 */
const generatedPrismaClient: Plugin = {
  name: 'generated-prisma-client',
  setup(builder) {
    builder.onResolve({ filter: /generated\/sqlite\/index\.js$/ }, () => ({ path: '../../../prisma/generated/sqlite/index.js', external: true }));
  },
};

const nodeBundle: BuildOptions = {
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  // Native addons and the Electron binary stay outside the bundle; CommonJS dependencies inside it need `require`.
  // The gateway's server framework and its native password hashing load from node_modules as they are.
  external: [
    'better-sqlite3',
    'sharp',
    'electron',
    'playwright-core',
    '@node-rs/argon2',
    'fastify',
    '@fastify/*',
    'fastify-type-provider-zod',
    'bonjour-service',
  ],
  plugins: [generatedPrismaClient],
  banner: { js: "import { createRequire as __luachRequire } from 'node:module'; const require = __luachRequire(import.meta.url);" },
  logLevel: 'warning',
};

await build({ ...nodeBundle, entryPoints: { 'luach-cli': path.join(root, 'device/cli.ts') }, chunkNames: 'chunks/cli/[name]-[hash]', target: NODE_MIN });

// The launcher of both shells (bin/luach.js, and the Electron app's main): it chooses the release to
// run (device/update/boot-release.ts) and loads its entry. Runs under Node and Electron's Node alike.
await build({ ...nodeBundle, entryPoints: { 'luach-boot': path.join(root, 'device/boot.ts') }, chunkNames: 'chunks/boot/[name]-[hash]', target: NODE_MIN });

// The Electron kiosk: the main process (ESM, like the CLI) and the preload. A sandboxed preload
// can only `require('electron')`, so it is one CommonJS file with zod bundled in and no Node
// built-ins (platform: browser).
await build({
  ...nodeBundle,
  entryPoints: { 'luach-main': path.join(root, 'device/main.ts') },
  chunkNames: 'chunks/main/[name]-[hash]',
  target: `node${electron.node}`,
});
await build({
  entryPoints: { preload: path.join(root, 'device/preload.ts') },
  outdir: dist,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: `chrome${electron.chrome}`,
  minify: true,
  sourcemap: 'linked',
  external: ['electron'],
  logLevel: 'warning',
});

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
await viteBuild({ configFile: path.join(root, 'cloud-sync/console/vite.config.ts'), logLevel: 'warn' });
