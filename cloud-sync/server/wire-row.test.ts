import { describe, expect, it } from 'vitest';
import { TfilaTime } from '../protocol/content.js';
import { wireRow } from './wire-row.js';

describe('wireRow', () => {
  it('turns a TfilaTime row into a valid wire TfilaTime without ownership', () => {
    const row = {
      id: 't1',
      userId: 'tenant-a',
      name: 'Mincha',
      nameEn: null,
      category: 'mincha',
      time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15, time: null },
      rounding: { mode: 'down', step: 5 },
      daysOfWeek: [],
      dayKinds: ['weekday'],
      validFrom: null,
      validTo: null,
      weekly: null,
      sortOrder: 2,
      active: true,
      createdAt: new Date('2026-11-01T10:00:00Z'),
      updatedAt: new Date('2026-11-02T10:00:00Z'),
    };
    const wired = wireRow(row);
    expect(wired).toEqual({
      id: 't1',
      name: 'Mincha',
      category: 'mincha',
      time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 },
      rounding: { mode: 'down', step: 5 },
      dayKinds: ['weekday'],
      sortOrder: 2,
      active: true,
      updatedAt: '2026-11-02T10:00:00.000Z',
    });
    expect(TfilaTime.safeParse(wired).success).toBe(true);
  });

  it('drops deviceId from per-device settings and keeps other empty lists as they are', () => {
    expect(wireRow({ id: 's', deviceId: 'd', learning: [], times: [{ name: 'Neilah', nameEn: null }] })).toEqual({
      id: 's',
      learning: [],
      times: [{ name: 'Neilah' }],
    });
  });

  it('keeps false and zero, which are values, not absence', () => {
    expect(wireRow({ id: 'x', active: false, priority: 0, elevation: 0 })).toEqual({ id: 'x', active: false, priority: 0, elevation: 0 });
  });
});
