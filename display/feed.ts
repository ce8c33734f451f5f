import type { DisplayModel } from '../device/model/display-model.js';

/** The Electron preload's bridge, when the display runs in the kiosk (see device/preload.ts). */
interface LuachBridge {
  onModel(listener: (model: unknown) => void): () => void;
  ready?(): void;
}

export interface FeedEvents {
  model(model: DisplayModel): void;
  /** The link to the device runtime itself (not the cloud) dropped or came back. */
  connection(up: boolean): void;
}

/**
 * A cheap structural check of what crossed the process boundary. The device validated the model
 * with its zod schema before sending; this guards against a stale or foreign sender without
 * shipping zod to the renderer.
 */
export function looksLikeModel(value: unknown): value is DisplayModel {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m.schemaVersion === 1 &&
    typeof m.validUntil === 'string' &&
    typeof m.header === 'object' &&
    typeof m.locale === 'object' &&
    Array.isArray(m.slides) &&
    Array.isArray(m.ticker) &&
    Array.isArray(m.todayPrayerTimes)
  );
}

/** Subscribe to models from the Electron bridge if present, else from the device's SSE stream. */
export function connectFeed(events: FeedEvents): () => void {
  const accept = (value: unknown) => {
    if (looksLikeModel(value)) events.model(value);
    else console.warn('luach: ignored a payload that is not a DisplayModel v1');
  };
  const bridge = (window as unknown as { luach?: LuachBridge }).luach;
  if (bridge) {
    let told = false;
    return bridge.onModel((value) => {
      accept(value);
      // The kiosk shell logs the first paint; after that the preload's heartbeat speaks for the page.
      if (!told) requestAnimationFrame(() => bridge.ready?.());
      told = true;
    });
  }

  const source = new EventSource('./events');
  source.addEventListener('model', (event) => {
    events.connection(true);
    try {
      accept(JSON.parse((event as MessageEvent<string>).data));
    } catch {
      console.warn('luach: ignored a model frame that is not JSON');
    }
  });
  source.addEventListener('error', () => events.connection(false));
  // A `reload-display` command in the browser shell: the page loads itself again.
  source.addEventListener('reload', () => window.location.reload());
  return () => source.close();
}
