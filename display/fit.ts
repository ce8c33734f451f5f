/** How far text may shrink before a long list pages instead. */
const MIN_SCALE = 0.7;
const SCALE_STEP = 0.05;

function overflows(element: HTMLElement): boolean {
  return element.scrollHeight > element.clientHeight + 1;
}

/**
 * Make a rendered slide fit its stage: shrink the text within limits, then split its list into
 * pages and show `page`. Returns the number of pages. Nothing ever overflows the screen.
 */
export function fitOrPage(slide: HTMLElement, page: number): number {
  const body = slide.querySelector<HTMLElement>('.slide-body');
  if (!body) return 1;
  let scale = 1;
  while (overflows(body) && scale - SCALE_STEP >= MIN_SCALE - 1e-9) {
    scale -= SCALE_STEP;
    body.style.setProperty('--fit', scale.toFixed(2));
  }
  const list = body.querySelector<HTMLElement>('.fit-list');
  if (!overflows(body) || !list) return 1;

  const items = Array.from(list.children) as HTMLElement[];
  const pages: HTMLElement[][] = [[]];
  for (const item of items) item.hidden = true;
  for (const item of items) {
    const current = pages[pages.length - 1]!;
    item.hidden = false;
    if (overflows(body) && current.length > 0) {
      for (const shown of current) shown.hidden = true;
      pages.push([item]);
    } else current.push(item);
  }
  const chosen = Math.min(page, pages.length - 1);
  items.forEach((item) => (item.hidden = true));
  pages[chosen]!.forEach((item) => (item.hidden = false));
  if (pages.length > 1) slide.append(pageIndicator(chosen, pages.length));
  return pages.length;
}

function pageIndicator(page: number, count: number): HTMLElement {
  const indicator = document.createElement('p');
  indicator.className = 'page-indicator';
  indicator.dir = 'ltr';
  indicator.textContent = `${page + 1} / ${count}`;
  return indicator;
}
