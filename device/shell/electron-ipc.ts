import * as z from 'zod/mini';

/**
 * The one contract between the kiosk's main process and its preload. Both ends import it, so a
 * renamed channel or a changed payload fails type-checking instead of silently going unheard.
 * Every payload that crosses is parsed on arrival: the renderer is the less trusted side, and
 * the model is parsed again in the preload in case a stale main process sends an old shape.
 */
export const IPC = {
  /** main -> renderer: a DisplayModel (parsed with its zod schema in the preload). */
  model: 'luach:model',
  /** renderer -> main (invoke): the current DisplayModel, for a page that just loaded. */
  currentModel: 'luach:current-model',
  /** renderer -> main: the page is alive and drawing. */
  heartbeat: 'luach:heartbeat',
  /** renderer -> main: the display booted and subscribed to the feed. */
  ready: 'luach:ready',
  /** renderer -> main: a DrawnReport, the page drew a model (commands that need a display wait for it). */
  drawn: 'luach:drawn',
} as const;

/** What a heartbeat says: how many models the page has accepted so far, and whether it listens. */
export const Heartbeat = z.strictObject({
  modelsReceived: z.int().check(z.nonnegative()),
  listening: z.boolean(),
});
export type Heartbeat = z.infer<typeof Heartbeat>;

/** The display's only origin in the kiosk: served from the app itself, never from the network. */
export const APP_SCHEME = 'luach';
const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Messages from anywhere but the kiosk page (a stray frame, an injected page) are dropped. */
export function isFromApp(senderUrl: string | undefined): boolean {
  if (!senderUrl) return false;
  try {
    // WHATWG URL gives a custom scheme the opaque origin "null", so compare its parts instead.
    const url = new URL(senderUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === 'app';
  } catch {
    return false;
  }
}
