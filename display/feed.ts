import { DisplayModel } from '../device/model/display-model.js';

/** The Electron preload's bridge, when the display runs in the kiosk (see device/preload.ts). */
interface LuachBridge {
  onModel(listener: (model: unknown) => void): () => void;
  ready?(): void;
}

export interface FeedEvents {
  model(model: DisplayModel): void;
  /** The link to the device runtime itself (not the cloud) dropped or came back. */
  connection(up: boolean): void;
  /** In the console's preview frame: the moment previewed, which the wall's clock shows. */
  moment?(at: number): void;
}

/** What the console's page posts into its preview frame. */
interface PreviewMessage {
  kind: 'luach-preview';
  model: unknown;
  at?: string;
}

/**
 * Parse what crossed the process boundary with the model's own schema: a stale or foreign sender
 * (an old runtime after an update, a wrong page on the port) is refused, never half-drawn.
 */
function parseModel(value: unknown): DisplayModel | undefined {
  const parsed = DisplayModel.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  console.warn(`luach: ignored a DisplayModel that failed validation at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  return undefined;
}

/**
 * Subscribe to models: from the console's page when the display is its preview frame (opened
 * as `?preview`), else from the Electron bridge if present, else from the device's SSE stream.
 */
export function connectFeed(events: FeedEvents): () => void {
  const accept = (value: unknown) => {
    const model = parseModel(value);
    if (model) events.model(model);
  };
  if (window.parent !== window && new URLSearchParams(window.location.search).has('preview')) return previewFeed(events, accept);
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

/**
 * The preview frame: models posted by the console page that framed it. Only a message from this
 * very origin is read (the gateway serves both), and the model is parsed like any other.
 */
function previewFeed(events: FeedEvents, accept: (value: unknown) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (event.origin !== window.location.origin || event.source !== window.parent) return;
    const message = event.data as Partial<PreviewMessage> | null;
    if (message?.kind !== 'luach-preview') return;
    const at = message.at ? Date.parse(message.at) : NaN;
    if (Number.isFinite(at)) events.moment?.(at);
    accept(message.model);
  };
  window.addEventListener('message', listener);
  window.parent.postMessage({ kind: 'luach-preview-ready' }, window.location.origin);
  return () => window.removeEventListener('message', listener);
}
