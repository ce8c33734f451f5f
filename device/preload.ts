// The kiosk page's only door to the device: one frozen object, `window.luach`. Runs sandboxed
// (contextIsolation + sandbox), so it is bundled into one CommonJS file with zod inside.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './shell/electron-bridge.js';
import { DEFAULT_WATCHDOG_POLICY } from './shell/watchdog.js';

const bridge = createBridge(
  ipcRenderer,
  (ms, fire) => setInterval(fire, ms),
  DEFAULT_WATCHDOG_POLICY.heartbeatMs,
  (message) => console.warn(message),
);

contextBridge.exposeInMainWorld('luach', bridge);
