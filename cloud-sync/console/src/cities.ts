/** A bundled list of cities a gabbai picks from: names in Hebrew and English, where, and which clock. */
export interface City {
  he: string;
  en: string;
  latitude: number;
  longitude: number;
  timezone: string;
  israel: boolean;
  /** Walled since Joshua: Shushan Purim is its Purim. */
  walled?: boolean;
}

export const CITIES: readonly City[] = [
  { he: 'ירושלים', en: 'Jerusalem', latitude: 31.7767, longitude: 35.2159, timezone: 'Asia/Jerusalem', israel: true, walled: true },
  { he: 'תל אביב', en: 'Tel Aviv', latitude: 32.0853, longitude: 34.7818, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'חיפה', en: 'Haifa', latitude: 32.794, longitude: 34.9896, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'בני ברק', en: 'Bnei Brak', latitude: 32.0807, longitude: 34.8338, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'פתח תקווה', en: 'Petah Tikva', latitude: 32.0871, longitude: 34.8875, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'בית שמש', en: 'Beit Shemesh', latitude: 31.7514, longitude: 34.9886, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'מודיעין עילית', en: "Modi'in Illit", latitude: 31.9327, longitude: 35.0418, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'ראשון לציון', en: 'Rishon LeZion', latitude: 31.973, longitude: 34.7925, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'אשדוד', en: 'Ashdod', latitude: 31.8044, longitude: 34.6553, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'באר שבע', en: "Be'er Sheva", latitude: 31.2518, longitude: 34.7913, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'נתניה', en: 'Netanya', latitude: 32.3215, longitude: 34.8532, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'צפת', en: 'Safed', latitude: 32.9646, longitude: 35.496, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'טבריה', en: 'Tiberias', latitude: 32.7922, longitude: 35.5312, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'חברון', en: 'Hebron', latitude: 31.5326, longitude: 35.0998, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'אילת', en: 'Eilat', latitude: 29.5577, longitude: 34.9519, timezone: 'Asia/Jerusalem', israel: true },
  { he: 'ניו יורק', en: 'New York', latitude: 40.7128, longitude: -74.006, timezone: 'America/New_York', israel: false },
  { he: 'ברוקלין', en: 'Brooklyn', latitude: 40.6782, longitude: -73.9442, timezone: 'America/New_York', israel: false },
  { he: 'לייקווד', en: 'Lakewood', latitude: 40.0821, longitude: -74.2097, timezone: 'America/New_York', israel: false },
  { he: 'מונסי', en: 'Monsey', latitude: 41.1112, longitude: -74.0685, timezone: 'America/New_York', israel: false },
  { he: 'בולטימור', en: 'Baltimore', latitude: 39.2904, longitude: -76.6122, timezone: 'America/New_York', israel: false },
  { he: 'מיאמי', en: 'Miami', latitude: 25.7617, longitude: -80.1918, timezone: 'America/New_York', israel: false },
  { he: 'שיקגו', en: 'Chicago', latitude: 41.8781, longitude: -87.6298, timezone: 'America/Chicago', israel: false },
  { he: 'לוס אנג׳לס', en: 'Los Angeles', latitude: 34.0522, longitude: -118.2437, timezone: 'America/Los_Angeles', israel: false },
  { he: 'טורונטו', en: 'Toronto', latitude: 43.6532, longitude: -79.3832, timezone: 'America/Toronto', israel: false },
  { he: 'מונטריאול', en: 'Montreal', latitude: 45.5017, longitude: -73.5673, timezone: 'America/Toronto', israel: false },
  { he: 'לונדון', en: 'London', latitude: 51.5074, longitude: -0.1278, timezone: 'Europe/London', israel: false },
  { he: 'מנצ׳סטר', en: 'Manchester', latitude: 53.4808, longitude: -2.2426, timezone: 'Europe/London', israel: false },
  { he: 'גייטסהד', en: 'Gateshead', latitude: 54.9527, longitude: -1.6034, timezone: 'Europe/London', israel: false },
  { he: 'פריז', en: 'Paris', latitude: 48.8566, longitude: 2.3522, timezone: 'Europe/Paris', israel: false },
  { he: 'אנטוורפן', en: 'Antwerp', latitude: 51.2194, longitude: 4.4025, timezone: 'Europe/Brussels', israel: false },
  { he: 'אמסטרדם', en: 'Amsterdam', latitude: 52.3676, longitude: 4.9041, timezone: 'Europe/Amsterdam', israel: false },
  { he: 'ציריך', en: 'Zurich', latitude: 47.3769, longitude: 8.5417, timezone: 'Europe/Zurich', israel: false },
  { he: 'וינה', en: 'Vienna', latitude: 48.2082, longitude: 16.3738, timezone: 'Europe/Vienna', israel: false },
  { he: 'ברלין', en: 'Berlin', latitude: 52.52, longitude: 13.405, timezone: 'Europe/Berlin', israel: false },
  { he: 'מוסקבה', en: 'Moscow', latitude: 55.7558, longitude: 37.6173, timezone: 'Europe/Moscow', israel: false },
  { he: 'יוהנסבורג', en: 'Johannesburg', latitude: -26.2041, longitude: 28.0473, timezone: 'Africa/Johannesburg', israel: false },
  { he: 'מלבורן', en: 'Melbourne', latitude: -37.8136, longitude: 144.9631, timezone: 'Australia/Melbourne', israel: false },
  { he: 'סידני', en: 'Sydney', latitude: -33.8688, longitude: 151.2093, timezone: 'Australia/Sydney', israel: false },
  { he: 'בואנוס איירס', en: 'Buenos Aires', latitude: -34.6037, longitude: -58.3816, timezone: 'America/Argentina/Buenos_Aires', israel: false },
  { he: 'סאו פאולו', en: 'São Paulo', latitude: -23.5505, longitude: -46.6333, timezone: 'America/Sao_Paulo', israel: false },
  { he: 'מקסיקו סיטי', en: 'Mexico City', latitude: 19.4326, longitude: -99.1332, timezone: 'America/Mexico_City', israel: false },
];

/** Cities whose Hebrew or English name holds `query` (case ignored), best matches (name starts with it) first. */
export function searchCities(query: string): City[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits = CITIES.filter((c) => c.he.includes(q) || c.en.toLowerCase().includes(q));
  return hits
    .sort((a, b) => Number(!(a.he.startsWith(q) || a.en.toLowerCase().startsWith(q))) - Number(!(b.he.startsWith(q) || b.en.toLowerCase().startsWith(q))))
    .slice(0, 8);
}
