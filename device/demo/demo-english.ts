import type { ContentCollectionName } from '../../cloud-sync/protocol/content.js';
import type { TargetStateInput } from '../../cloud-sync/protocol/target-state.js';

/**
 * The demo's texts in English, by row id, as a gabbai who keeps an English or bilingual wall
 * would write them. Names keep their common transliteration.
 */
const ENGLISH: Partial<Record<ContentCollectionName, Record<string, Record<string, string>>>> = {
  GeneralMessage: {
    'm-welcome': { titleEn: 'Welcome', bodyEn: 'Please silence your phone during prayers.' },
    'm-kiddush': { titleEn: 'Kiddush', bodyEn: 'Sponsored by the Levi family for Netanel’s bar mitzvah. All welcome!' },
    'm-blood': { titleEn: 'Blood drive', bodyEn: 'Magen David Adom, next Monday in the hall, 16:00–20:00.' },
  },
  Hanzch: {
    'h-1': { nameEn: 'Avraham ben Yaakov Cohen' },
    'h-2': { nameEn: 'Sarah bat Moshe' },
    'h-3': { nameEn: 'Yosef ben David Mizrachi' },
    'h-4': { nameEn: 'Rachel bat Aharon' },
    'h-5': { nameEn: 'Moshe ben Shmuel Friedman' },
    'h-6': { nameEn: 'Chana bat Yitzchak' },
  },
  Shior: {
    's-daf': { titleEn: 'Daf Yomi', teacherEn: 'Rabbi Eliyahu Berger', locationEn: 'Beit midrash' },
    's-halacha': { titleEn: 'Daily halacha', teacherEn: 'Rabbi Yehuda Stern' },
    's-parasha': { titleEn: 'The weekly parasha', teacherEn: 'Rabbi Daniel Oren', locationEn: 'Main hall' },
    's-women': { titleEn: 'Women’s class: Tehillim', teacherEn: 'Rebbetzin Michal Adler', locationEn: 'Women’s section' },
  },
  OlieLatora: Object.fromEntries(
    ['Kohen', 'Levi', 'Shlishi', 'Revi’i', 'Chamishi', 'Shishi', 'Shvi’i', 'Maftir'].map((aliyahEn, i) => [
      `o-${i + 1}`,
      {
        aliyahEn,
        personNameEn: [
          'Rabbi Moshe Cohen',
          'Eliezer Levi',
          'Shimon Peretz',
          'Yaakov Goldberg',
          'David Azulai',
          'Aryeh Weiss',
          'Binyamin Rosen',
          'Netanel Levi (bar mitzvah)',
        ][i]!,
      },
    ]),
  ),
  AliyaNotification: {
    'a-1': { personNameEn: 'Netanel Levi', occasionEn: 'Bar mitzvah', messageEn: 'Mazal tov to Netanel and the Levi family!' },
    'a-2': { personNameEn: 'Uri and Shira Shapira', occasionEn: 'Shabbat chatan', messageEn: 'Mazal tov to the chatan and kallah!' },
  },
  ScreenTimer: {
    'st-custom': {
      titleEn: 'Community',
      htmlEn: '<p><strong>A home study group</strong> for young couples every Wednesday evening.</p><p>Ask the gabbai for details.</p>',
    },
  },
};

/** The demo state with each row's English beside its Hebrew. */
export function withDemoEnglish(state: TargetStateInput): TargetStateInput {
  const content = { ...state.content } as Record<string, Record<string, unknown>[] | undefined>;
  for (const [name, byId] of Object.entries(ENGLISH)) content[name] = content[name]?.map((row) => ({ ...row, ...byId[String(row.id)] }));
  return { ...state, content: content as TargetStateInput['content'] };
}
