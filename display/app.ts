import type { DisplayModel, MessageItem, Slide } from '../device/model/display-model.js';
import { h } from './dom.js';
import { renderSlide, timeTable } from './slides.js';
import { fitOrPage } from './fit.js';

const PIXEL_SHIFT_EVERY_MS = 5 * 60_000;
const PIXEL_SHIFT_MAX_PX = 4;
const TICKER_EVERY_MS = 8_000;

/**
 * The wall: header, today's times, the slide stage, the ticker and the quiet status marks.
 * Between models it does only three things: tick the clock each second, advance slides, and
 * nudge the picture a few pixels now and then against burn-in.
 */
export class DisplayApp {
  private model?: DisplayModel;
  private connected = true;
  private slideIndex = 0;
  private page = 0;
  private pages = 1;
  private slideTimer?: number;
  private tickerIndex = 0;
  private clockFormat?: Intl.DateTimeFormat;
  private readonly parts = {
    name: h('h1', { class: 'synagogue-name' }),
    city: h('p', { class: 'city' }),
    clock: h('p', { class: 'clock', dir: 'ltr' }),
    hebrewDate: h('p', { class: 'hebrew-date' }),
    gregorianDate: h('p', { class: 'gregorian-date' }),
    occasion: h('p', { class: 'occasion' }),
    todayTitle: h('h2', { class: 'panel-title' }),
    today: h('div', { class: 'today-times' }),
    stage: h('main', { class: 'stage' }),
    ticker: h('div', { class: 'ticker-track' }),
    marks: h('div', { class: 'status-marks', 'aria-hidden': 'true' }),
    urgent: h('div', { class: 'urgent', hidden: '' }),
  };

  constructor(private readonly root: HTMLElement) {
    const p = this.parts;
    root.replaceChildren(
      h(
        'div',
        { class: 'screen' },
        h('header', { class: 'header' }, h('div', { class: 'identity' }, p.name, p.city), p.clock, h('div', { class: 'dates' }, p.hebrewDate, p.gregorianDate, p.occasion)),
        h('aside', { class: 'panel' }, p.todayTitle, p.today),
        p.stage,
        h('footer', { class: 'ticker' }, p.ticker),
        p.marks,
        p.urgent,
      ),
    );
    this.startClock();
    window.setInterval(() => this.shiftPixels(), PIXEL_SHIFT_EVERY_MS);
    window.setInterval(() => this.rotateTicker(), TICKER_EVERY_MS);
  }

  /** Show a new model in place: no reload, no flash; the current slide stays if it still exists. */
  update(model: DisplayModel): void {
    const previous = this.model;
    this.model = model;
    const html = document.documentElement;
    html.lang = model.locale.language;
    html.dir = model.locale.direction;
    document.body.className = `theme-${model.layout.theme} orientation-${model.layout.orientation}`;
    this.clockFormat = new Intl.DateTimeFormat(model.locale.language === 'he' ? 'he-IL' : 'en-US', {
      timeZone: model.locale.timezone,
      hour: '2-digit',
      minute: '2-digit',
      ...(model.locale.showSeconds ? { second: '2-digit' } : {}),
      hourCycle: model.locale.clock24h ? 'h23' : 'h12',
    });
    const p = this.parts;
    p.name.textContent = model.header.synagogueName;
    p.city.textContent = model.header.city ?? '';
    p.hebrewDate.textContent = model.header.hebrewDate;
    p.gregorianDate.textContent = model.header.gregorianDate;
    p.occasion.textContent = [model.header.parasha, ...model.header.holidays].filter(Boolean).join(' · ');
    p.todayTitle.textContent = model.labels.todayPrayerTimes ?? '';
    p.today.replaceChildren(timeTable(model.todayPrayerTimes));
    this.renderTicker(model.ticker);
    this.renderUrgent(model.urgent);
    this.renderMarks();
    this.tick();

    const currentId = previous ? this.playlist(previous)[this.slideIndex]?.id : undefined;
    const nextIndex = this.playlist(model).findIndex((s) => s.id === currentId);
    if (nextIndex >= 0 && previous) {
      this.slideIndex = nextIndex;
      this.showSlide(false);
    } else {
      this.slideIndex = 0;
      this.showSlide(true);
    }
  }

  connection(up: boolean): void {
    if (this.connected === up) return;
    this.connected = up;
    this.renderMarks();
  }

