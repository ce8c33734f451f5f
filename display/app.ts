import type { DisplayModel } from '../device/model/display-model.js';
import { h } from './dom.js';
import { Header } from './header.js';
import { PixelShift } from './pixel-shift.js';
import { Stage } from './stage.js';
import { StatusMarks } from './status-marks.js';
import { Ticker } from './ticker.js';
import { TodayPanel } from './today-panel.js';
import { UrgentMessage } from './urgent.js';
import { IdentifyOverlay } from './identify.js';
import { SetupNotice } from './setup-notice.js';
import { wallNow } from './wall-clock.js';

/**
 * The wall: header, today's prayers, the slide stage, the message band, the quiet status marks
 * and the urgent takeover. Between models it does only three things: tick the clock each
 * second, advance slides and messages, and move the picture a pixel now and then.
 */
export class DisplayApp {
  private model?: DisplayModel;
  private linkUp = true;
  private readonly header = new Header();
  private readonly today = new TodayPanel();
  private readonly stage = new Stage();
  private readonly ticker = new Ticker();
  private readonly marks = new StatusMarks();
  private readonly urgent: UrgentMessage;
  private readonly identify = new IdentifyOverlay();
  private readonly setup = new SetupNotice();
  private readonly shift: PixelShift;
  /** Each region's size when its text was last fitted: a region the layout resizes later is fitted again. */
  private readonly fittedAt = new Map<HTMLElement, string>();
  private readonly regions: [HTMLElement, () => void][];

  constructor(root: HTMLElement) {
    const screen = h('div', { class: 'screen' }, this.header.element, this.today.element, this.stage.element, this.ticker.element);
    // An urgent message stands in the stage's place in the wall's grid; one marked full-screen covers the wall from the root.
    this.urgent = new UrgentMessage({ stage: screen, wall: root });
    root.replaceChildren(screen, this.marks.element, this.setup.element, this.identify.element);
    // Only the standing picture moves: a transform on the root would make a full-screen urgent
    // message's `position: fixed` relative to it, and leave a sliver of the wall around it.
    this.shift = new PixelShift(screen);
    this.regions = [
      [this.today.element, () => this.today.refit()],
      [this.stage.element, () => this.stage.refit()],
      [this.ticker.element, () => this.ticker.refit()],
      [this.urgent.element, () => this.urgent.refit()],
    ];
    // The layout can resize a region after it was fitted (a long name wraps in the header, a
    // region appears beside it): measured on real layout, never on a timer.
    const observer = new ResizeObserver(() => {
      if (this.model) this.refitResized();
    });
    for (const [element] of this.regions) observer.observe(element);
    this.startClock();
  }

  /** Show a new model in place: no reload, no flash; what did not change is not touched. */
  update(model: DisplayModel): void {
    this.model = model;
    const html = document.documentElement;
    if (html.lang !== model.locale.language) html.lang = model.locale.language;
    if (html.dir !== model.locale.direction) html.dir = model.locale.direction;
    const relayout = this.dressBody(model);

    this.stage.transitions = model.layout.transitions;
    this.ticker.transitions = model.layout.transitions;
    this.today.transitions = model.layout.transitions;
    const stageShape = this.stageShape();
    this.header.update(model, wallNow());
    this.ticker.update(model.ticker);
    this.urgent.update(model.urgent, model.layout.transitions);
    this.identify.update(model.identify);
    this.setup.update(model.setup);
    this.marks.update(model, this.linkUp);
    this.shift.enable(model.layout.pixelShift);
    // An urgent message takes the stage: the rotation steps aside until it ends.
    const urgentOnStage = model.urgent !== undefined && model.urgent.fullScreen !== true;
    this.stage.play(urgentOnStage ? [] : model.slides, urgentOnStage ? undefined : model.takeover, model.labels);
    this.recordFit(this.stage.element, this.urgent.element, this.ticker.element);
    // Today's prayers are measured last, in the grid the stage and the urgent message have settled.
    this.today.update(model.labels.todayPrayerTimes ?? '', model.todayPrayerTimes, model.occasion);
    if (relayout) this.refit();
    // Today's prayers span the whole width while the stage is empty: measure them again when it fills or empties.
    else if (stageShape !== this.stageShape()) this.today.refit();
    this.recordFit(this.today.element);
    // In portrait the prayers' height decides the stage's: what they changed is fitted again.
    this.refitResized();
  }

  /**
   * The body's classes and the room's distance, from the model and the screen's shape: true when
   * an earlier look changed (everything is measured again). "auto" is portrait on a window taller
   * than wide, so a screen hung either way fills its stage.
   */
  private dressBody(model: DisplayModel): boolean {
    const setting = model.layout.orientation;
    const orientation = setting === 'auto' ? (window.innerHeight > window.innerWidth ? 'portrait' : 'landscape') : setting;
    const bodyClass = `theme-${model.layout.theme} orientation-${orientation} lang-${model.locale.language}${model.locale.wall === 'he+en' ? ' bilingual' : ''}`;
    const body = document.body;
    const relayout =
      (body.className !== bodyClass && body.className !== '') ||
      (body.dataset.viewingDistance ?? model.layout.viewingDistance) !== model.layout.viewingDistance;
    if (body.className !== bodyClass) body.className = bodyClass;
    if (body.dataset.viewingDistance !== model.layout.viewingDistance) body.dataset.viewingDistance = model.layout.viewingDistance;
    return relayout;
  }

  /** Fit again each region whose size is not the one it was fitted at. */
  private refitResized(): void {
    for (const [element, refit] of this.regions)
      if (this.fittedAt.get(element) !== sizeOf(element)) {
        refit();
        this.recordFit(element);
      }
  }

  private recordFit(...elements: HTMLElement[]): void {
    for (const element of elements.length ? elements : this.regions.map(([e]) => e)) this.fittedAt.set(element, sizeOf(element));
  }

  /** What decides the panel's room: whether the stage's place holds slides, an urgent message, or nothing. */
  private stageShape(): string {
    return `${this.stage.element.childElementCount > 0}|${this.urgent.element.isConnected && !this.urgent.element.hidden}`;
  }

  /** The link to the device runtime itself (not the cloud) dropped or came back. */
  connection(up: boolean): void {
    if (this.linkUp === up) return;
    this.linkUp = up;
    if (this.model) this.marks.update(this.model, up);
  }

  /** Measure everything that fits its text to its box again (fonts arrived, screen resized). */
  refit(): void {
    if (!this.model) return;
    // A screen turned under an "auto" wall takes the other layout before anything is measured.
    this.dressBody(this.model);
    this.header.update(this.model, wallNow());
    this.today.refit();
    this.ticker.refit();
    this.stage.refit();
    this.urgent.refit();
    this.recordFit();
  }

  private startClock(): void {
    const tick = () => {
      const now = wallNow();
      this.header.tick(now);
      this.stage.tick(now);
      // Wake just after the next whole second, so the seconds change on time and never skip.
      window.setTimeout(tick, 1000 - (now % 1000) + 5);
    };
    tick();
  }
}

function sizeOf(element: HTMLElement): string {
  return `${element.offsetWidth}x${element.offsetHeight}`;
}
