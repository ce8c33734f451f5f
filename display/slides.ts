import type { DisplayModel, Slide, SlideOf, TimeRow } from '../device/model/display-model.js';
import { h, sanitizedFragment } from './dom.js';

/** One table row per time: label, then time; past times dim, the next one stands out. */
export function timeTable(rows: TimeRow[]): HTMLElement {
  return h(
    'ul',
    { class: 'times fit-list' },
    ...rows.map((row) =>
      h('li', { class: `time-row ${row.state}`, 'data-id': row.id, title: row.explanation }, h('span', { class: 'label' }, row.label), h('span', { class: 'time', dir: 'ltr' }, row.time)),
    ),
  );
}

const renderers: { [K in Slide['kind']]: (slide: SlideOf<K>, model: DisplayModel) => HTMLElement } = {
  prayerTimes: (slide) =>
    h('div', { class: 'sections' }, ...slide.sections.map((section) => h('section', { class: 'section' }, h('h3', {}, section.title), timeTable(section.rows)))),
  zmanim: (slide) => h('div', {}, timeTable(slide.rows), slide.note ? h('p', { class: 'note' }, slide.note) : null),
  yahrzeits: (slide) =>
    h(
      'ul',
      { class: 'entries yahrzeits fit-list' },
      ...slide.entries.map((e) =>
        h(
          'li',
          { class: e.isToday ? 'entry today' : 'entry' },
          e.memorialLight ? h('span', { class: 'candle', 'aria-hidden': 'true' }) : null,
          h('span', { class: 'name' }, e.name),
          h('span', { class: 'detail' }, `${e.hebrewDate} · ${e.date}`),
        ),
      ),
    ),
  shiurim: (slide) =>
    h(
      'ul',
      { class: 'entries fit-list' },
      ...slide.entries.map((e) =>
        h('li', { class: 'entry' }, h('span', { class: 'name' }, e.title), h('span', { class: 'detail' }, [e.teacher, e.location, e.when].filter(Boolean).join(' · '))),
      ),
    ),
  torahReading: (slide) =>
    h(
      'div',
      {},
      h('p', { class: 'subtitle' }, slide.subtitle),
      h('ul', { class: 'entries columns fit-list' }, ...slide.entries.map((e) => h('li', { class: 'entry' }, h('span', { class: 'detail' }, e.aliyah), h('span', { class: 'name' }, e.personName)))),
    ),
  aliyot: (slide) =>
    h(
      'ul',
      { class: 'entries fit-list' },
      ...slide.entries.map((e) =>
        h('li', { class: 'entry celebrate' }, h('span', { class: 'name' }, e.personName), h('span', { class: 'detail' }, [e.occasion, e.when].filter(Boolean).join(' · ')), e.message ? h('span', { class: 'message' }, e.message) : null),
      ),
    ),
  messages: (slide) =>
    h('ul', { class: 'entries messages fit-list' }, ...slide.entries.map((m) => h('li', { class: 'entry' }, m.title ? h('span', { class: 'name' }, m.title) : null, h('span', { class: 'body' }, m.body)))),
  dailyLearning: (slide) => labelValues(slide.entries),
  holiday: (slide) => labelValues(slide.entries),
  candleCountdown: (slide) =>
    h('div', { class: 'countdown' }, h('p', { class: 'countdown-label' }, slide.label), h('p', { class: 'countdown-value', dir: 'ltr', 'data-target': slide.target }, ''), h('p', { class: 'countdown-at', dir: 'ltr' }, slide.targetTime)),
  omer: (slide) => h('div', { class: 'omer' }, h('p', { class: 'omer-day' }, String(slide.day)), h('p', { class: 'omer-text' }, slide.text)),
  custom: (slide) => {
    const body = h('div', { class: 'custom' });
    if (slide.imageUrl) body.append(h('img', { src: slide.imageUrl, alt: '' }));
    if (slide.html) body.append(sanitizedFragment(slide.html));
    else if (slide.text) body.append(h('p', {}, slide.text));
    return body;
  },
};

function labelValues(entries: { label: string; value: string }[]): HTMLElement {
  return h('dl', { class: 'label-values fit-list' }, ...entries.flatMap((e) => [h('dt', {}, e.label), h('dd', {}, e.value)]));
}

/** A whole slide: its title and its body, as one element the stage can swap in. */
export function renderSlide(slide: Slide, model: DisplayModel): HTMLElement {
  const render = renderers[slide.kind] as (s: Slide, m: DisplayModel) => HTMLElement;
  return h('article', { class: `slide slide-${slide.kind}`, 'data-slide-id': slide.id, 'data-kind': slide.kind }, h('h2', { class: 'slide-title' }, slide.title), h('div', { class: 'slide-body' }, render(slide, model)));
}