  private playlist(model: DisplayModel): Slide[] {
    return model.takeover ? [model.takeover] : model.slides;
  }

  private showSlide(fresh: boolean): void {
    window.clearTimeout(this.slideTimer);
    const model = this.model;
    if (!model) return;
    const slides = this.playlist(model);
    const slide = slides[this.slideIndex % Math.max(1, slides.length)];
    if (!slide) {
      this.parts.stage.replaceChildren();
      return;
    }
    if (fresh) this.page = 0;
    const element = renderSlide(slide, model);
    if (fresh) element.classList.add('entering');
    this.parts.stage.replaceChildren(element);
    this.pages = fitOrPage(element, this.page);
    this.page = Math.min(this.page, this.pages - 1);
    if (fresh) requestAnimationFrame(() => element.classList.remove('entering'));
    this.tick();
    const seconds = Math.max(6, slide.durationSeconds / this.pages);
    this.slideTimer = window.setTimeout(() => this.advance(), seconds * 1000);
  }

  private advance(): void {
    if (this.page + 1 < this.pages) {
      this.page += 1;
      this.showSlide(false);
      return;
    }
    const count = this.model ? this.playlist(this.model).length : 0;
    this.slideIndex = count ? (this.slideIndex + 1) % count : 0;
    this.showSlide(true);
  }

  private renderTicker(messages: MessageItem[]): void {
    this.parts.ticker.replaceChildren(
      ...messages.map((m) => h('p', { class: 'ticker-item', 'data-id': m.id }, m.title ? h('strong', {}, m.title) : null, m.title ? ' · ' : null, m.body)),
    );
    this.parts.ticker.parentElement?.toggleAttribute('hidden', messages.length === 0);
    this.tickerIndex = Math.min(this.tickerIndex, Math.max(0, messages.length - 1));
    this.parts.ticker.children[this.tickerIndex]?.classList.add('shown');
  }

  private rotateTicker(): void {
    const items = this.parts.ticker.children;
    if (items.length < 2) return;
    items[this.tickerIndex]?.classList.remove('shown');
    this.tickerIndex = (this.tickerIndex + 1) % items.length;
    items[this.tickerIndex]?.classList.add('shown');
  }

  private renderUrgent(message: MessageItem | undefined): void {
    const urgent = this.parts.urgent;
    if (!message) {
      urgent.setAttribute('hidden', '');
      urgent.replaceChildren();
      return;
    }
    urgent.removeAttribute('hidden');
    urgent.replaceChildren(h('div', { class: 'urgent-card' }, message.title ? h('h2', {}, message.title) : null, h('p', {}, message.body)));
  }

  private renderMarks(): void {
    const model = this.model;
    if (!model) return;
    const marks: HTMLElement[] = [];
    if (!this.connected || model.status.online === false) marks.push(h('span', { class: 'mark offline' }, model.labels.offline ?? 'offline'));
    if (model.status.stale) marks.push(h('span', { class: 'mark stale' }, model.labels.stale ?? 'stale'));
    if (!model.status.clockVerified) marks.push(h('span', { class: 'mark clock-unverified' }, model.labels.clockUnverified ?? 'clock not verified'));
    this.parts.marks.replaceChildren(...marks);
  }

  private startClock(): void {
    const alignToSecond = () => {
      this.tick();
      window.setTimeout(alignToSecond, 1000 - (Date.now() % 1000) + 5);
    };
    alignToSecond();
  }

  /** The clock text, and the countdown when one is on screen; nothing else changes per second. */
  private tick(): void {
    if (!this.clockFormat) return;
    const now = Date.now();
    this.parts.clock.textContent = this.clockFormat.format(now);
    const countdown = this.parts.stage.querySelector<HTMLElement>('.countdown-value');
    if (countdown?.dataset.target) {
      const left = Math.max(0, Math.floor((Date.parse(countdown.dataset.target) - now) / 1000));
      const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
      if (countdown.textContent !== text) countdown.textContent = text;
    }
  }

  private shiftPixels(): void {
    if (!this.model?.layout.pixelShift) return;
    const offset = () => Math.round((Math.random() * 2 - 1) * PIXEL_SHIFT_MAX_PX);
    this.root.style.transform = `translate(${offset()}px, ${offset()}px)`;
  }
}
