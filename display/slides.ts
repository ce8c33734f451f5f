import type { Slide, SlideOf, TimeRow } from '../device/model/display-model.js';
import { chunksOf } from './text-pages.js';
import { h, sanitizedFragment } from './dom.js';
import { wallText } from './wall-text.js';

/**
 * One row per time: label, then time. Past times dim, the next one stands out. Rows are
 * `.fit-list` children, so a long list shrinks and then pages (see fit.ts).
 */
export function timeTable(rows: TimeRow[]): HTMLElement {
  return h(
    'ul',
    { class: 'times fit-list' },
    ...rows.map((row) =>
      h(
        'li',
        { class: `time-row ${row.state}`, 'data-id': row.id },
        h(
          'span',
          { class: 'label' },
          wallText('span', { class: 'label-text' }, row, 'label', row.label),
          row.note ? h('small', { class: 'row-note' }, row.note) : null,
        ),
        h('span', { class: 'time', dir: 'ltr' }, row.time),
      ),
    ),
  );
}

/** The most of one message a slide sets as one piece (a few lines of the stage on the smallest screen). */
const MESSAGE_PIECE = 200;
/**
 * The most of one message a slide lays out: half again the wire's bound on a paragraph (4,000),
 * so only a sender that broke the protocol reaches it; the band and the urgent card show any text whole.
 */
const MESSAGE_ON_SLIDE = 6_000;

/** The memorial light (ner neshama) beside a name: a drawn candle, no image to load. */
function memorialLight(): HTMLElement {
  return h('span', { class: 'memorial-light', 'aria-hidden': 'true' }, h('span', { class: 'flame' }), h('span', { class: 'wax' }));
}

function labelValues(entries: { label: string; value: string }[]): HTMLElement {
  return h('dl', { class: 'label-values fit-list' }, ...entries.map((e) => h('div', { class: 'label-value' }, h('dt', {}, e.label), h('dd', {}, e.value))));
}

/** A list of entries; `wide` lists (many short names) run in two columns on a landscape stage. */
function entryList(kind: string, count: number, items: HTMLElement[]): HTMLElement {
  return h('ul', { class: `entries ${kind} fit-list${count > 6 ? ' many' : ''}` }, ...items);
}

type Labels = Record<string, string>;
type Yahrzeit = SlideOf<'yahrzeits'>['entries'][number];

/** Beyond this many names a list is grouped by day, names only, in columns: a shul's memorial board. */
const LONG_LIST = 8;

function yahrzeitList(entries: Yahrzeit[]): HTMLElement {
  return entryList(
    'yahrzeits',
    entries.length,
    entries.map((e) =>
      h(
        'li',
        { class: `entry yahrzeit${e.isToday ? ' today' : ''}${e.memorialLight ? ' lit' : ''}` },
        e.memorialLight ? memorialLight() : h('span', { class: 'memorial-space', 'aria-hidden': 'true' }),
        wallText('span', { class: 'name' }, e, 'name', e.name),
        h('span', { class: 'detail' }, h('span', { class: 'hebrew-day' }, e.hebrewDate), h('span', { class: 'civil-day' }, e.date)),
      ),
    ),
  );
}

/** Names under the day they fall on; a day that runs onto the next page repeats its heading there. */
function yahrzeitsByDay(entries: Yahrzeit[]): HTMLElement {
  const days = new Map<string, Yahrzeit[]>();
  for (const e of entries) {
    const key = `${e.hebrewDate} · ${e.date}`;
    days.set(key, [...(days.get(key) ?? []), e]);
  }
  return h(
    'div',
    { class: 'yahrzeit-days' },
    ...[...days].map(([day, names]) =>
      h(
        'section',
        { class: `yahrzeit-day fit-group${names[0]!.isToday ? ' today' : ''}` },
        h('h3', { class: 'day-title' }, day),
        h(
          'ul',
          { class: 'yahrzeit-names fit-list' },
          ...names.map((e) =>
            h(
              'li',
              { class: `yahrzeit compact${e.memorialLight ? ' lit' : ''}` },
              e.memorialLight ? memorialLight() : h('span', { class: 'memorial-space', 'aria-hidden': 'true' }),
              wallText('span', { class: 'name' }, e, 'name', e.name),
            ),
          ),
        ),
      ),
    ),
  );
}

