import type { MessageItem, Transitions } from '../device/model/display-model.js';
import { h } from './dom.js';
import { fadeIn, fadeOut } from './fade.js';

const BASE_MS = 8_000;
const PER_CHARACTER_MS = 60;
const MAX_MS = 20_000;

/**
 * The message band: one message at a time, faded in and out, each on screen long enough to be
 * read in full. Calmer than a crawl, and readable from the back row.
 */
export class Ticker {
  readonly element = h('footer', { class: 'ticker', hidden: '' });
  private readonly track = h('div', { class: 'ticker-track' });
  private messages: MessageItem[] = [];
  private key = '';
  private index = 0;
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
    const currentId = this.messages[this.index]?.id;
    this.messages = messages;
    this.element.hidden = messages.length === 0;
    this.track.replaceChildren(
      ...messages.map((m) =>
        h(
          'p',
          { class: 'ticker-item', 'data-id': m.id, dir: 'auto' },
          m.title ? h('strong', { class: 'ticker-title' }, m.title) : null,
          h('span', { class: 'ticker-body' }, m.body),
        ),
      ),
    );
    for (const item of this.track.children) item.classList.toggle('long', item.scrollWidth > item.clientWidth + 1);
    this.index = Math.max(
      0,
      messages.findIndex((m) => m.id === currentId),
    );
    this.show(false);
  }

  /** Measure again which messages need two lines (after fonts load or a resize). */
  refit(): void {
    const items = Array.from(this.track.children);
    for (const item of items) item.classList.remove('long');
    for (const item of items) item.classList.toggle('long', item.scrollWidth > item.clientWidth + 1);
  }

  private show(fade: boolean): void {
    window.clearTimeout(this.timer);
    const items = Array.from(this.track.children) as HTMLElement[];
    const leaving = items.find((item) => item.classList.contains('shown'));
    items.forEach((item, i) => item.classList.toggle('shown', i === this.index));
    const shown = items[this.index];
    if (fade && shown && leaving !== shown) {
      // The leaving message's own style is already transparent (it lost `shown`): nothing to hold.
      if (leaving) void fadeOut([leaving], 'message', this.transitions, false);
      fadeIn([shown], 'message', this.transitions);
    }
    if (items.length < 2) return;
    const length = this.messages[this.index] ? (this.messages[this.index]!.title ?? '').length + this.messages[this.index]!.body.length : 0;
    this.timer = window.setTimeout(() => this.next(), Math.min(MAX_MS, BASE_MS + length * PER_CHARACTER_MS));
  }

  private next(): void {
    this.index = (this.index + 1) % this.messages.length;
    this.show(true);
  }
}
