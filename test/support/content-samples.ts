import type { ContentResourceName } from '../../cloud-sync/protocol/api/content-api.js';

/** One valid body for every content resource the people's API edits (per-device ones need a deviceId). */
export function contentSamples(synagogue: Record<string, unknown>, deviceId: string): Record<ContentResourceName, Record<string, unknown>> {
  return {
    Synagogue: synagogue,
    DeviceSettings: { deviceId, language: 'en', theme: 'dark' },
    DeviceConfiguration: { deviceId, heartbeatSeconds: 60 },
    TfilaTime: { name: 'מנחה', category: 'mincha', time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 }, rounding: { mode: 'down', step: 5 } },
    GeneralMessage: { body: 'Kiddush after Musaf', priority: 1 },
    Hanzch: { name: 'Rachel bat Sarah', hebrewDay: 3, hebrewMonth: 'Kislev' },
    Shior: { title: 'Daf Yomi', time: { kind: 'fixed', time: '21:00' }, daysOfWeek: [0, 1, 2, 3, 4] },
    OlieLatora: { date: '2026-12-05', aliyah: 'Kohen', personName: 'Moshe Cohen' },
    ScreenTimer: { slide: 'zmanim', durationSeconds: 20 },
    AliyaNotification: { date: '2026-12-05', personName: 'Yossi Levi', occasion: 'bar mitzvah' },
    DailyContentPreference: { learning: ['dafYomi', 'mishnaYomi'] },
    HolidayTimes: {
      title: 'Chanukah',
      dateFrom: '2026-12-05',
      dateTo: '2026-12-12',
      replacesRegular: false,
      times: [{ name: 'Candles', time: { kind: 'zman', zman: 'sunset' } }],
    },
  };
}
