/** How far text may shrink before a long list pages instead; below this it is no longer legible at 10 m. */
const MIN_SCALE = 0.75;
const SCALE_STEP = 0.05;
/**
 * How far a slide that has no pages to turn (or one entry taller than a page) may shrink: in a
 * hall the room's floor still holds every text; in a small room such a slide would otherwise be cut.
 */
const UNPAGED_MIN_SCALE = 0.4;
/** Pages are laid out a little smaller than full size: fewer pages, still legible from the back. */
const PAGE_SCALE = 0.85;

function overflows(element: HTMLElement, widthOnly = false): boolean {
  return (!widthOnly && element.scrollHeight > element.clientHeight + 1) || element.scrollWidth > element.clientWidth + 1;
}

/**
 * Shrink `element`'s text (through the --fit custom property its CSS multiplies by) until
 * `measured` (the element itself, or the part of it that clips) fits. A single line
 * (`widthOnly`) is measured across only: its glyphs may rise above a tight line height without
 * anything being cut.
 */
export function shrinkToFit(element: HTMLElement, minScale = MIN_SCALE, widthOnly = false, measured = element): boolean {
  let scale = 1;
  element.style.setProperty('--fit', '1');
  while (overflows(measured, widthOnly) && scale - SCALE_STEP >= minScale - 1e-9) {
    scale -= SCALE_STEP;
    element.style.setProperty('--fit', scale.toFixed(2));
  }
  return !overflows(measured, widthOnly);
}

/**
 * Make a rendered slide fit the stage: shrink its text within limits; when it still does not
 * fit, split the items of its `.fit-list`s into pages at full size. Returns the pages (one page
 * holds everything when it fits). Costs one layout per page, not one per item.
 */
export function paginate(slide: HTMLElement): HTMLElement[][] {
  const body = slide.querySelector<HTMLElement>('.slide-body');
  if (!body) return [[]];
  const items = Array.from(body.querySelectorAll<HTMLElement>('.fit-list > *'));
  // Measured again after fonts load or the screen resizes: start from everything shown.
  for (const item of items) item.hidden = false;
  hideEmptyGroups(body);
  const indicator = slide.querySelector<HTMLElement>('.page-indicator');
  if (indicator) indicator.hidden = true;
  if (shrinkToFit(body)) return [items];
  // A slide that cannot turn pages (a countdown, a single entry) shrinks further rather than be
  // cut; in a hall the room's floor (--floor in styles.css) still holds every text.
  if (items.length < 2) {
    shrinkToFit(body, UNPAGED_MIN_SCALE);
    return [items];
  }

  body.style.setProperty('--fit', String(PAGE_SCALE));
  for (const item of items) {
    item.classList.remove('shrunk');
    item.style.removeProperty('font-size');
  }
  const pages: HTMLElement[][] = [];
  let start = 0;
  while (start < items.length) {
    items.forEach((item, i) => (item.hidden = i < start));
    hideEmptyGroups(body);
    const limit = body.getBoundingClientRect().top + body.clientHeight + 1;
    if (items[start]!.getBoundingClientRect().bottom > limit) shrinkItem(items[start]!, limit);
    let end = start + 1;
    while (end < items.length && items[end]!.getBoundingClientRect().bottom <= limit) end++;
    pages.push(items.slice(start, end));
    start = end;
  }
  return pages;
}

/**
 * One entry taller than a page on its own (in a hall, where the room's smallest text is large):
 * its spacing and its larger words shrink towards the room's floor, which every text keeps
 * (styles.css), until it fits its page.
 */
function shrinkItem(item: HTMLElement, limit: number): void {
  item.classList.add('shrunk');
  for (let scale = 1 - SCALE_STEP; scale >= UNPAGED_MIN_SCALE - 1e-9 && item.getBoundingClientRect().bottom > limit; scale -= SCALE_STEP)
    item.style.fontSize = `${scale.toFixed(2)}em`;
}

/** Show one page of a paginated slide: its items, the groups that hold them, and "2 / 9". */
export function showPage(slide: HTMLElement, pages: HTMLElement[][], page: number): void {
  const body = slide.querySelector<HTMLElement>('.slide-body');
  if (!body || pages.length < 2) return;
  const shown = new Set(pages[page]);
  for (const items of pages) for (const item of items) item.hidden = !shown.has(item);
  hideEmptyGroups(body);
  const indicator = slide.querySelector<HTMLElement>('.page-indicator');
  if (indicator) {
    indicator.hidden = false;
    indicator.textContent = `${page + 1} / ${pages.length}`;
  }
}

/** A section whose rows are all on other pages is not shown as a bare heading. */
function hideEmptyGroups(body: HTMLElement): void {
  for (const group of body.querySelectorAll<HTMLElement>('.fit-group')) group.hidden = !group.querySelector('.fit-list > :not([hidden])');
}
