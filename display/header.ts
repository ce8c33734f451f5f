import type { DisplayModel } from '../device/model/display-model.js';
import { h, setText } from './dom.js';
import { shrinkToFit } from './fit.js';
import { setWallText } from './wall-text.js';

/**
 * The top of the wall: the synagogue (and its logo), the clock, and the day (Hebrew date,
 * Gregorian date, parasha or holiday). The clock is the only thing on the page that changes
 * every second, and it changes nothing but its own text.
 */
export class Header {
  private readonly logo = h('img', { class: 'logo', alt: '', hidden: '' }) as HTMLImageElement;
  private readonly name = h('h1', { class: 'synagogue-name' });
  private readonly city = h('p', { class: 'city' });
  private readonly clockMain = h('span', { class: 'clock-main' });
  private readonly clockSeconds = h('span', { class: 'clock-seconds' });
  private readonly clockPeriod = h('span', { class: 'clock-period' });
  private readonly clock = h('p', { class: 'clock', dir: 'ltr' }, this.clockMain, this.clockSeconds, this.clockPeriod);
  private readonly hebrewDate = h('p', { class: 'hebrew-date' });
  private readonly gregorianDate = h('p', { class: 'gregorian-date' });
  private readonly occasion = h('p', { class: 'occasion' });
  private format?: Intl.DateTimeFormat;
  private formatKey = '';
  readonly element = h(
    'header',
    { class: 'header' },
    h('div', { class: 'identity' }, this.logo, h('div', { class: 'identity-text' }, this.name, this.city)),
    this.clock,
    h('div', { class: 'dates' }, this.hebrewDate, this.gregorianDate, this.occasion),
  );

  constructor() {
    // A logo the device cannot serve is left out rather than shown as a broken image. Either way
    // the name's room changed once the picture is known: the name is fitted again.
    this.logo.addEventListener('error', () => {
      this.logo.hidden = true;
      this.fitName();
    });
    this.logo.addEventListener('load', () => {
      this.logo.hidden = false;
      this.fitName();
    });
  }

  /** `now` sets the clock before the name is fitted: the clock's width decides the name's room. */
  update(model: DisplayModel, now: number): void {
    const { header, locale } = model;
    setWallText(this.name, header, 'synagogueName', header.synagogueName);
    setWallText(this.city, header, 'city', header.city ?? '');
    setText(this.hebrewDate, header.hebrewDate);
    setText(this.gregorianDate, header.gregorianDate);
    const occasion = [header.parasha, ...header.holidays].filter(Boolean).join(' · ');
    setText(this.occasion, occasion);
    this.occasion.hidden = occasion === '';
    if (header.logoUrl) {
      if (this.logo.getAttribute('src') !== header.logoUrl) this.logo.src = header.logoUrl;
    } else {
      this.logo.removeAttribute('src');
      this.logo.hidden = true;
    }
    const key = `${locale.language}|${locale.timezone}|${locale.clock24h}|${locale.showSeconds}`;
    if (key !== this.formatKey) {
      this.formatKey = key;
      this.format = new Intl.DateTimeFormat(locale.language === 'he' ? 'he-IL' : 'en-US', {
        timeZone: locale.timezone,
        hour: locale.clock24h ? '2-digit' : 'numeric',
        minute: '2-digit',
        ...(locale.showSeconds ? { second: '2-digit' } : {}),
        hourCycle: locale.clock24h ? 'h23' : 'h12',
      });
    }
    this.clockSeconds.hidden = !locale.showSeconds;
    this.clockPeriod.hidden = locale.clock24h;
    this.tick(now);
    this.fitName();
  }

  /** A name longer than the line even at its smallest size wraps rather than being cut. */
  private fitName(): void {
    this.name.classList.remove('wrap');
    if (!shrinkToFit(this.name, 0.6, true)) {
      this.name.classList.add('wrap');
      shrinkToFit(this.name, 0.4);
    }
  }

  /** Seconds in a smaller figure beside hours and minutes; each part is rewritten only when it changes. */
  tick(now: number): void {
    if (!this.format) return;
    let main = '';
    let seconds = '';
    let period = '';
    for (const part of this.format.formatToParts(now)) {
      if (part.type === 'hour' || part.type === 'minute') main += main ? `:${part.value}` : part.value;
      else if (part.type === 'second') seconds = part.value;
      else if (part.type === 'dayPeriod') period = part.value;
    }
    setText(this.clockMain, main);
    setText(this.clockSeconds, seconds);
    setText(this.clockPeriod, period);
  }
}
