import type { DisplayModel } from '../device/model/display-model.js';
import { h } from './dom.js';
import { Header } from './header.js';
import { PixelShift } from './pixel-shift.js';
import { Stage } from './stage.js';
import { StatusMarks } from './status-marks.js';
import { Ticker } from './ticker.js';
import { TodayPanel } from './today-panel.js';
import { UrgentTakeover } from './urgent.js';
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
  private readonly urgent = new UrgentTakeover();
  private readonly identify = new IdentifyOverlay();
  private readonly setup = new SetupNotice();
  private readonly shift: PixelShift;

  constructor(root: HTMLElement) {
    const screen = h('div', { class: 'screen' }, this.header.element, this.today.element, this.stage.element, this.ticker.element);
    root.replaceChildren(screen, this.marks.element, this.setup.element, this.urgent.element, this.identify.element);
    // Only the standing picture moves: a transform on the root would make the urgent overlay's
    // `position: fixed` relative to it, and leave a sliver of the wall around the overlay.
    this.shift = new PixelShift(screen);
    this.startClock();
  }

  /** Show a new model in place: no reload, no flash; what did not change is not touched. */
  update(model: DisplayModel): void {
    this.model = model;
    const html = document.documentElement;
    if (html.lang !== model.locale.language) html.lang = model.locale.language;
    if (html.dir !== model.locale.direction) html.dir = model.locale.direction;
    const bodyClass = `theme-${model.layout.theme} orientation-${model.layout.orientation} lang-${model.locale.language}${model.locale.wall === 'he+en' ? ' bilingual' : ''}`;
    const relayout = document.body.className !== bodyClass && document.body.className !== '';
    if (document.body.className !== bodyClass) document.body.className = bodyClass;

    this.stage.transitions = model.layout.transitions;
    this.ticker.transitions = model.layout.transitions;
    const stageWasEmpty = this.stage.element.childElementCount === 0;
    this.header.update(model, wallNow());
    this.today.update(model.labels.todayPrayerTimes ?? '', model.todayPrayerTimes, model.occasion);
    this.ticker.update(model.ticker);
    this.urgent.update(model.urgent, model.layout.transitions);
    this.identify.update(model.identify);
    this.setup.update(model.setup);
    this.marks.update(model, this.linkUp);
    this.shift.enable(model.layout.pixelShift);
    this.stage.play(model.takeover ? [model.takeover] : model.slides, model.takeover !== undefined, model.labels);
    if (relayout) this.refit();
    // Today's prayers span the whole width while the stage is empty: measure them again when it fills or empties.
    else if (stageWasEmpty !== (this.stage.element.childElementCount === 0)) this.today.refit();
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
    this.header.update(this.model, wallNow());
    this.today.refit();
    this.ticker.refit();
    this.stage.refit();
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