const renderers: { [K in Slide['kind']]: (slide: SlideOf<K>, labels: Labels) => HTMLElement } = {
  prayerTimes: (slide) =>
    h(
      'div',
      { class: `sections count-${Math.min(slide.sections.length, 3)}` },
      ...slide.sections.map((section) =>
        h('section', { class: 'section fit-group' }, h('h3', { class: 'section-title' }, section.title), timeTable(section.rows)),
      ),
    ),
  zmanim: (slide) => h('div', { class: 'zmanim' }, timeTable(slide.rows), slide.note ? h('p', { class: 'note' }, slide.note) : null),
  yahrzeits: (slide) => (slide.entries.length > LONG_LIST ? yahrzeitsByDay(slide.entries) : yahrzeitList(slide.entries)),
  shiurim: (slide) =>
    entryList(
      'shiurim',
      0,
      slide.entries.map((e) =>
        h(
          'li',
          { class: 'entry shiur' },
          h('span', { class: 'when' }, e.when),
          wallText('span', { class: 'name' }, e, 'title', e.title),
          h(
            'span',
            { class: 'detail' },
            e.teacher ? wallText('span', { class: 'teacher' }, e, 'teacher', e.teacher) : null,
            e.teacher && e.location ? ' · ' : null,
            e.location ? wallText('span', { class: 'location' }, e, 'location', e.location) : null,
          ),
        ),
      ),
    ),
  torahReading: (slide) =>
    h(
      'div',
      { class: 'torah' },
      slide.subtitle ? h('p', { class: 'subtitle' }, slide.subtitle) : null,
      entryList(
        'aliyot-list',
        slide.entries.length,
        slide.entries.map((e) =>
          h(
            'li',
            { class: 'entry aliyah' },
            wallText('span', { class: 'aliyah-name' }, e, 'aliyah', e.aliyah),
            wallText('span', { class: 'name' }, e, 'personName', e.personName),
          ),
        ),
      ),
    ),
  aliyot: (slide) =>
    entryList(
      'celebrations',
      0,
      slide.entries.map((e) =>
        h(
          'li',
          { class: 'entry celebration' },
          wallText('span', { class: 'name' }, e, 'personName', e.personName),
          h(
            'span',
            { class: 'detail' },
            e.occasion ? wallText('span', { class: 'occasion' }, e, 'occasion', e.occasion) : null,
            e.occasion ? ' · ' : null,
            e.when,
          ),
          e.message ? wallText('span', { class: 'message', dir: 'auto' }, e, 'message', e.message) : null,
        ),
      ),
    ),
  // A long message is set as its paragraphs' worth of pieces, so the slide pages it like a list
  // and never lays out more than a page of it at once.
  messages: (slide) =>
    entryList(
      'messages',
      0,
      slide.entries.flatMap((m) => {
        const pieces = chunksOf(m.body.length > MESSAGE_ON_SLIDE ? `${m.body.slice(0, MESSAGE_ON_SLIDE)}…` : m.body, MESSAGE_PIECE);
        return pieces.map((piece, i) =>
          h(
            'li',
            { class: `entry message-card${i ? ' continued' : ''}`, dir: 'auto' },
            i === 0 && m.imageUrl ? messagePicture(m.imageUrl) : null,
            i === 0 && m.title ? wallText('span', { class: 'name' }, m, 'title', m.title) : null,
            // A message short enough for one piece carries its English beneath; a long one is paged in the wall's language.
            pieces.length === 1 ? wallText('span', { class: 'body' }, m, 'body', piece) : h('span', { class: 'body' }, piece),
          ),
        );
      }),
    ),
  // The model may pass a schedule by its key ("mishnaYomi"); its name then comes from the labels.
  dailyLearning: (slide) => labelValues(slide.entries),
  holiday: (slide) => labelValues(slide.entries),
  candleCountdown: (slide) =>
    h(
      'div',
      { class: 'countdown' },
      h('p', { class: 'countdown-label' }, slide.label),
      h('p', { class: 'countdown-value', dir: 'ltr', 'data-target': slide.target }, ''),
      h('p', { class: 'countdown-at', dir: 'ltr' }, slide.targetTime),
    ),
  // The count is said in Hebrew on every wall; an English wall gives the English beneath it.
  omer: (slide) =>
    h(
      'div',
      { class: 'omer' },
      h('p', { class: 'omer-day' }, String(slide.day)),
      h('p', { class: 'omer-text', dir: 'rtl', lang: 'he' }, slide.text),
      slide.translation ? h('p', { class: 'omer-translation' }, slide.translation) : null,
    ),
  custom: (slide) => {
    const body = h('div', { class: `custom${slide.imageUrl || slide.videoUrl ? ' with-image' : ''}` });
    if (slide.imageUrl) body.append(h('img', { class: 'custom-image', src: slide.imageUrl, alt: '', decoding: 'async' }));
    if (slide.videoUrl) body.append(mutedVideo(slide.videoUrl, slide.videoRepeat ?? 'loop'));
    const hebrew = (field: string) => (slide.hebrew?.includes(field) ? { lang: 'he', dir: 'rtl' } : { dir: 'auto' });
    // The text's blocks are the slide's pages' items: a text longer than the stage turns page by
    // page at the room's size rather than shrinking past it (see fit.ts).
    if (slide.html) {
      body.append(h('div', { class: 'rich-text fit-list', ...hebrew('html') }, ...richBlocks(sanitizedFragment(slide.html))));
      if (slide.en?.html)
        body.append(h('div', { class: 'rich-text fit-list en-line', lang: 'en', dir: 'ltr' }, ...richBlocks(sanitizedFragment(slide.en.html))));
    } else if (slide.text) {
      const pieces = chunksOf(slide.text, MESSAGE_PIECE);
      body.append(
        pieces.length === 1
          ? h('div', { class: 'rich-text fit-list' }, wallText('p', hebrew('text'), slide, 'text', slide.text))
          : h('div', { class: 'rich-text fit-list', ...hebrew('text') }, ...pieces.map((piece, i) => h('p', { class: i ? 'continued' : '' }, piece))),
      );
    }
    return body;
  },
};

