import type { Browser, CDPSession, Page } from 'playwright-core';
import { countTransitions } from './transitions.js';

/**
 * Let `ms` of Chromium's own virtual time pass (CDP Emulation.setVirtualTimePolicy): a thousand
 * ten-second slides take seconds, and no clock script of the harness shares the page's heap
 * (Playwright's page.clock alone grows the heap ~8% over 10,000 fake seconds).
 */
export async function advance(session: CDPSession, ms: number): Promise<void> {
  const expired = new Promise((resolve) => session.once('Emulation.virtualTimeBudgetExpired', resolve));
  await session.send('Emulation.setVirtualTimePolicy', { policy: 'advance', budget: ms });
  await expired;
}

/** The renderer's JS heap in bytes after two forced collections: what the page still holds. */
export async function heapAfterGc(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

/**
 * The wall at `url` in a 1920x1080 page, once `ready` is drawn in its fonts, with a DevTools
 * session to drive its virtual time and a count of the slides the stage brings in from now on.
 */
export async function openVirtualTimeWall(
  browser: Browser,
  url: string,
  ready: string,
): Promise<{ page: Page; session: CDPSession; transitions: () => Promise<number> }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  const transitions = await countTransitions(page);
  const session = await page.context().newCDPSession(page);
  await session.send('Runtime.enable');
  return { page, session, transitions };
}
