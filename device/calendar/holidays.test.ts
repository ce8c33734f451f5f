import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeDay } from './day-info.js';
import { dayKindsOf } from './day-kinds.js';
import type { Place } from './place.js';

const telAviv: Place = { latitude: 32.0853, longitude: 34.7818, elevation: 0, timezone: 'Asia/Jerusalem', israel: true };
const jerusalem: Place = { latitude: 31.7767, longitude: 35.2345, elevation: 754, timezone: 'Asia/Jerusalem', israel: true, walledCity: true };
const newYork: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };

const names = (place: Place, date: string) => describeDay(place, date).holidays.map((h) => h.en);

describe('Chanukah by its days', () => {
  it('names the daytime by the day of Chanukah, not by the candles of its evening (5787)', () => {
    expect(names(newYork, '2026-12-04')).toEqual(['Erev Chanukah']);
    expect(names(newYork, '2026-12-05')).toEqual(['Chanukah: 1st Day', 'Shabbat Chanukah', 'Shabbat Mevarchim Chodesh Tevet']);
    expect(describeDay(newYork, '2026-12-05').holidays[0]).toMatchObject({ he: 'חֲנוּכָּה: יוֹם א׳', kind: 'chanukah' });
    expect(names(newYork, '2026-12-10')).toEqual(expect.arrayContaining(['Rosh Chodesh Tevet', 'Chanukah: 6th Day']));
    expect(names(newYork, '2026-12-12')).toEqual(['Chanukah: 8th Day', 'Shabbat Chanukah']);
  });

  it('calls the same eight days Chanukah as hdate, 2026–2031', () => {
    for (let year = 2026; year <= 2031; year++) {
      const out = execFileSync('hdate', ['-h', '-q', '-z', '2', '-l', '31.77', '-L', '35.21', '12', String(year)], { encoding: 'utf8' });
      const lines = out.split('\n');
      const theirs = lines.flatMap((line, i) => {
        const day = /^\w+, (\d+) December/.exec(line.trim());
        return day && lines[i + 1]?.trim() === 'Chanukah' ? [`${year}-12-${day[1]!.padStart(2, '0')}`] : [];
      });
      const ours: string[] = [];
      for (let d = 1; d <= 31; d++) {
        const date = `${year}-12-${String(d).padStart(2, '0')}`;
        if (dayKindsOf(date, telAviv).includes('chanukah')) ours.push(date);
      }
      // hdate's December holds the days that fall in December; Chanukah 5790 begins on 2 December 2029 and 5792 on 10 December 2031.
      expect(ours, String(year)).toEqual(theirs);
      expect(ours.length, String(year)).toBeGreaterThan(0);
    }
  });
});

describe('Purim by the walls of the city', () => {
  it('keeps Purim on the 14th in an unwalled city and on the 15th in a walled one (5787)', () => {
    expect(names(telAviv, '2027-03-23')).toEqual(['Purim']);
    expect(names(telAviv, '2027-03-24')).toEqual(['Shushan Purim']);
    expect(names(jerusalem, '2027-03-23')).toEqual(['Purim (in unwalled cities)']);
    expect(names(jerusalem, '2027-03-24')).toEqual(['Shushan Purim: Purim of the walled cities']);
    expect(describeDay(jerusalem, '2027-03-24').holidays[0]).toMatchObject({ kind: 'purim', he: 'שׁוּשָׁן פּוּרִים: פּוּרִים דְּמוּקָפִין' });
    expect(names(jerusalem, '2027-03-22')).toEqual(['Ta’anit Esther']);
    expect(names(telAviv, '2027-03-22')).toEqual(['Ta’anit Esther', 'Erev Purim']);
  });

  it('keeps Purim Meshulash in a walled city when the 15th is Shabbat, and no one else does (5785)', () => {
    expect(names(jerusalem, '2025-03-13')).toEqual(['Ta’anit Esther', 'Erev Purim']);
    expect(names(jerusalem, '2025-03-14')).toEqual(['Purim Meshulash: Megillah reading']);
    expect(names(jerusalem, '2025-03-15')).toEqual(['Purim Meshulash: Al HaNissim and the Purim Torah reading']);
    expect(names(jerusalem, '2025-03-16')).toEqual(['Purim Meshulash: seudah and mishloach manot']);
    expect(names(telAviv, '2025-03-14')).toEqual(['Purim']);
    expect(names(telAviv, '2025-03-16')).toEqual([]);
  });
});
