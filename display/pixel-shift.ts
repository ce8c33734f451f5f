/** The picture moves one pixel every few minutes: too slow to notice, enough against burn-in. */
const STEP_EVERY_MS = 3 * 60_000;
const RADIUS_PX = 3;

/**
 * A slow Lissajous walk within ±3 px, so the static frame (rules, panel edges, labels) never
 * sits on the same pixels for hours. Each step is a jump of at most a pixel, with no animation.
 */
export class PixelShift {
  private step = 0;
  private timer?: number;

  constructor(private readonly target: HTMLElement) {}

  enable(on: boolean): void {
    if (on === (this.timer !== undefined)) return;
    if (on) this.timer = window.setInterval(() => this.move(), STEP_EVERY_MS);
    else {
      window.clearInterval(this.timer);
      this.timer = undefined;
      this.target.style.transform = '';
    }
  }

  private move(): void {
    this.step += 1;
    const x = Math.round(RADIUS_PX * Math.sin(this.step / 5));
    const y = Math.round(RADIUS_PX * Math.sin(this.step / 7));
    this.target.style.transform = x || y ? `translate(${x}px, ${y}px)` : '';
  }
}
