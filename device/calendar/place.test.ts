import { describe, expect, it } from 'vitest';
import { Synagogue } from '../../cloud-sync/protocol/content.js';
import { placeFromSynagogue } from './place.js';

describe('the place of a synagogue', () => {
  it('takes coordinates, elevation, zone, the Israel and walled-city flags from the synagogue, at sea level unless it asks', () => {
    const s = Synagogue.parse({
      id: 's1',
      name: 'בית הכנסת הגדול',
      nameEn: 'Great Synagogue',
      latitude: 31.7767,
      longitude: 35.2345,
      timezone: 'Asia/Jerusalem',
      israel: true,
      elevation: 780,
    });
    expect(placeFromSynagogue(s)).toEqual({
      latitude: 31.7767,
      longitude: 35.2345,
      elevation: 780,
      useElevation: false,
      timezone: 'Asia/Jerusalem',
      israel: true,
      walledCity: false,
      name: 'Great Synagogue',
    });
    expect(placeFromSynagogue({ ...s, useElevation: true, walledCity: true })).toMatchObject({ useElevation: true, walledCity: true });
    const diaspora = Synagogue.parse({ id: 's2', name: 'Shul', latitude: 51.5, longitude: -0.12, timezone: 'Europe/London' });
    expect(placeFromSynagogue(diaspora)).toMatchObject({ elevation: 0, israel: false, name: 'Shul' });
  });
});
