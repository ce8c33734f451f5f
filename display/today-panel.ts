import type { DisplayModel, TimeRow } from '../device/model/display-model.js';
import { h, setText } from './dom.js';
import { shrinkToFit } from './fit.js';
import { timeTable } from './slides.js';

/** The day's block stays legible from the back rows: below this it keeps its size and is cut instead. */
const DAY_TIMES_MIN_SCALE = 0.6;

/**
 * Today's prayers, always on screen beside the rotation, under what the day itself asks (a
 * fast's begin and end, the chametz deadlines, tonight's Chanukah candles, candle lighting and
 * havdalah). When a long schedule does not fit, the text shrinks a little and then the prayers
 * already said make room for those to come.
 */
export class TodayPanel {
  private readonly dayTitle = h('h2', { class: 'day-times-title' });
  private readonly dayBody = h('div', { class: 'day-times-body' });
  private readonly dayTimes = h('section', { class: 'day-times', hidden: '' }, this.dayTitle, this.dayBody);
  private readonly title = h('h2', { class: 'panel-title' });
  private readonly body = h('div', { class: 'panel-body' });
  readonly element = h('aside', { class: 'panel' }, this.dayTimes, this.title, this.body);
  private key = '';
  private dayKey = '';

  update(title: string, rows: TimeRow[], occasion?: DisplayModel['occasion']): void {
    setText(this.title, title);
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
      // Two columns in portrait read down, not across: the schedule in the order of the day.
      this.body.style.setProperty('--rows', String(Math.ceil(rows.length / 2)));
      this.body.replaceChildren(timeTable(rows));
    }
    this.refit();
  }

  refit(): void {
    // The day's block may take up to its share of the panel (see styles.css), shrinking to fit it.
    if (!this.dayTimes.hidden) shrinkToFit(this.dayBody, DAY_TIMES_MIN_SCALE);
    const rows = Array.from(this.body.querySelectorAll<HTMLElement>('.time-row'));
    for (const row of rows) row.hidden = false;
    if (shrinkToFit(this.body)) return;
    for (const row of rows) {
      if (!row.classList.contains('past')) break;
      row.hidden = true;
      if (this.body.scrollHeight <= this.body.clientHeight + 1) return;
    }
  }
}
