import type { Page } from 'playwright-core';

/** Count the slides the stage brings in from now on (each transition adds one element). */
export async function countTransitions(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __transitions: number };
    w.__transitions = 0;
    new MutationObserver((records) => records.forEach((r) => (w.__transitions += r.addedNodes.length))).observe(document.querySelector('.stage')!, {
      childList: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { __transitions: number }).__transitions);
}

export const CHANGE_MARK = 'luach-bench:change';

/**
 * From now on, mark (`performance.mark`, so it lands in a trace) every change to the wall other
 * than the clock's: a slide arriving, a page turning, the next message. The clock's own tick
 * is left out, so frames for it count as "between transitions".
 */
export async function markChanges(page: Page): Promise<void> {
  await page.evaluate((mark) => {
    // No named helper here: the bench runs under tsx, whose esbuild would wrap it in a __name() the page lacks.
    new MutationObserver((records) => {
      if (records.some((r) => !(r.target instanceof Element ? r.target : r.target.parentElement)?.closest('.clock'))) performance.mark(mark);
    }).observe(document.getElementById('app')!, { subtree: true, childList: true, attributes: true, characterData: true });
  }, CHANGE_MARK);
}
