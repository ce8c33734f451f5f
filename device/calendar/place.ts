import { Location } from '@hebcal/core';
import type { Synagogue } from '../../cloud-sync/protocol/content.js';

/** Where the synagogue stands: everything the calendar needs to know about the place. */
export type Place = {
  latitude: number;
  longitude: number;
  /** Metres above sea level. */
  elevation: number;
  /** Sunrise and sunset seen from `elevation`; absent or false: at sea level, as published calendars give them. */
  useElevation?: boolean;
  /** IANA time zone, e.g. Asia/Jerusalem. */
  timezone: string;
  /** Israel or the diaspora: the parasha cycle and one or two days of yom tov. */
  israel: boolean;
  /** Jerusalem or another city walled since Joshua: Shushan Purim is its Purim. */
  walledCity?: boolean;
  name?: string;
};

export function placeFromSynagogue(s: Synagogue): Place {
  return {
    latitude: s.latitude,
    longitude: s.longitude,
    elevation: s.elevation ?? 0,
    useElevation: s.useElevation ?? false,
    timezone: s.timezone,
    israel: s.israel ?? false,
    walledCity: s.walledCity ?? false,
    name: s.nameEn ?? s.name,
  };
}

/**
 * The @hebcal/core Location for a place. It is always built with il=false: hebcal quietly
 * replaces an 18-minute candle-lighting offset by 20 (or a city's custom) when the location
 * says Israel, and the offset here must be exactly what the synagogue configured. Callers pass
 * `il` to hebcal separately wherever the holiday scheme matters.
 */
export function hebcalLocation(place: Place): Location {
  return new Location(place.latitude, place.longitude, false, place.timezone, place.name, undefined, undefined, place.elevation);
}
