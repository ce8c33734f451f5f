import { execFileSync } from 'node:child_process';
import { HDate } from '@hebcal/core';
import { describe, expect, it } from 'vitest';
import { addDays, hebcalCivilDate } from './local-date.js';
import { omerCount, omerDayOf } from './omer.js';

const plain = (s: string) => s.normalize('NFD').replace(/[\u0591-\u05C7]/g, '');

describe('the omer count as it is said', () => {
  it('says the numbers in words, with the grammar of the siddur (Ashkenaz)', () => {
    // Siddur (nusach Ashkenaz), without nikud.
    expect(plain(omerCount(1).he)).toBe('היום יום אחד לעומר');
    expect(plain(omerCount(2).he)).toBe('היום שני ימים לעומר');
    expect(plain(omerCount(7).he)).toBe('היום שבעה ימים, שהם שבוע אחד לעומר');
    expect(plain(omerCount(14).he)).toBe('היום ארבעה עשר יום, שהם שני שבועות לעומר');
    expect(plain(omerCount(16).he)).toBe('היום ששה עשר יום, שהם שני שבועות ושני ימים לעומר');
    expect(plain(omerCount(21).he)).toBe('היום אחד ועשרים יום, שהם שלושה שבועות לעומר');
    expect(plain(omerCount(33).he)).toBe('היום שלושה ושלושים יום, שהם ארבעה שבועות וחמשה ימים לעומר');
    expect(plain(omerCount(49).he)).toBe('היום תשעה וארבעים יום, שהם שבעה שבועות לעומר');
  });

  it('says "בעומר" at the end in nusach Sefard, and after the days in Edot HaMizrach', () => {
    expect(plain(omerCount(14, 'sefard').he)).toBe('היום ארבעה עשר יום, שהם שני שבועות בעומר');
    expect(plain(omerCount(26, 'edot-hamizrach').he)).toBe('היום ששה ועשרים יום בעומר, שהם שלושה שבועות וחמשה ימים');
    expect(plain(omerCount(3, 'edot-hamizrach').he)).toBe('היום שלושה ימים בעומר');
  });

  it('says it in English alongside', () => {
    expect(omerCount(14).en).toBe('Today is 14 days, which are 2 weeks of the Omer');
    expect(omerCount(1).en).toBe('Today is 1 day of the Omer');
  });

  it('numbers the days as Debian hebcal and hdate do, 2026–2031', () => {
    for (let year = 2026; year <= 2031; year++) {
      const hebcal = new Map<string, number>();
      for (const line of execFileSync('hebcal', ['-o', '-h', '-g', String(year)], { encoding: 'utf8' }).split('\n')) {
        const m = /^(\d{4}-\d{2}-\d{2}) (\d+)\w\w day of the Omer$/.exec(line.trim());
        if (m) hebcal.set(m[1]!, Number(m[2]));
      }
      expect(hebcal.size, String(year)).toBe(49);
      for (let date = `${year}-03-15`; date <= `${year}-06-15`; date = addDays(date, 1)) {
        expect(omerDayOf(new HDate(hebcalCivilDate(date))), date).toBe(hebcal.get(date));
      }
      // hdate names the count of the Hebrew day as "today is day N in the Omer", month by month.
      let fromHdate = 0;
      for (const month of [3, 4, 5, 6]) {
        const out = execFileSync('hdate', ['-o', '-q', '-z', '2', '-l', '31.77', '-L', '35.21', String(month), String(year)], { encoding: 'utf8' });
        let date: string | undefined;
        for (const line of out.split('\n')) {
          const day = /^\w+, (\d+) \w+ \d{4}/.exec(line.trim());
          if (day) date = `${year}-${String(month).padStart(2, '0')}-${day[1]!.padStart(2, '0')}`;
          const omer = /today is day (\d+) in the Omer/.exec(line);
          if (!omer || !date) continue;
          expect(omerDayOf(new HDate(hebcalCivilDate(date))), `hdate ${date}`).toBe(Number(omer[1]));
          fromHdate++;
        }
      }
      expect(fromHdate, `hdate's days of ${year}`).toBe(49);
    }
  });
});
