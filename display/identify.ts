import type { DisplayModel } from '../device/model/display-model.js';
import { h } from './dom.js';

/**
 * "Which screen is this?": while an operator's identify command runs, the device id and the
 * synagogue stand over everything in a pulsing frame, so someone in the room can point at it.
 */
export class IdentifyOverlay {
  readonly element = h('div', { class: 'identify', hidden: '', 'aria-hidden': 'true' });
  private label = '';

  update(identify: DisplayModel['identify']): void {
    const label = identify?.label ?? '';
    if (label === this.label) return;
    this.label = label;
    this.element.hidden = !identify;
    this.element.replaceChildren(...(identify ? [h('p', { class: 'identify-label', dir: 'auto' }, identify.label)] : []));
  }
}
