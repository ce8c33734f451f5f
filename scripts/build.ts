// Build the device runtime into one bundle per entry point (dist/luach-cli.mjs), and the display
// with Vite (dist/display). One bundle parses and starts much faster on a Pi than hundreds of
// module files: process start to the first DisplayModel is a budgeted figure (bench/startup.ts).
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });

await build({
  entryPoints: { 'luach-cli': path.join(root, 'device/cli.ts') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  // Native addons and the Electron binary stay outside the bundle; CommonJS dependencies inside it need `require`.
  external: ['better-sqlite3', 'electron', 'playwright-core'],
  banner: { js: "import { createRequire as __luachRequire } from 'node:module'; const require = __luachRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The Electron kiosk: the main process (ESM, like the CLI, with the runtime inside) and the
// preload. A sandboxed preload can only `require('electron')`, so it is one CommonJS file with
// zod bundled in and no Node built-ins (platform: browser).
await build({
  entryPoints: { 'luach-main': path.join(root, 'device/main.ts') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: 'linked',
  external: ['better-sqlite3', 'electron', 'playwright-core'],
  banner: { js: "import { createRequire as __luachRequire } from 'node:module'; const require = __luachRequire(import.meta.url);" },
  logLevel: 'warning',
});
await build({
  entryPoints: { preload: path.join(root, 'device/preload.ts') },
  outdir: dist,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'chrome140',
  minify: true,
  sourcemap: 'linked',
  external: ['electron'],
  logLevel: 'warning',
});

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
