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
