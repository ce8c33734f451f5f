import type { TimeRow } from '../device/model/display-model.js';
import { h, setText } from './dom.js';
import { shrinkToFit } from './fit.js';
import { timeTable } from './slides.js';

/**
 * Today's prayers, always on screen beside the rotation. When a long schedule does not fit,
 * the text shrinks a little and then the prayers already said make room for those to come.
 */
export class TodayPanel {
  private readonly title = h('h2', { class: 'panel-title' });
  private readonly body = h('div', { class: 'panel-body' });
  readonly element = h('aside', { class: 'panel' }, this.title, this.body);
  private key = '';

  update(title: string, rows: TimeRow[]): void {
    setText(this.title, title);
    this.element.hidden = rows.length === 0;
    const key = JSON.stringify(rows);
    if (key === this.key) return;
    this.key = key;
    // Two columns in portrait read down, not across: the schedule in the order of the day.
    this.body.style.setProperty('--rows', String(Math.ceil(rows.length / 2)));
    this.body.replaceChildren(timeTable(rows));
    this.refit();
  }

  refit(): void {
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
