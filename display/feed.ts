import { DisplayModel } from '../device/model/display-model.js';
import type { DrawnReport } from '../device/model/drawn-report.js';

/** The Electron preload's bridge, when the display runs in the kiosk (see device/preload.ts). */
interface LuachBridge {
  onModel(listener: (model: unknown) => void): () => void;
  ready?(): void;
  drawn?(report: DrawnReport): void;
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
  if (window.parent !== window && new URLSearchParams(window.location.search).has('preview')) {
    previewing = true;
    return previewFeed(events, accept);
  }
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

  // The model the page was served with (device/shell/display-server.ts): drawn at once, before
  // the stream connects. The stream's first frame then says the same, and is not drawn twice.
  let served = inlineModel();
  if (served) accept(served.model);
  const source = new EventSource('./events');
  source.addEventListener('model', (event) => {
    events.connection(true);
    const data = (event as MessageEvent<string>).data;
    const same = data === served?.json;
    served = undefined;
    if (same) return;
    try {
      accept(JSON.parse(data));
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
 * The model written into the page as it was served, with its JSON as the stream would send it;
 * undefined when the page came without one (the console's preview, an older device).
 */
function inlineModel(): { model: unknown; json: string } | undefined {
  const element = document.getElementById('luach-model');
  if (!element) return undefined;
  element.remove();
  try {
    const model: unknown = JSON.parse(element.textContent ?? '');
    return { model, json: JSON.stringify(model) };
  } catch {
    console.warn('luach: ignored a served model that is not JSON');
    return undefined;
  }
}

let drewSinceLoad = false;
/** The console's preview frame draws for a person choosing, not for a device: it reports nothing. */
let previewing = false;

/**
 * Tell the device what the wall now shows, once the picture is on the screen (the frame after
 * the update): commands that need a display (identify, reload) are confirmed by it, not assumed,
 * and a new release's health check waits for the first one (the browser shell's first paint).
 */
export function reportDrawn(model: DisplayModel): void {
  if (previewing) return;
  const report: DrawnReport = { generatedAt: model.generatedAt, identifyUntil: model.identify?.until ?? null, fresh: !drewSinceLoad };
  drewSinceLoad = true;
  requestAnimationFrame(() => {
    const bridge = (window as unknown as { luach?: LuachBridge }).luach;
    if (bridge) bridge.drawn?.(report);
    else void fetch('./drawn', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(report) }).catch(() => undefined);
  });
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
