// Renderer CPU with the demo wall on screen for 60 s: the clock ticking, slides and messages
// turning as they do in a shul. Two figures: the main thread's busy time (CDP TaskDuration) and
// the renderer process's CPU time across all its threads (CDP SystemInfo), each as a share of
// one core. Budget: 2%. The GPU process (software compositing under --disable-gpu) is reported too.
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { demoModel, serveModels } from '../test/support/model-server.js';
import { report } from './support/report.js';
import { countTransitions } from './support/transitions.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);

type ProcessInfo = { type: string; id: number; cpuTime: number };
async function cpuTimes(browserSession: CDPSession): Promise<Map<string, number>> {
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] };
  const byType = new Map<string, number>();
  for (const p of processInfo) byType.set(p.type, (byType.get(p.type) ?? 0) + p.cpuTime);
  return byType;
}

async function taskSeconds(session: CDPSession): Promise<number> {
  const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

const server = await serveModels(demoModel(new Date()));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(server.url);
  await page.locator('.slide').first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  // Let start-up work (fonts, first fit) settle, as on a wall that has been up for hours.
  await page.waitForTimeout(3000);
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const browserSession = await browser.newBrowserCDPSession();
  const transitions = await countTransitions(page);

  const task0 = await taskSeconds(session);
  const cpu0 = await cpuTimes(browserSession);
  const started = performance.now();
  await page.waitForTimeout(SECONDS * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const task1 = await taskSeconds(session);
  const cpu1 = await cpuTimes(browserSession);
  const slides = await transitions();

  const share = (seconds: number) => (100 * seconds) / elapsed;
  report('display.renderer_main_thread_cpu', share(task1 - task0), '% of one core', { seconds: Math.round(elapsed), slideTransitions: slides, target: 2 });
  report('display.renderer_process_cpu', share((cpu1.get('renderer') ?? 0) - (cpu0.get('renderer') ?? 0)), '% of one core', {
    seconds: Math.round(elapsed),
    target: 2,
  });
  report('display.gpu_process_cpu', share((cpu1.get('GPU') ?? cpu1.get('gpu') ?? 0) - (cpu0.get('GPU') ?? cpu0.get('gpu') ?? 0)), '% of one core', {
    seconds: Math.round(elapsed),
    note: 'software compositing, --disable-gpu',
  });
} finally {
  await browser.close();
  await server.stop();
}
