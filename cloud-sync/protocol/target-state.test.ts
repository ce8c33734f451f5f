import { describe, expect, it } from 'vitest';
import { parseTargetState, TARGET_STATE_VERSION, upgradeTargetState } from './target-state.js';

const synagogue = { id: 's', name: 'Shul', latitude: 31.778, longitude: 35.2354, timezone: 'Asia/Jerusalem', israel: true };
const state = (schemaVersion: number, extra: Record<string, unknown> = {}) => ({
  schemaVersion,
  generatedAt: '2026-11-25T10:00:00Z',
  synagogue: { ...synagogue, ...extra },
  settings: { id: 'st' },
  configuration: { id: 'c' },
  content: {},
});

describe('target-state versions', () => {
  it('reads a v1 synagogue with an elevation as v1 meant it: sunrise and sunset from that elevation', () => {
    const parsed = parseTargetState(state(1, { elevation: 754 }));
    expect(parsed.ok && parsed.state.synagogue.useElevation).toBe(true);
  });

  it('reads a v1 synagogue without an elevation at sea level', () => {
    const parsed = parseTargetState(state(1));
    expect(parsed.ok && parsed.state.synagogue.useElevation).toBe(false);
  });

  it('puts a v2 synagogue at sea level unless it asks for its elevation', () => {
    const plain = parseTargetState(state(2, { elevation: 754 }));
    expect(plain.ok && plain.state.synagogue.useElevation).toBe(false);
    const asked = parseTargetState(state(2, { elevation: 754, useElevation: true }));
    expect(asked.ok && asked.state.synagogue.useElevation).toBe(true);
  });

  it('fills the v2 settings with defaults that show what v1 showed', () => {
    const parsed = parseTargetState(state(2));
    expect(parsed.ok && parsed.state.settings).toMatchObject({
      chametzTimes: 'both',
      chanukahCandleLighting: { kind: 'zman', zman: 'tzeit', offsetMinutes: 0 },
    });
    expect(parsed.ok && parsed.state.synagogue.walledCity).toBe(false);
  });

  it('refuses a Chanukah candle-lighting time that hangs on a Shabbat-only zman, naming the field', () => {
    const bad = { ...state(2), settings: { id: 'st', chanukahCandleLighting: { kind: 'zman', zman: 'havdalah' } } };
    const parsed = parseTargetState(bad);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]).toMatch(/^settings\.chanukahCandleLighting: .*sunset or tzeit/);
  });

  it('refuses a schema newer than this build, saying which it understands', () => {
    const parsed = parseTargetState(state(TARGET_STATE_VERSION + 1));
    expect(!parsed.ok && parsed.errors).toEqual([`schemaVersion: this device understands target-state schema up to ${TARGET_STATE_VERSION}`]);
  });

  it('leaves what is not a v1 document for validation to judge', () => {
    expect(upgradeTargetState('nonsense')).toBe('nonsense');
    const v2 = state(2);
    expect(upgradeTargetState(v2)).toBe(v2);
  });
});
