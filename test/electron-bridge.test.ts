import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../device/clock.js';
import type { DisplayModel } from '../device/model/display-model.js';
import { createBridge, type RendererIpc } from '../device/shell/electron-bridge.js';
import { IPC } from '../device/shell/electron-ipc.js';
import { demoModel } from './support/model-server.js';

const NOW = new Date('2026-11-25T12:00:00Z');

/** The renderer's side of Electron's IPC: the main process's current model and a push channel. */
function fakeIpc(current: unknown) {
  const sent: [string, unknown][] = [];
  let push: ((event: unknown, payload: unknown) => void) | undefined;
  const ipc: RendererIpc = {
    on: (channel, listener) => {
      if (channel === IPC.model) push = listener;
    },
    send: (channel, payload) => void sent.push([channel, payload]),
    invoke: (channel) => (channel === IPC.currentModel ? Promise.resolve(current) : Promise.reject(new Error(channel))),
  };
  return { ipc, sent, push: (payload: unknown) => push!({}, payload) };
}

function bridgeWith(current: unknown) {
  const clock = new VirtualClock(NOW);
  const warnings: string[] = [];
  const ipc = fakeIpc(current);
  const bridge = createBridge(
    ipc.ipc,
    (ms, fire) => clock.every(ms, fire),
    10_000,
    (m) => warnings.push(m),
  );
  return { ...ipc, clock, warnings, bridge };
}

describe('window.luach, the preload bridge', () => {
  it('is one frozen object with onModel, heartbeat, ready and drawn', () => {
    const { bridge } = bridgeWith(demoModel(NOW));
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['drawn', 'heartbeat', 'onModel', 'ready']);
  });

  it('passes the page’s report of what it drew to the main process, for the commands waiting on it', () => {
    const { bridge, sent } = bridgeWith(demoModel(NOW));
    const report = { generatedAt: NOW.toISOString(), identifyUntil: null, fresh: true };
    bridge.drawn(report);
    expect(sent.at(-1)).toEqual(['luach:drawn', report]);
  });

  it('delivers the current model first, then every pushed model, each parsed by the DisplayModel schema', async () => {
    const first = demoModel(NOW);
    const { bridge, push } = bridgeWith(first);
    const seen: DisplayModel[] = [];
    const unsubscribe = bridge.onModel((m) => seen.push(m));
    await Promise.resolve();
    const next = demoModel(new Date('2026-11-25T16:00:00Z'));
    push(next);
    expect(seen).toEqual([first, next]);
    unsubscribe();
    push(next);
    expect(seen).toHaveLength(2);
  });

  it('drops a payload that is not a valid DisplayModel and says where it failed', async () => {
    const { bridge, push, warnings } = bridgeWith({ schemaVersion: 2 });
    const seen: unknown[] = [];
    bridge.onModel((m) => seen.push(m));
    await Promise.resolve();
    push({ ...demoModel(NOW), validUntil: 'tomorrow' });
    expect(seen).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/failed validation at validUntil/);
  });

  it('beats every 10 s from the moment the page subscribes, never before', async () => {
    const { bridge, clock, sent } = bridgeWith(demoModel(NOW));
    clock.advanceBy(60_000);
    expect(sent).toEqual([]);
    bridge.onModel(() => {});
    await Promise.resolve();
    clock.advanceBy(30_000);
    const beats = sent.filter(([channel]) => channel === IPC.heartbeat);
    expect(beats).toHaveLength(4);
    expect(beats.at(-1)![1]).toEqual({ modelsReceived: 1, listening: true });
    bridge.ready();
    expect(sent.at(-1)).toEqual([IPC.ready, undefined]);
  });
});
