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

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
