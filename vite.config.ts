import { defineConfig } from 'vite';

// The display is an ordinary web page: built to static files that every shell serves locally.
export default defineConfig({
  root: 'display',
  base: './',
  build: {
    outDir: '../dist/display',
    emptyOutDir: true,
    target: 'chrome120',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
