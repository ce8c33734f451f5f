import path from 'node:path';
import { defineConfig } from 'vite';

// The web console: static files the gateway serves at / (dist/console). Preact's JSX through
// esbuild, no preset; phones from the last few years (Safari 15, Chrome 100) are the oldest served.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/console'),
    emptyOutDir: true,
    target: ['safari15', 'chrome100', 'firefox100'],
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
