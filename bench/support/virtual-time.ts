import type { CDPSession } from 'playwright-core';

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
