import type { TextMarks } from '../device/model/display-model.js';
import { h } from './dom.js';

type Attrs = Record<string, string | undefined>;

/**
 * The English line beneath a Hebrew one. The line keeps the wall's direction, so it lines up with
 * the Hebrew above it (right, or centred); the English inside it runs left to right.
 */
export function englishLine(...english: (Node | string | null)[]): HTMLElement {
  return h('span', { class: 'en-line', lang: 'en' }, h('span', { dir: 'ltr' }, ...english));
}

/** The children of one of the gabbai's texts: the text, and on a bilingual wall its English on a line beneath. */
function parts(item: TextMarks, field: string, text: string): (Node | string)[] {
  const english = item.en?.[field];
  return english ? [h('span', { class: 'he-line' }, text), englishLine(english)] : [text];
}

/** On an English wall, a text the gabbai gave no English for stays Hebrew, set right to left. */
function direction(item: TextMarks, field: string): Attrs {
  return item.hebrew?.includes(field) ? { lang: 'he', dir: 'rtl' } : {};
}

/** An element holding one of the item's texts (`field`), as the wall's language asks. */
export function wallText(tag: string, attrs: Attrs, item: TextMarks, field: string, text: string): HTMLElement {
  return h(tag, { ...attrs, ...direction(item, field) }, ...parts(item, field, text));
}

/** The same, into an element that stays (the header): changed only when the text or its marks differ. */
export function setWallText(element: HTMLElement, item: TextMarks, field: string, text: string): void {
  const key = JSON.stringify([text, item.en?.[field], item.hebrew?.includes(field)]);
  if (element.dataset.text === key) return;
  element.dataset.text = key;
  const { lang, dir } = direction(item, field);
  for (const [name, value] of [
    ['lang', lang],
    ['dir', dir],
  ] as const)
    if (value) element.setAttribute(name, value);
    else element.removeAttribute(name);
  element.replaceChildren(...parts(item, field, text));
}
