import { defineConfig } from 'vite';

// The display is an ordinary web page: built to static files that every shell serves locally.
// It runs in Electron's Chromium (146 in Electron 41) and in the system Chromium of the browser
// shell; chrome120 is the oldest of those we support (Debian 12 and Raspberry Pi OS 12 ship newer).
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
