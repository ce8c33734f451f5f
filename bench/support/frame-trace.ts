import type { Browser } from 'playwright-core';

/**
 * The frames the wall's renderer draws, read from a trace: cc's `DrawFrame` (one per compositor
 * frame the page submits, compositor-only animations included) and the moment each is
 * presented, with the page's User Timing marks, all on the trace clock (microseconds). Only the
 * page's own renderer counts (the process its marks come from): new headless Chromium runs a
 * WebUI renderer of its own that draws now and then, and a kiosk has none.
 */
export interface FrameTrace {
  /** When the page's compositor drew each frame, in order. */
  drawn: number[];
  /** When each of the page's frames reached the screen, in order. */
  presented: number[];
  /** `performance.mark(name)` calls in the page, by name, in order. */
  marks: Map<string, number[]>;
}

/** Only what is needed: a few events a frame, so the trace itself costs little. */
const CATEGORIES = ['disabled-by-default-devtools.timeline.frame', 'blink.user_timing'];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  ts: number;
}

/** Trace `during`, in which the page calls `performance.mark(pageMark)`: that names its renderer. */
export async function traceFrames(browser: Browser, pageMark: string, during: () => Promise<void>): Promise<FrameTrace> {
  await browser.startTracing(undefined, { categories: CATEGORIES });
  try {
    await during();
  } catch (error) {
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const timings = traceEvents.filter((e) => e.cat === 'blink.user_timing').sort((a, b) => a.ts - b.ts);
  const page = timings.find((e) => e.name === pageMark)?.pid;
  if (page === undefined) throw new Error(`the traced page never marked ${pageMark}: its renderer is unknown`);
  const times = (keep: (e: TraceEvent) => boolean) =>
    traceEvents
      .filter((e) => e.pid === page && keep(e))
      .map((e) => e.ts)
      .sort((a, b) => a - b);
  const marks = new Map<string, number[]>();
  for (const e of timings.filter((e) => e.pid === page)) marks.set(e.name, [...(marks.get(e.name) ?? []), e.ts]);
  return {
    drawn: times((e) => e.name === 'DrawFrame'),
    presented: times((e) => e.name === 'SubmitCompositorFrameToPresentationCompositorFrame' && e.ph === 'e'),
    marks,
  };
}

export interface FrameRates {
  /** Frames per second while something other than the clock is changing (a fade, a new slide). */
  during: number;
  /** Frames per second the rest of the time: the clock's tick and nothing else. */
  between: number;
  duringSeconds: number;
  betweenSeconds: number;
}

/**
 * Frames between `from` and `to`, split by whether they fall within `windowUs` after a change
 * (a transition's start). The window is longer than any fade, so a fade's frames are "during".
 */
export function frameRates(trace: FrameTrace, from: number, to: number, changes: number[], windowUs: number): FrameRates {
  const spans: [number, number][] = [];
  for (const start of changes.filter((c) => c < to && c + windowUs > from)) {
    const span: [number, number] = [Math.max(from, start), Math.min(to, start + windowUs)];
    const last = spans.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else spans.push(span);
  }
  const inSpan = (t: number) => spans.some(([a, b]) => t >= a && t < b);
  const frames = trace.drawn.filter((t) => t >= from && t < to);
  const duringFrames = frames.filter(inSpan).length;
  const duringSeconds = spans.reduce((sum, [a, b]) => sum + (b - a), 0) / 1e6;
  const betweenSeconds = (to - from) / 1e6 - duringSeconds;
  return {
    during: duringSeconds > 0 ? duringFrames / duringSeconds : 0,
    between: betweenSeconds > 0 ? (frames.length - duringFrames) / betweenSeconds : 0,
    duringSeconds,
    betweenSeconds,
  };
}
