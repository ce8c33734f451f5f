import type { DisplayModel, TimeRow, Transitions } from '../device/model/display-model.js';
import { h, setText } from './dom.js';
import { fadeIn } from './fade.js';
import { shrinkToFit } from './fit.js';
import { timeTable } from './slides.js';

/** The day's block stays legible from the back rows: below this it keeps its size and pages with the panel instead. */
const DAY_TIMES_MIN_SCALE = 0.6;
/** A page of prayer times stays this long: time to find one's own minyan from the back. */
const PAGE_MS = 10_000;

/**
 * Today's prayers, always on screen beside the rotation, under what the day itself asks (a
 * fast's begin and end, the chametz deadlines, tonight's Chanukah candles, candle lighting and
 * havdalah). When a long schedule does not fit, the text shrinks a little, then the prayers
 * already said make room for those to come, and when the rest still does not fit it turns
 * page by page ("1 / 3" beside the title), each page whole rows, no row left out.
 */
export class TodayPanel {
  private readonly dayTitle = h('h2', { class: 'day-times-title' });
  private readonly dayBody = h('div', { class: 'day-times-body' });
  private readonly dayTimes = h('section', { class: 'day-times', hidden: '' }, this.dayTitle, this.dayBody);
  private readonly titleText = h('span', { class: 'panel-title-text' });
  private readonly indicator = h('span', { class: 'panel-pages', dir: 'ltr', hidden: '' });
  private readonly title = h('h2', { class: 'panel-title' }, this.titleText, this.indicator);
  private readonly body = h('div', { class: 'panel-body' });
  readonly element = h('aside', { class: 'panel' }, this.dayTimes, this.title, this.body);
  private key = '';
  private dayKey = '';
  private pages: HTMLElement[][] = [];
  private page = 0;
  private timer?: number;
  /** How a page gives way to the next: the room's setting, from the model. */
  transitions: Transitions = 'smooth';

  update(title: string, rows: TimeRow[], occasion?: DisplayModel['occasion']): void {
    setText(this.titleText, title);
    this.element.hidden = rows.length === 0 && !occasion?.rows.length;
    this.title.hidden = rows.length === 0;
    const dayKey = JSON.stringify(occasion ?? null);
    const key = JSON.stringify(rows);
    if (dayKey === this.dayKey && key === this.key) return;
    if (dayKey !== this.dayKey) {
      this.dayKey = dayKey;
      this.dayTimes.hidden = !occasion?.rows.length;
      setText(this.dayTitle, occasion?.title ?? '');
      this.dayBody.style.setProperty('--rows', String(Math.ceil((occasion?.rows.length ?? 0) / 2)));
      this.dayBody.replaceChildren(timeTable(occasion?.rows ?? []));
    }
    if (key !== this.key) {
      this.key = key;
      this.body.replaceChildren(timeTable(rows));
    }
    this.refit();
  }

  refit(): void {
    // The day's block may take up to its share of the panel (see styles.css), shrinking to fit it.
    if (!this.dayTimes.hidden) shrinkToFit(this.dayBody, DAY_TIMES_MIN_SCALE);
    const rows = Array.from(this.body.querySelectorAll<HTMLElement>('.time-row'));
    this.pages = this.paginate(rows);
    this.page = 0;
    this.showPage();
  }

  /** Shrink; then the times already past give way; then what remains is split into pages of whole rows. */
  private paginate(rows: HTMLElement[]): HTMLElement[][] {
    this.show(rows);
    if (shrinkToFit(this.body)) return [rows];
    const upcoming = rows.slice(
      Math.max(
        0,
        rows.findIndex((row) => !row.classList.contains('past')),
      ),
    );
    this.show(upcoming);
    if (!this.overflows()) return [upcoming];
    const pages: HTMLElement[][] = [];
    for (let start = 0; start < upcoming.length;) {
      let end = start + 1;
      while (end < upcoming.length) {
        this.show(upcoming.slice(start, end + 1));
        if (this.overflows()) break;
        end++;
      }
      pages.push(upcoming.slice(start, end));
      start = end;
    }
    return pages;
  }

  private showPage(): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pages[this.page] ?? [];
    this.show(rows);
    const paged = this.pages.length > 1;
    this.indicator.hidden = !paged;
    setText(this.indicator, paged ? `${this.page + 1} / ${this.pages.length}` : '');
    if (!paged) return;
    this.timer = window.setTimeout(() => {
      this.page = (this.page + 1) % this.pages.length;
      this.showPage();
      fadeIn([this.body], 'page', this.transitions);
    }, PAGE_MS);
  }

  /** Only `shown` of the rows are laid out; two columns in portrait read down, in the order of the day. */
  private show(shown: HTMLElement[]): void {
    const visible = new Set(shown);
    for (const row of this.body.querySelectorAll<HTMLElement>('.time-row')) row.hidden = !visible.has(row);
    this.body.style.setProperty('--rows', String(Math.ceil(shown.length / 2)));
  }

  private overflows(): boolean {
    return this.body.scrollHeight > this.body.clientHeight + 1 || this.body.scrollWidth > this.body.clientWidth + 1;
  }
}
