import { CollectionPage, type CollectionSpec } from '../parts/collection.js';
import { t, type WordKey } from '../i18n.js';
import { weekdayNames } from '../rule-words.js';
import { YahrzeitCsv } from './yahrzeit-csv.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const when = (value: unknown) =>
  typeof value === 'string' ? new Date(value).toLocaleString(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' }) : '';

export const MESSAGES: CollectionSpec = {
  path: 'messages',
  collection: 'GeneralMessage',
  title: 'navMessages',
  add: 'addMessage',
  name: (row) => text(row.title) || text(row.body).slice(0, 60),
  summary: (row) =>
    [
      row.urgent ? t('urgent') : '',
      row.startsAt ? t('fromWhen', { when: when(row.startsAt) }) : '',
      row.endsAt ? t('untilWhen', { when: when(row.endsAt) }) : '',
      t('priorityN', { n: Number(row.priority ?? 0) }),
    ]
      .filter(Boolean)
      .join(' · '),
  order: (a, b) => Number(b.priority ?? 0) - Number(a.priority ?? 0),
  fields: [
    { key: 'title', label: 'messageTitle', kind: 'text' },
    { key: 'body', label: 'messageBody', kind: 'textarea' },
    { key: 'startsAt', label: 'startsAt', kind: 'datetime' },
    { key: 'endsAt', label: 'endsAt', kind: 'datetime' },
    { key: 'priority', label: 'priority', kind: 'number' },
    { key: 'urgent', label: 'urgentWhole', kind: 'check' },
    { key: 'active', label: 'active', kind: 'check' },
  ],
};

export const SHIURIM: CollectionSpec = {
  path: 'shiurim',
  collection: 'Shior',
  title: 'navShiurim',
  add: 'addShiur',
  name: (row) => text(row.title),
  summary: (row) => [text(row.teacher), (row.time as { time?: string } | undefined)?.time ?? '', text(row.location)].filter(Boolean).join(' · '),
  fields: [
    { key: 'title', label: 'shiurTitle', kind: 'text' },
    { key: 'teacher', label: 'teacher', kind: 'text' },
    { key: 'location', label: 'location', kind: 'text' },
    { key: 'time', label: 'clockTime', kind: 'clock' },
    { key: 'daysOfWeek', label: 'daysOfWeek', kind: 'days' },
    { key: 'durationMinutes', label: 'durationMinutes', kind: 'number' },
    { key: 'description', label: 'description', kind: 'textarea' },
    { key: 'active', label: 'active', kind: 'check' },
  ],
};

export const TORAH_HONORS: CollectionSpec = {
  path: 'torah-honors',
  collection: 'OlieLatora',
  title: 'navTorah',
  add: 'addHonor',
  name: (row) => `${text(row.aliyah)} — ${text(row.personName)}`,
  summary: (row) => text(row.date),
  order: (a, b) => text(a.date).localeCompare(text(b.date)) || Number(a.aliyahOrder ?? 0) - Number(b.aliyahOrder ?? 0),
  fields: [
    { key: 'date', label: 'date', kind: 'date' },
    { key: 'aliyah', label: 'aliyah', kind: 'text' },
    { key: 'aliyahOrder', label: 'aliyahOrder', kind: 'number' },
    { key: 'personName', label: 'personName', kind: 'text' },
    { key: 'notes', label: 'notes', kind: 'textarea' },
  ],
};

const SLIDE_KINDS = [
  'prayerTimes',
  'zmanim',
  'yahrzeits',
  'shiurim',
  'torahReading',
  'aliyot',
  'messages',
  'dailyLearning',
  'holiday',
  'candleCountdown',
  'omer',
  'custom',
];
export const SLIDES: CollectionSpec = {
  path: 'slides',
  collection: 'ScreenTimer',
  title: 'navSlides',
  add: 'addSlide',
  name: (row) => text(row.title) || t(`slide_${text(row.slide)}` as WordKey),
  summary: (row) => {
    const days = Array.isArray(row.daysOfWeek) && row.daysOfWeek.length ? (row.daysOfWeek as number[]).map((d) => weekdayNames()[d]).join(', ') : t('everyDay');
    const start = (row.start as { time?: string } | undefined)?.time;
    const end = (row.end as { time?: string } | undefined)?.time;
    return [t('secondsN', { n: Number(row.durationSeconds ?? 15) }), days, start || end ? `${start ?? ''}–${end ?? ''}` : ''].filter(Boolean).join(' · ');
  },
  order: (a, b) => Number(a.sortOrder ?? 0) - Number(b.sortOrder ?? 0),
  fields: [
    { key: 'slide', label: 'slideKind', kind: 'select', options: SLIDE_KINDS.map((k) => ({ value: k, label: `slide_${k}` as WordKey })) },
    { key: 'title', label: 'slideTitle', kind: 'text' },
    { key: 'text', label: 'slideText', kind: 'textarea' },
    { key: 'durationSeconds', label: 'durationSeconds', kind: 'number' },
    { key: 'daysOfWeek', label: 'daysOfWeek', kind: 'days' },
    { key: 'start', label: 'windowStart', kind: 'clock' },
    { key: 'end', label: 'windowEnd', kind: 'clock' },
    { key: 'sortOrder', label: 'sortOrder', kind: 'number' },
    { key: 'active', label: 'active', kind: 'check' },
  ],
};

export const YAHRZEITS: CollectionSpec = {
  path: 'yahrzeits',
  collection: 'Hanzch',
  title: 'navYahrzeits',
  add: 'addYahrzeit',
  name: (row) => [text(row.name), row.relation ? `${text(row.relation)} ${text(row.parentName)}` : ''].filter(Boolean).join(' '),
  summary: (row) => (row.hebrewDay ? `${String(row.hebrewDay)} ${text(row.hebrewMonth)} ${row.hebrewYear ? String(row.hebrewYear) : ''}` : text(row.diedOn)),
  fields: [
    { key: 'name', label: 'deceasedName', kind: 'text' },
    {
      key: 'relation',
      label: 'relation',
      kind: 'select',
      options: [
        { value: 'ben', label: 'relationBen' },
        { value: 'bat', label: 'relationBat' },
      ],
    },
    { key: 'parentName', label: 'parentName', kind: 'text' },
    { key: 'observedBy', label: 'observedBy', kind: 'text' },
    { key: 'diedOn', label: 'diedOn', kind: 'date' },
    { key: 'afterSunset', label: 'afterSunset', kind: 'check' },
    { key: 'hebrewDay', label: 'hebrewDay', kind: 'number' },
    { key: 'hebrewMonth', label: 'hebrewMonth', kind: 'text', ltr: true },
    { key: 'hebrewYear', label: 'hebrewYear', kind: 'number' },
    { key: 'memorialLight', label: 'memorialLight', kind: 'check' },
    { key: 'notes', label: 'notes', kind: 'textarea' },
  ],
};

export const MessagesPage = () => <CollectionPage spec={MESSAGES} />;
export const ShiurimPage = () => <CollectionPage spec={SHIURIM} />;
export const TorahPage = () => <CollectionPage spec={TORAH_HONORS} />;
export const SlidesPage = () => <CollectionPage spec={SLIDES} />;
export const YahrzeitsPage = () => <CollectionPage spec={YAHRZEITS} extra={(reload) => <YahrzeitCsv reload={reload} />} />;
