import type { MessageItem, Transitions } from '../device/model/display-model.js';
import { h } from './dom.js';
import { fadeIn } from './fade.js';
import { shrinkToFit } from './fit.js';
import { TextPages } from './text-pages.js';
import { messagePicture } from './slides.js';
import { englishLine, wallText } from './wall-text.js';
import { readingMs } from './ticker.js';

/** An urgent message's text may shrink this far (from 3.4rem, still larger than the band's) before it pages. */
const MIN_SCALE = 0.55;

/**
 * An urgent message takes the stage, where the slides turn, until the model no longer carries
 * it: the clock, the date and today's prayers stay in view. Only a message the cloud marks
 * `fullScreen` covers the whole wall. Its text shrinks to fit, then turns page by page at the
 * band's reading pace.
 */
export class UrgentMessage {
  readonly element = h('div', { class: 'urgent', hidden: '', role: 'alert' });
  private key = '';
  private pages?: TextPages;
  private timer?: number;
  private transitions: Transitions = 'smooth';

  constructor(
    /** Where the message stands when it takes the stage (the wall's grid) and when it covers the wall (the root). */
    private readonly homes: { stage: HTMLElement; wall: HTMLElement },
  ) {}

  update(message: MessageItem | undefined, transitions: Transitions): void {
    const key = message ? JSON.stringify(message) : '';
    if (key === this.key) return;
    this.key = key;
    window.clearTimeout(this.timer);
    this.transitions = transitions;
    const fullScreen = message?.fullScreen === true;
    this.element.classList.toggle('full-screen', fullScreen);
    this.element.classList.toggle('on-stage', message !== undefined && !fullScreen);
    if (!message) {
      this.element.hidden = true;
      this.element.replaceChildren();
      this.pages = undefined;
      return;
    }
    const home = fullScreen ? this.homes.wall : this.homes.stage;
    if (this.element.parentElement !== home) home.append(this.element);
    const pages = new TextPages('urgent-body');
    this.pages = pages;
    this.element.replaceChildren(
      h(
        'div',
        { class: 'urgent-card', dir: 'auto' },
        h('span', { class: 'urgent-mark', 'aria-hidden': 'true' }),
        message.imageUrl ? this.picture(message.imageUrl) : null,
        message.title ? wallText('h2', { class: 'urgent-title' }, message, 'title', message.title) : null,
        pages.element,
        message.en?.body ? h('p', { class: 'urgent-english' }, englishLine(message.en.body)) : null,
      ),
    );
    this.element.hidden = false;
    if (message.hebrew?.includes('body')) Object.assign(pages.element, { lang: 'he', dir: 'rtl' });
    pages.set(message.body);
    this.refit();
    fadeIn([this.element], 'urgent', transitions);
  }

  /** The message's picture above its title; once it is drawn (or taken away as broken) the text is fitted again around it. */
  private picture(url: string): HTMLImageElement {
    const img = messagePicture(url);
    img.classList.add('urgent-image');
    const key = this.key;
    const again = () => key === this.key && this.refit();
    img.addEventListener('load', again, { once: true });
    img.addEventListener('error', again, { once: true });
    return img;
  }

  /** Measure again: the card's text shrinks to fit, and pages when it still does not. */
  refit(): void {
    const pages = this.pages;
    if (!pages) return;
    const card = this.element.querySelector<HTMLElement>('.urgent-card')!;
    pages.element.style.height = '';
    shrinkToFit(card, MIN_SCALE, false, pages.element);
    pages.measure();
    this.turn();
  }

  private turn(): void {
    window.clearTimeout(this.timer);
    const pages = this.pages;
    if (!pages?.paged) return;
    this.timer = window.setTimeout(() => {
      pages.next();
      fadeIn([pages.element], 'page', this.transitions);
      this.turn();
    }, readingMs(pages.charactersOnPage));
  }
}
