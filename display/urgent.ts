import type { MessageItem, Transitions } from '../device/model/display-model.js';
import { h } from './dom.js';
import { fadeIn } from './fade.js';

/** An urgent message covers the whole wall until the model no longer carries it. */
export class UrgentTakeover {
  readonly element = h('div', { class: 'urgent', hidden: '', role: 'alert' });
  private key = '';

  update(message: MessageItem | undefined, transitions: Transitions): void {
    const key = message ? JSON.stringify(message) : '';
    if (key === this.key) return;
    this.key = key;
    document.documentElement.classList.toggle('urgent-on', message !== undefined);
    if (!message) {
      this.element.hidden = true;
      this.element.replaceChildren();
      return;
    }
    this.element.replaceChildren(
      h(
        'div',
        { class: 'urgent-card', dir: 'auto' },
        h('span', { class: 'urgent-mark', 'aria-hidden': 'true' }),
        message.title ? h('h2', { class: 'urgent-title' }, message.title) : null,
        h('p', { class: 'urgent-body' }, message.body),
      ),
    );
    this.element.hidden = false;
    fadeIn([this.element], 'urgent', transitions);
  }
}
