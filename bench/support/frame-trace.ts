import type { Browser } from 'playwright-core';

/**
 * The frames Chromium draws, read from a trace: viz's `Display::FrameDisplayed` (one per frame
 * the GPU process composites and presents, software compositing included) and the page's
 * User Timing marks, both on the trace clock (microseconds).
 */
export interface FrameTrace {
  /** When each frame was presented, in order. */
  frames: number[];
  /** `performance.mark(name)` calls in the page, by name, in order. */
  marks: Map<string, number[]>;
}

/** Only what is needed: a frame and a mark are one event each, so the trace costs little. */
const CATEGORIES = ['disabled-by-default-display.framedisplayed', 'blink.user_timing'];

interface TraceEvent {
  name: string;
  cat: string;
  ts: number;
}

export async function traceFrames(browser: Browser, during: () => Promise<void>): Promise<FrameTrace> {
  await browser.startTracing(undefined, { categories: CATEGORIES });
  try {
    await during();
  } catch (error) {
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const frames = traceEvents
    .filter((e) => e.name === 'Display::FrameDisplayed')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const marks = new Map<string, number[]>();
  for (const e of traceEvents.filter((e) => e.cat === 'blink.user_timing').sort((a, b) => a.ts - b.ts)) marks.set(e.name, [...(marks.get(e.name) ?? []), e.ts]);
  return { frames, marks };
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
  const frames = trace.frames.filter((t) => t >= from && t < to);
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
