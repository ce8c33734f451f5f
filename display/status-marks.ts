import type { DisplayModel } from '../device/model/display-model.js';
import { h } from './dom.js';

/**
 * Small, quiet marks in a corner for the gabbai: offline, stale data (with the time of the last
 * sync), clock not verified. Nothing a congregant would read as an alarm.
 */
export class StatusMarks {
  readonly element = h('div', { class: 'status-marks', 'aria-hidden': 'true' });
  private key = '';

  update(model: DisplayModel, linkUp: boolean): void {
    const { status, labels } = model;
    const marks: [string, string][] = [];
    if (!linkUp || status.online === false) marks.push(['offline', labels.offline ?? 'offline']);
    if (status.stale) marks.push(['stale', labels.stale ?? 'stale']);
    if (!status.clockVerified) marks.push(['clock-unverified', labels.clockUnverified ?? 'clock not verified']);
    const key = JSON.stringify(marks);
    if (key === this.key) return;
    this.key = key;
    this.element.replaceChildren(...marks.map(([kind, text]) => h('span', { class: `mark ${kind}` }, h('span', { class: 'mark-dot' }), text)));
  }
}
