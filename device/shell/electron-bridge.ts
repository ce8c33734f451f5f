import { DisplayModel } from '../model/display-model.js';
import type { DrawnReport } from '../model/drawn-report.js';
import { Heartbeat, IPC } from './electron-ipc.js';

/** The renderer's end of the IPC, as the preload gets it from Electron (a fake in tests). */
export interface RendererIpc {
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  send(channel: string, payload?: unknown): void;
  invoke(channel: string): Promise<unknown>;
}

/** What the page sees as `window.luach`: one read-only object with named, typed methods. */
export interface LuachBridge {
  /** Every valid DisplayModel, starting with the current one; returns the unsubscribe function. */
  onModel(listener: (model: DisplayModel) => void): () => void;
  /** The page is alive and drawing (the preload also beats on its own once the page listens). */
  heartbeat(): void;
  /** The display booted; logged by the shell. */
  ready(): void;
  /** The page drew a model: what it showed (the main process parses it). */
  drawn(report: DrawnReport): void;
}

/**
 * Builds the bridge the preload exposes. Models are parsed here with the DisplayModel schema
 * (the main process parsed them before sending too): the page only ever sees a valid model.
 * Heartbeats start once the page subscribes, so a page that never boots never beats and the
 * watchdog reloads it; a hung renderer thread stops the beat as well, since the preload's timer
 * runs on that same thread.
 */
export function createBridge(
  ipc: RendererIpc,
  every: (ms: number, fire: () => void) => void,
  heartbeatMs: number,
  warn: (message: string) => void,
): LuachBridge {
  const listeners = new Set<(model: DisplayModel) => void>();
  let modelsReceived = 0;
  let beating = false;

  const parse = (payload: unknown): DisplayModel | undefined => {
    const parsed = DisplayModel.safeParse(payload);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    warn(`luach: ignored a DisplayModel that failed validation at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    return undefined;
  };
  const beat = () => ipc.send(IPC.heartbeat, Heartbeat.parse({ modelsReceived, listening: listeners.size > 0 }));

  ipc.on(IPC.model, (_event, payload) => {
    const model = parse(payload);
    if (!model) return;
    modelsReceived += 1;
    for (const listener of listeners) listener(model);
  });

  return Object.freeze({
    onModel(listener: (model: DisplayModel) => void) {
      if (typeof listener !== 'function') throw new TypeError('luach.onModel expects a function');
      listeners.add(listener);
      void ipc.invoke(IPC.currentModel).then(
        (payload) => {
          const model = parse(payload);
          if (model && listeners.has(listener)) {
            modelsReceived += 1;
            listener(model);
          }
        },
        (error: unknown) => warn(`luach: could not fetch the current model: ${String(error)}`),
      );
      if (!beating) {
        beating = true;
        beat();
        every(heartbeatMs, beat);
      }
      return () => void listeners.delete(listener);
    },
    heartbeat: beat,
    ready: () => ipc.send(IPC.ready),
    drawn: (report: DrawnReport) => ipc.send(IPC.drawn, report),
  });
}
