import type { Slide, Transitions } from '../device/model/display-model.js';
import { wallNow } from './wall-clock.js';
import { h, setText } from './dom.js';
import { fadeIn, fadeOut } from './fade.js';
import { paginate, showPage } from './fit.js';
import { hasContent, mediaReady, renderSlide, renderStrip } from './slides.js';

/** Fewer seconds than this per page and a congregant cannot finish reading a page of text. */
const MIN_PAGE_SECONDS = 10;
/**
 * A page of names (a memorial list) is scanned for the names one knows, not read like prose: a
 * moment to find the page's start, then a fifth of a second a name (the pace of reading short
 * words, about 250 a minute, for a name of one or two words). 200 names in columns then go round
 * in about a minute.
 */
const NAMES_LEAD_SECONDS = 2;
const SECONDS_PER_NAME = 0.2;

interface Showing {
  slide: Slide;
  /** The slide as data: an update that leaves it equal leaves the element alone. */
  key: string;
  element: HTMLElement;
  pages: HTMLElement[][];
  page: number;
}

/**
 * The main region: plays the playlist slide after slide, pages long slides, and cross-fades
 * between them. A new playlist keeps the slide on screen when it is still in it.
 */
export class Stage {
  readonly element = h('main', { class: 'stage' });
  private slides: Slide[] = [];
  private index = 0;
  private showing?: Showing;
  private timer?: number;
  private labels: Record<string, string> = {};
  private strip?: HTMLElement;
  private stripKey = '';
  /** Counts presentations: a slide whose pictures finish decoding after another was asked for is not shown. */
  private turn = 0;
  /** Pictures and videos that could not be decoded: their slides are skipped (the files are named by content, so they stay broken). */
  private readonly unshowable = new Set<string>();
  /** How slides and pages change: the room's setting, from the model. */
  transitions: Transitions = 'smooth';

  /**
   * Play `playlist`. A candle-lighting `takeover` shares the stage: it stands in a strip above
   * the slides, which go on turning beneath it; any other takeover replaces the rotation.
   */
  play(playlist: Slide[], takeover: Slide | undefined, labels: Record<string, string>): void {
    this.labels = labels;
    this.element.classList.toggle('takeover', takeover !== undefined);
    const strip = takeover?.kind === 'candleCountdown' ? takeover : undefined;
    this.setStrip(strip);
    this.slides = (takeover && !strip ? [takeover] : playlist).filter((s) => hasContent(s) && this.showable(s));
    const current = this.showing;
    const index = current ? this.slides.findIndex((s) => s.id === current.slide.id) : -1;
    if (current && index >= 0) {
      this.index = index;
      const slide = this.slides[index]!;
      if (JSON.stringify(slide) !== current.key) this.present(slide, { fade: false, page: current.page });
      // A lone slide had no timer; now that it has company, its turn ends.
      else if (this.timer === undefined) this.schedule();
      return;
    }
    // The slide on screen is gone: the one that took its place in the order comes next, so
    // frequent models never hold the rotation at its first slides.
    this.index = Math.max(0, Math.min(this.index, this.slides.length - 1));
    const next = this.slides[this.index];
    if (next) this.present(next, { fade: current !== undefined, page: 0 });
    else this.clear();
  }

  /**
   * Measure the current slide again in place (the web fonts have loaded, the screen resized):
   * the same element, so an image on it is not loaded twice and nothing blinks.
   */
  refit(): void {
    const showing = this.showing;
    if (!showing) return;
    const count = showing.pages.length;
    showing.pages = paginate(showing.element);
    showing.page = Math.min(showing.page, showing.pages.length - 1);
    showPage(showing.element, showing.pages, showing.page);
    if (showing.pages.length !== count) this.schedule();
  }

  /** The one per-second duty of the stage: the candle-lighting countdown, when it is on screen. */
  tick(now: number): void {
    for (const countdown of this.element.querySelectorAll<HTMLElement>('.stage-strip .countdown-value, .slide:not(.leaving) .countdown-value'))
      tickCountdown(countdown, now);
  }

  private setStrip(slide: Slide | undefined): void {
    const key = slide ? JSON.stringify(slide) : '';
    if (key === this.stripKey) return;
    this.stripKey = key;
    this.strip?.remove();
    this.strip = slide ? renderStrip(slide) : undefined;
    this.element.classList.toggle('with-strip', slide !== undefined);
    if (this.strip) {
      this.element.prepend(this.strip);
      this.tick(Date.now());
    }
    // The slides beneath have a new height.
    if (this.showing) this.refit();
  }

  private showable(slide: Slide): boolean {
    return slide.kind !== 'custom' || ![slide.imageUrl, slide.videoUrl].some((url) => url !== undefined && this.unshowable.has(url));
  }

