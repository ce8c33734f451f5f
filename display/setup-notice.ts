import type { DisplayModel } from '../device/model/display-model.js';
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A standalone screen's first run: the address of its console, the code to enter there, and the
 * address as a QR code, over everything until someone has set it up from a phone.
 */
export class SetupNotice {
  readonly element = h('div', { class: 'setup-notice', hidden: '' });
  private key = '';

  update(setup: DisplayModel['setup']): void {
    const key = setup ? JSON.stringify(setup) : '';
    if (key === this.key) return;
    this.key = key;
    this.element.hidden = !setup;
    if (!setup) return void this.element.replaceChildren();
    this.element.replaceChildren(
      h(
        'div',
        { class: 'setup-card' },
        h('h2', { class: 'setup-title' }, setup.title),
        qrCode(setup.qr, setup.url),
        h('p', { class: 'setup-instruction', dir: 'auto' }, setup.instruction),
        h('p', { class: 'setup-url', dir: 'ltr' }, setup.url),
        h('p', { class: 'setup-code', dir: 'ltr' }, setup.code),
      ),
    );
  }
}

/** The modules as one path, with the quiet zone of four modules the standard asks for. */
function qrCode(rows: string[], url: string): SVGSVGElement {
  const size = rows.length + 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'setup-qr');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', url);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const light = document.createElementNS(SVG, 'rect');
  light.setAttribute('width', String(size));
  light.setAttribute('height', String(size));
  light.setAttribute('fill', '#fff');
  let d = '';
  rows.forEach((row, y) => [...row].forEach((module, x) => (d += module === '1' ? `M${x + 4} ${y + 4}h1v1h-1z` : '')));
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', d);
  dark.setAttribute('fill', '#000');
  svg.append(light, dark);
  return svg;
}