/**
 * The top-level blocks of the gabbai's HTML, each an item a page may hold: loose text and inline
 * runs between blocks become paragraphs, and a paragraph longer than a few lines of the stage is
 * split at spaces into pieces that follow on, so no one item is taller than a page.
 */
function richBlocks(fragment: DocumentFragment): HTMLElement[] {
  const blocks: HTMLElement[] = [];
  let loose: HTMLElement | undefined;
  for (const node of Array.from(fragment.childNodes)) {
    if (node instanceof HTMLElement && !INLINE.has(node.tagName)) {
      loose = undefined;
      blocks.push(node);
    } else if (node.textContent?.trim() || loose) {
      loose ??= blocks[blocks.push(h('p', {})) - 1];
      loose!.append(node);
    }
  }
  return blocks.flatMap(splitLong);
}

/** Elements that run within a line; any other is a block of its own. */
const INLINE = new Set(['A', 'B', 'STRONG', 'I', 'EM', 'U', 'SPAN', 'SMALL', 'BR', 'MARK', 'SUB', 'SUP']);

/** A paragraph of plain text longer than a piece, as pieces that read on from one another. */
function splitLong(block: HTMLElement): HTMLElement[] {
  if (block.tagName !== 'P' || block.children.length > 0 || (block.textContent ?? '').length <= MESSAGE_PIECE) return [block];
  return chunksOf(block.textContent ?? '', MESSAGE_PIECE).map((piece, i) => h('p', { class: i ? 'continued' : '' }, piece));
}