  /** Show `slide` once its pictures are decoded (at once when it has none). */
  private present(slide: Slide, options: { fade: boolean; page: number }): void {
    window.clearTimeout(this.timer);
    const turn = ++this.turn;
    const element = renderSlide(slide, this.labels);
    const ready = mediaReady(element);
    if (!ready) return this.place(slide, element, options);
    void ready.then(
      () => {
        if (turn === this.turn) this.place(slide, element, options);
      },
      () => {
        if (slide.kind === 'custom') [slide.imageUrl, slide.videoUrl].forEach((url) => url && this.unshowable.add(url));
        if (turn !== this.turn) return;
        this.slides = this.slides.filter((s) => this.showable(s));
        const next = this.slides[this.index % Math.max(1, this.slides.length)];
        if (next) this.present(next, options);
        else if (!this.showing || !this.showable(this.showing.slide)) this.clear();
      },
    );
  }

  private place(slide: Slide, element: HTMLElement, options: { fade: boolean; page: number }): void {
    const previous = this.showing?.element;
    // A slide still fading out from the turn before (its fade's end never came: a page the browser
    // stopped animating) leaves now, so the stage never holds more than two.
    for (const stale of this.element.querySelectorAll(':scope > .slide.leaving')) stale.remove();
    this.element.append(element);
    const pages = paginate(element);
    const page = Math.min(options.page, pages.length - 1);
    showPage(element, pages, page);
    this.showing = { slide, key: JSON.stringify(slide), element, pages, page };
    this.tick(wallNow());
    if (previous) {
      // The leaving slide fades under the arriving one, then leaves the DOM.
      if (options.fade) {
        previous.classList.add('leaving');
        void fadeOut(fadingParts(previous), 'slide', this.transitions).then(() => previous.remove());
      } else previous.remove();
    }
    if (options.fade) fadeIn(fadingParts(element), 'slide', this.transitions);
    this.schedule();
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    const showing = this.showing;
    if (!showing) return;
    const pageCount = showing.pages.length;
    // A lone slide that fits needs no timer at all: nothing changes until the next model.
    if (this.slides.length < 2 && pageCount < 2) return;
    const seconds = pageCount > 1 ? pageSeconds(showing) : showing.slide.durationSeconds;
    // The wall says how long this page stays, for whoever checks it from outside.
    showing.element.dataset.pageSeconds = String(seconds);
    this.timer = window.setTimeout(() => {
      this.timer = undefined;
      this.advance();
    }, seconds * 1000);
  }

  private advance(): void {
    const showing = this.showing;
    if (!showing) return;
    if (this.slides.length < 2 && showing.pages.length < 2) return;
    if (showing.page + 1 < showing.pages.length) {
      showing.page += 1;
      showPage(showing.element, showing.pages, showing.page);
      const body = showing.element.querySelector<HTMLElement>('.slide-body');
      if (body) fadeIn([body], 'page', this.transitions);
      this.schedule();
      return;
    }
    this.index = (this.index + 1) % this.slides.length;
    this.present(this.slides[this.index]!, { fade: true, page: 0 });
  }

  private clear(): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    this.showing = undefined;
    this.element.replaceChildren(...(this.strip ? [this.strip] : []));
  }
}

/** How long a page of a paged slide stays: its share of the slide's time, never less than it takes to read. */
function pageSeconds({ slide, pages }: Showing): number {
  const share = slide.durationSeconds / pages.length;
  if (slide.kind !== 'yahrzeits') return Math.max(MIN_PAGE_SECONDS, share);
  // Each page of names stays as long as the fullest page needs, so the list turns at one pace.
  const names = Math.max(...pages.map((items) => items.length));
  return Math.max(NAMES_LEAD_SECONDS + names * SECONDS_PER_NAME, Math.min(share, MIN_PAGE_SECONDS));
}

/**
 * A slide fades as its heading and its body, each a layer of its own (see the CSS): a page turn
 * fades the body alone, and a whole slide is two layers side by side rather than one layer
 * holding another, which the compositor would have to draw into an extra surface every frame.
 */
function fadingParts(slide: HTMLElement): HTMLElement[] {
  return Array.from(slide.querySelectorAll<HTMLElement>(':scope > .slide-head, :scope > .slide-body'));
}

function tickCountdown(countdown: HTMLElement, now: number): void {
  const target = countdown.dataset.target;
  if (!target) return;
  // Whole seconds still to go, rounded up: it reads 0:00 at the moment itself, and never skips a figure.
  const left = Math.max(0, Math.ceil((Date.parse(target) - now) / 1000));
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = String(left % 60).padStart(2, '0');
  setText(countdown, hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`);
}
