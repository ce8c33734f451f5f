import type { DisplayModel } from './display-model.js';

/**
 * The models the wall should show: the current one and every new one as it is built. The
 * runtime is the one source; a shell (the display server's SSE, the kiosk's IPC) reads it.
 */
export interface ModelFeed {
  current(): DisplayModel;
  subscribe(listener: (model: DisplayModel) => void): () => void;
}
