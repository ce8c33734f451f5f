/** How far text may shrink before a long list pages instead; below this it is no longer legible at 10 m. */
const MIN_SCALE = 0.75;
const SCALE_STEP = 0.05;
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
  if (shrinkToFit(body) || items.length < 2) return [items];

  body.style.setProperty('--fit', String(PAGE_SCALE));
  const pages: HTMLElement[][] = [];
  let start = 0;
  while (start < items.length) {
    items.forEach((item, i) => (item.hidden = i < start));
    hideEmptyGroups(body);
    const limit = body.getBoundingClientRect().top + body.clientHeight + 1;
    let end = start + 1;
    while (end < items.length && items[end]!.getBoundingClientRect().bottom <= limit) end++;
    pages.push(items.slice(start, end));
    start = end;
  }
  return pages;
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
