// What a wall costs to run, measured as a Pi pays it: the CPU of Chromium's whole process tree
// (browser, renderer, GPU process, utilities), started as the wall's kiosk starts it (one app
// window, no omnibox), split by process type, over 60 s of the demo wall after a warm-up, with
// software compositing (--disable-gpu, as on a Pi without working GPU drivers), for each
// `transitions` setting. Then, traced apart so tracing cannot inflate the CPU figure, the frames
// Chromium draws per second while something changes and between changes. Baseline from the same
// run: the same kiosk showing an empty page for as long, and the share of the machine other
// processes used meanwhile (the machine is shared; a busy one is noisy).
// Budgets: 3% of a core with "smooth", 1.5% with "simple"; between transitions ≤ 1 frame a second.
import type { Page } from 'playwright-core';
import { launchKiosk } from '../test/support/kiosk-browser.js';
import { demoModel } from '../test/support/model-server.js';
import { frameRates, traceFrames } from './support/frame-trace.js';
import { cpuBetween, machineBusySeconds, sampleChromiumTree } from './support/process-tree-cpu.js';
import { report } from './support/report.js';
import { serveWall } from './support/wall-server.js';
import { CHANGE_MARK, countTransitions, markChanges } from './support/transitions.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
const FRAME_SECONDS = Number(process.env.BENCH_FRAME_SECONDS ?? 30);
const MODES = (process.env.BENCH_TRANSITIONS ?? 'smooth,simple,none').split(',') as ('smooth' | 'simple' | 'none')[];
const CPU_TARGET: Record<string, number | undefined> = { smooth: 3, simple: 1.5 };
/** Longer than any fade the wall plays: frames within this after a change belong to it. */
const TRANSITION_WINDOW_US = 1_500_000;

/** Chromium's CPU while `page` shows what it shows for SECONDS, as shares of one core. */
async function measureCpu(page: Page) {
  const machine0 = machineBusySeconds();
  const tree0 = sampleChromiumTree();
  const started = performance.now();
  await page.waitForTimeout(SECONDS * 1000);
  const tree1 = sampleChromiumTree();
  const machine1 = machineBusySeconds();
  const elapsed = (performance.now() - started) / 1000;
  const spent = cpuBetween(tree0, tree1);
  const share = (seconds: number) => Number(((100 * seconds) / elapsed).toFixed(2));
  return {
    total: share(spent.total),
    split: {
      browser: share(spent.browser),
      renderer: share(spent.renderer),
      gpu: share(spent.gpu),
      other: share(spent.utility + spent.zygote + spent.other),
      // Part of the total: headless Chromium's omnibox renderer, which a kiosk window does not start (0 here).
      headlessOmniboxWebUI: share(spent.webui),
    },
    seconds: Math.round(elapsed),
    machineOtherBusy: share(machine1 - machine0 - spent.total),
  };
}

const blank = await launchKiosk();
try {
  const { page } = blank;
  await page.waitForTimeout(WARMUP_SECONDS * 1000);
  const cpu = await measureCpu(page);
  report('display.chromium_cpu.about_blank', cpu.total, '% of one core', {
    ...cpu.split,
    seconds: cpu.seconds,
    machineOtherBusy: cpu.machineOtherBusy,
    note: 'baseline: the same kiosk, empty page',
  });
} finally {
  await blank.close();
}

for (const mode of MODES) {
  const server = await serveWall(demoModel(new Date(), (state) => Object.assign(state.settings, { transitions: mode })));
  const kiosk = await launchKiosk();
  const { browser, page } = kiosk;
  try {
    await page.goto(server.url);
    await page.locator('.slide').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    // Start-up work (fonts, first fit, the browser's own first minutes) settles, as on a wall that has been up for hours.
    await page.waitForTimeout(WARMUP_SECONDS * 1000);

    const slides = await countTransitions(page);
    const cpu = await measureCpu(page);
    report(`display.chromium_cpu.${mode}`, cpu.total, '% of one core', {
      ...cpu.split,
      seconds: cpu.seconds,
      slideTransitions: await slides(),
      machineOtherBusy: cpu.machineOtherBusy,
      ...(CPU_TARGET[mode] ? { target: CPU_TARGET[mode] } : {}),
      note: 'whole Chromium process tree, software compositing (--disable-gpu)',
    });

    await markChanges(page);
    const trace = await traceFrames(browser, 'luach-bench:from', async () => {
      await page.evaluate(() => performance.mark('luach-bench:from'));
      await page.waitForTimeout(FRAME_SECONDS * 1000);
      await page.evaluate(() => performance.mark('luach-bench:to'));
    });
    const from = trace.marks.get('luach-bench:from')![0]!;
    const to = trace.marks.get('luach-bench:to')![0]!;
    const rates = frameRates(trace, from, to, trace.marks.get(CHANGE_MARK) ?? [], TRANSITION_WINDOW_US);
    report(`display.frames_between_transitions.${mode}`, rates.between, 'frames/s', { seconds: Math.round(rates.betweenSeconds), target: 1 });
    report(`display.frames_during_transitions.${mode}`, rates.during, 'frames/s', {
      seconds: Math.round(rates.duringSeconds),
      note: `${TRANSITION_WINDOW_US / 1e6} s after each change other than the clock`,
    });
  } finally {
    await kiosk.close();
    await server.stop();
  }
}
