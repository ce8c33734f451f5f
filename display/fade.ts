import type { Transitions } from '../device/model/display-model.js';

/** What is changing; each has its own pace, chosen for how it reads from the back row. */
export type FadeKind = 'slide' | 'page' | 'message' | 'urgent';

interface Pace {
  inMs: number;
  outMs: number;
  /** The arriving part stays hidden for this share of its fade, so two messages never overlap. */
  holdIn?: number;
}

const SMOOTH: Record<FadeKind, Pace> = {
  slide: { inMs: 900, outMs: 900 },
  page: { inMs: 900, outMs: 900 },
  message: { inMs: 1200, outMs: 600, holdIn: 0.4 },
  urgent: { inMs: 600, outMs: 600 },
};
/** "simple": every fade this long, whatever is changing, in SIMPLE_STEPS steps (10 a second). */
const SIMPLE_MS = 400;
const SIMPLE_STEPS = 4;
/**
 * Steps a second of a "smooth" fade: film's rate. Where the screen is composited in software
 * every frame costs the CPU a few milliseconds, and a fade drawn at 60 frames a second costs
 * two and a half times as much as this one and looks no different from across a room.
 */
const SMOOTH_STEPS_PER_SECOND = 24;

interface Timing {
  duration: number;
  steps: number;
  hold?: number;
}

function timing(kind: FadeKind, direction: 'in' | 'out', transitions: 'smooth' | 'simple'): Timing {
  if (transitions === 'simple') return { duration: SIMPLE_MS, steps: SIMPLE_STEPS };
  const pace = SMOOTH[kind];
  const duration = direction === 'in' ? pace.inMs : pace.outMs;
  const hold = direction === 'in' ? pace.holdIn : undefined;
  const moving = duration * (1 - (hold ?? 0));
  return { duration, steps: Math.max(1, Math.round((moving * SMOOTH_STEPS_PER_SECOND) / 1000)), ...(hold ? { hold } : {}) };
}

/**
 * The opacity keyframes of a fade: eased, held at the start for `hold`. The animation's own
 * timing is `steps()`, so the compositor draws a frame only when a step changes the picture,
 * not at every display refresh; the keyframes' easing shapes the value at each step.
 */
function keyframes(from: number, to: number, easing: string, hold?: number): Keyframe[] {
  if (!hold) return [{ opacity: from, easing }, { opacity: to }];
  // Steps are even over the whole fade: the hold takes the first ones.
  return [{ opacity: from }, { opacity: from, offset: hold, easing }, { opacity: to }];
}

function animate(elements: HTMLElement[], frames: Keyframe[], { duration, steps, hold }: Timing, fill: FillMode): Promise<void> {
  const total = hold ? Math.round(steps / (1 - hold)) : steps;
  const animations = elements.map((element) => element.animate(frames, { duration, easing: `steps(${total}, jump-start)`, fill }));
  return Promise.all(animations.map((a) => a.finished)).then(
    () => undefined,
    () => undefined,
  );
}

/**
 * Bring `elements` in from transparent. Opacity only, on elements with layers of their own (see
 * the CSS): the compositor runs the fade and nothing is painted again.
 */
export function fadeIn(elements: HTMLElement[], kind: FadeKind, transitions: Transitions): void {
  if (transitions === 'none') return;
  const t = timing(kind, 'in', transitions);
  void animate(elements, keyframes(0, 1, 'ease-out', t.hold), t, 'none');
}

/**
 * Take `elements` out to transparent; resolves once they are no longer seen (at once for a cut).
 * `hold` keeps them transparent after the fade, for elements that leave the DOM only then (else
 * the compositor would show them whole for a frame); an element whose own style is already
 * transparent needs no hold.
 */
export function fadeOut(elements: HTMLElement[], kind: FadeKind, transitions: Transitions, hold = true): Promise<void> {
  if (transitions === 'none') return Promise.resolve();
  const t = timing(kind, 'out', transitions);
  return animate(elements, keyframes(1, 0, 'ease-in'), t, hold ? 'forwards' : 'none');
}
