import { h, setText } from './dom.js';

/**
 * Free text never laid out at once beyond this: a 100 KB message costs the layout of a page or
 * two, not of the whole, so the clock never waits for it.
 */
const CHUNK_CHARACTERS = 1200;
/** Where a chunk may end early to break at a space rather than inside a word. */
const SPACE_SEARCH = 200;

/** Split text into chunks of at most `size` characters, at a space where there is one near the end. */
export function chunksOf(text: string, size = CHUNK_CHARACTERS): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const space = rest.lastIndexOf(' ', size);
    const cut = space > size - Math.min(SPACE_SEARCH, size / 4) ? space + 1 : size;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  chunks.push(rest);
  return chunks;
}

/**
 * Text longer than its box, shown whole a page of whole lines at a time. The box (the element
 * itself, `overflow: hidden`) is made a whole number of lines high; page n is the box scrolled
 * by n boxes, so every line on it is seen entire and no line is seen twice. Only one chunk of
 * the text is in the DOM at a time (see CHUNK_CHARACTERS).
 */
export class TextPages {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private chunks: string[] = [''];
  private chunk = 0;
  private page = 0;
  private pagesInChunk = 1;
  private pageHeight = 0;
  private lead?: HTMLElement;
  /** Room after the text, so the last page can scroll to its own top however few lines it has. */
  private readonly end = h('span', { class: 'text-pages-end', 'aria-hidden': 'true' });

  constructor(className: string) {
    this.text = h('span', { class: 'text-pages-text' });
    this.element = h('div', { class: `${className} text-pages`, dir: 'auto' }, this.text, this.end);
  }

  /** New text, shown from its first page; `lead` (a title) stands before it on the first chunk. */
  set(text: string, lead?: HTMLElement): void {
    this.lead?.remove();
    this.lead = lead;
    if (lead) this.element.prepend(lead);
    this.chunks = chunksOf(text);
    this.chunk = 0;
    this.page = 0;
    setText(this.text, this.chunks[0]!);
    this.measure();
  }

  /** Measure again (fonts arrived, the box resized, the text shrank): stays on its chunk, from its first page. */
  measure(): void {
    const box = this.element;
    box.style.height = '';
    this.end.style.height = '0';
    box.scrollTop = 0;
    const line = parseFloat(getComputedStyle(box).lineHeight);
    const room = box.clientHeight;
    const lines = Number.isFinite(line) && line > 0 ? Math.max(1, Math.floor((room + 0.5) / line)) : 1;
    this.pageHeight = Number.isFinite(line) && line > 0 ? lines * line : room;
    if (box.scrollHeight > room + 1) box.style.height = `${this.pageHeight}px`;
    // Whole lines in all (a glyph may stand a pixel or two above its line): pages of `lines` each.
    const total = Number.isFinite(line) && line > 0 ? Math.max(1, Math.round(box.scrollHeight / line)) : 1;
    this.pagesInChunk = Number.isFinite(line) && line > 0 ? Math.ceil(total / lines) : Math.max(1, Math.ceil((box.scrollHeight - 0.5) / room));
    this.end.style.height = this.pagesInChunk > 1 ? `${this.pageHeight}px` : '0';
    this.page = Math.min(this.page, this.pagesInChunk - 1);
    box.scrollTop = this.page * this.pageHeight;
  }

  /** More than one page in all: the text needs turning. */
  get paged(): boolean {
    return this.chunks.length > 1 || this.pagesInChunk > 1;
  }

  get onFirstPage(): boolean {
    return this.chunk === 0 && this.page === 0;
  }

  /** Characters on the page shown, for a reading pace: counted where its lines begin and end. */
  get charactersOnPage(): number {
    const node = this.text.firstChild;
    if (!(node instanceof Text)) return 0;
    const top = this.element.getBoundingClientRect().top;
    return this.offsetAt(node, top + this.pageHeight) - this.offsetAt(node, top);
  }

  /** The first character of `node` whose line starts at or below `y` (a binary search: no layout, a few rects). */
  private offsetAt(node: Text, y: number): number {
    const range = document.createRange();
    let low = 0;
    let high = node.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      range.setStart(node, middle);
      range.setEnd(node, middle + 1);
      const rect = range.getBoundingClientRect();
      if ((rect.top + rect.bottom) / 2 < y) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Turn to the next page; false (and back to the first page) after the last. */
  next(): boolean {
    if (this.page + 1 < this.pagesInChunk) {
      this.page += 1;
      this.element.scrollTop = this.page * this.pageHeight;
      return true;
    }
    const more = this.chunk + 1 < this.chunks.length;
    this.chunk = more ? this.chunk + 1 : 0;
    this.page = 0;
    if (this.chunks.length > 1) {
      if (this.lead) this.lead.hidden = this.chunk > 0;
      setText(this.text, this.chunks[this.chunk]!);
      this.measure();
    } else this.element.scrollTop = 0;
    return more;
  }
}
