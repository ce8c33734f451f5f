import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Nudger } from './nudges.js';

const clock = { now: () => new Date('2026-11-25T10:00:00Z') };
const logger = pino({ level: 'silent' });

describe('Nudger', () => {
  it('sends one nudge per device for a burst of writes', async () => {
    const sent: string[] = [];
    const nudger = new Nudger({ publish: async (topic) => void sent.push(topic), clock, logger, gatherMs: 60_000 });
    nudger.affect(['wall-a', 'wall-b']);
    nudger.affect(['wall-a']);
    nudger.affect(['wall-b', 'wall-c']);
    expect(sent).toEqual([]);
    await nudger.flush();
    expect(sent.sort()).toEqual(['luach/v1/devices/wall-a/state/changed', 'luach/v1/devices/wall-b/state/changed', 'luach/v1/devices/wall-c/state/changed']);
    expect(nudger.count()).toBe(3);
    await nudger.flush();
    expect(sent).toHaveLength(3);
  });

  it('keeps going when the broker refuses some nudges, and counts only what was sent', async () => {
    const nudger = new Nudger({
      publish: async (topic) => {
        if (topic.includes('wall-b')) throw new Error('broker gone');
      },
      clock,
      logger,
      gatherMs: 60_000,
    });
    nudger.affect(['wall-a', 'wall-b']);
    await nudger.flush();
    expect(nudger.count()).toBe(1);
  });

  it('sends nothing without a broker: devices then sync at their fallback time', async () => {
    const nudger = new Nudger({ clock, logger });
    nudger.affect(['wall-a']);
    await nudger.flush();
    expect(nudger.count()).toBe(0);
  });
});