/**
 * A slide's video: muted (a shul is no cinema, and only a muted video may start by itself),
 * inline, played over and over or once (then it rests on its last frame until the slide ends).
 */
function mutedVideo(src: string, repeat: 'loop' | 'once'): HTMLVideoElement {
  const video = h('video', {
    class: 'custom-image custom-video',
    src,
    muted: '',
    autoplay: '',
    playsinline: '',
    preload: 'auto',
    disablepictureinpicture: '',
    ...(repeat === 'loop' ? { loop: '' } : {}),
  }) as HTMLVideoElement;
  video.muted = true;
  return video;
}

/**
 * A message's picture: it stands above the message's words when it can be drawn, and when it cannot
 * (a file gone bad) it is taken away, so the message shows without it and never with a broken image.
 */
export function messagePicture(url: string): HTMLImageElement {
  const img = h('img', { class: 'message-image', src: url, alt: '', decoding: 'async' }) as HTMLImageElement;
  img.addEventListener('error', () => img.remove(), { once: true });
  return img;
}

/**
 * Resolves when every picture of a slide is decoded and every video can show its first frame,
 * so a slide never fades in half-drawn; rejects when one cannot be, so it is never shown broken.
 */
export function mediaReady(element: HTMLElement): Promise<void> | null {
  const images = Array.from(element.querySelectorAll('img'));
  const videos = Array.from(element.querySelectorAll('video'));
  if (images.length === 0 && videos.length === 0) return null;
  const loaded = (video: HTMLVideoElement) =>
    video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          video.addEventListener('loadeddata', () => resolve(), { once: true });
          video.addEventListener('error', () => reject(new Error(`video ${video.src} cannot be played`)), { once: true });
        });
  // A slide's own picture must draw or the slide is skipped; a message's picture may go (the message stays).
  const decoded = (img: HTMLImageElement) => (img.classList.contains('message-image') ? img.decode().catch(() => img.remove()) : img.decode());
  return Promise.all([...images.map(decoded), ...videos.map(loaded)]).then(() => undefined);
}

/** A slide with nothing to show is skipped, never drawn as an empty frame. */
export function hasContent(slide: Slide): boolean {
  switch (slide.kind) {
    case 'prayerTimes':
      return slide.sections.some((s) => s.rows.length > 0);
    case 'zmanim':
      return slide.rows.length > 0;
    case 'yahrzeits':
    case 'shiurim':
    case 'torahReading':
    case 'aliyot':
    case 'messages':
    case 'dailyLearning':
    case 'holiday':
      return slide.entries.length > 0;
    case 'candleCountdown':
    case 'omer':
      return true;
    case 'custom':
      return Boolean(slide.imageUrl || slide.videoUrl || slide.text?.trim() || (slide.html && sanitizedFragment(slide.html).textContent?.trim()));
  }
}

/** A takeover that shares the stage (the candle-lighting countdown): one line above the slides. */
export function renderStrip(slide: Slide): HTMLElement {
  const body = slide.kind === 'candleCountdown' ? renderers.candleCountdown(slide, {}) : h('p', {}, slide.title);
  return h('section', { class: 'stage-strip', 'data-kind': slide.kind }, h('h2', { class: 'strip-title' }, slide.title), body);
}

/** A whole slide: its title and its body, as one element the stage can fade in. */
export function renderSlide(slide: Slide, labels: Labels): HTMLElement {
  const render = renderers[slide.kind] as (s: Slide, l: Labels) => HTMLElement;
  return h(
    'article',
    { class: `slide slide-${slide.kind}`, 'data-slide-id': slide.id, 'data-kind': slide.kind },
    h(
      'header',
      { class: 'slide-head' },
      wallText('h2', { class: 'slide-title' }, slide, 'title', slide.title),
      h('p', { class: 'page-indicator', dir: 'ltr', hidden: '' }),
    ),
    h('div', { class: 'slide-body' }, render(slide, labels)),
  );
}
