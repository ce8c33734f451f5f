import type { DeviceSettings, Synagogue } from '../../cloud-sync/protocol/content.js';
import { DEFAULT_CHANUKAH_LIGHTING } from '../calendar/chanukah.js';
import type { Place } from '../calendar/place.js';
import { ZMAN_LABELS } from '../calendar/time-spec.js';

/**
 * How this wall reckons its times, in words an operator can check against a printed calendar
 * (`luach model`): sea level or elevation, tzeit, candles, havdalah, Chanukah, chametz, the omer.
 */
export function reckoningOf(place: Place, settings: DeviceSettings, nusach: Synagogue['nusach']): Record<string, string> {
  const chanukah = settings.chanukahCandleLighting ?? DEFAULT_CHANUKAH_LIGHTING;
  const offset = chanukah.kind === 'zman' && chanukah.offsetMinutes ? ` ${chanukah.offsetMinutes > 0 ? '+' : '−'} ${Math.abs(chanukah.offsetMinutes)} min` : '';
  return {
    sunriseSunset: place.useElevation ? `from the elevation, ${place.elevation} m` : 'sea level',
    tzeit: settings.tzeitMinutes !== undefined ? `${settings.tzeitMinutes} min after sunset` : `${settings.tzeitDegrees}°`,
    candleLighting: `${settings.candleLightingMinutes} min before sunset`,
    havdalah: settings.havdalahMinutes !== undefined ? `${settings.havdalahMinutes} min after sunset` : `${settings.havdalahDegrees}°`,
    hebrewDateSwitch: settings.hebrewDateSwitch,
    chanukahCandles: `weekdays ${chanukah.kind === 'fixed' ? `at ${chanukah.time}` : `${ZMAN_LABELS[chanukah.zman]}${offset}`}; Friday before the Shabbat candles; Saturday after havdalah`,
    chametz: settings.chametzTimes === 'both' ? 'MGA and GRA' : settings.chametzTimes.toUpperCase(),
    omer: `nusach ${nusach ?? 'ashkenaz'}`,
    purim: place.walledCity ? 'walled city: 15 Adar (Purim Meshulash when it is Shabbat)' : '14 Adar',
    holidays: place.israel ? 'Israel' : 'diaspora',
  };
}
