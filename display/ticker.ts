import type { MessageItem, Transitions } from '../device/model/display-model.js';
import { h } from './dom.js';
import { fadeIn, fadeOut } from './fade.js';
import { TextPages } from './text-pages.js';

/**
 * The reading pace of the band, one for every message and page: a short message stays at least
 * MIN_MS; a longer one (or one page of it) LEAD_MS to find the line, and PER_CHARACTER_MS a
 * letter to read it from the back row.
 */
const MIN_MS = 8_000;
const LEAD_MS = 2_000;
const PER_CHARACTER_MS = 60;

export function readingMs(characters: number): number {
  return Math.max(MIN_MS, LEAD_MS + characters * PER_CHARACTER_MS);
}

/**
 * What the band turns through: each message as the wall's language gives it; on a bilingual
 * wall a message with English comes again in English right after its Hebrew, each whole.
 */
function inTheBand(m: MessageItem): MessageItem[] {
  const { en, ...hebrew } = m;
  if (!en?.body && !en?.title) return [m];
  return [hebrew, { ...hebrew, id: `${m.id}:en`, body: en.body ?? '', ...(en.title ? { title: en.title } : {}), hebrew: ['english'] }];
}

/** The language of one entry of the band: the English of a bilingual wall's message, or a Hebrew text an English wall has no English for. */
function languageOf(m: MessageItem): Record<string, string> {
  if (m.hebrew?.includes('english')) return { lang: 'en', dir: 'ltr' };
  return m.hebrew?.includes('body') ? { lang: 'he', dir: 'rtl' } : {};
}

interface Showing {
  message: MessageItem;
  item: HTMLElement;
  pages: TextPages;
}

/**
 * The message band: one message at a time, faded in and out, each whole. A message that fits
 * one line is set on it; a longer one on two smaller lines; one longer still turns its two
 * lines like pages, at the same reading pace, and the next message comes after its last page.
 * Only the message on screen (and the one fading out) is in the DOM.
 */
export class Ticker {
  readonly element = h('footer', { class: 'ticker', hidden: '' });
  private readonly track = h('div', { class: 'ticker-track' });
  private messages: MessageItem[] = [];
  private key = '';
  private index = 0;
  private showing?: Showing;
  private timer?: number;
  /** How one message gives way to the next: the room's setting, from the model. */
  transitions: Transitions = 'smooth';

  constructor() {
    this.element.append(this.track);
  }

  update(messages: MessageItem[]): void {
    const key = JSON.stringify(messages);
    if (key === this.key) return;
    this.key = key;
    const currentId = this.showing?.message.id;
    this.messages = messages.flatMap(inTheBand);
    this.element.hidden = messages.length === 0;
    this.index = Math.max(
      0,
      messages.findIndex((m) => m.id === currentId),
    );
    this.show(false);
  }

  /** Measure the message on screen again (after fonts load or a resize). */
  refit(): void {
    if (!this.showing) return;
    this.fit(this.showing);
    this.schedule();
  }

  private show(fade: boolean): void {
    window.clearTimeout(this.timer);
    const leaving = this.showing;
    const message = this.messages[this.index];
    if (!message) {
      this.showing = undefined;
      this.track.replaceChildren();
      return;
    }
    // A message still fading out from the turn before (its fade's end never came: a page the
    // browser stopped animating) leaves now, so the band never holds more than two.
    for (const stale of Array.from(this.track.children)) if (stale !== leaving?.item) stale.remove();
    const pages = new TextPages('ticker-item');
    const item = pages.element;
    item.dataset.id = message.id;
    for (const [name, value] of Object.entries(languageOf(message))) item.setAttribute(name, value);
    this.track.append(item);
    pages.set(message.body, message.title ? h('strong', { class: 'ticker-title' }, message.title) : undefined);
    const showing = { message, item, pages };
    this.showing = showing;
    this.fit(showing);
    item.classList.add('shown');
    if (leaving) {
      leaving.item.classList.remove('shown');
      // The leaving message's own style is already transparent (it lost `shown`): nothing to hold.
      if (fade) void fadeOut([leaving.item], 'message', this.transitions, false).then(() => leaving.item.remove());
      else leaving.item.remove();
    }
    if (fade) fadeIn([item], 'message', this.transitions);
    this.schedule();
  }

  /** One line at full size if it fits; else two smaller lines, turned as pages when it needs more. */
  private fit({ item, pages }: Showing): void {
    item.classList.remove('long');
    pages.measure();
    if (item.scrollWidth > item.clientWidth + 1 || pages.paged) {
      item.classList.add('long');
      pages.measure();
    }
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    const showing = this.showing;
    if (!showing || (this.messages.length < 2 && !showing.pages.paged)) return;
    const title = showing.pages.onFirstPage ? (showing.message.title ?? '').length : 0;
    this.timer = window.setTimeout(() => this.next(), readingMs(title + showing.pages.charactersOnPage));
  }

  private next(): void {
    const showing = this.showing;
    if (showing?.pages.paged && showing.pages.next()) {
      fadeIn([showing.item], 'page', this.transitions);
      this.schedule();
      return;
    }
    if (this.messages.length < 2) {
      if (showing) fadeIn([showing.item], 'page', this.transitions);
      this.schedule();
      return;
    }
    this.index = (this.index + 1) % this.messages.length;
    this.show(true);
  }
}
