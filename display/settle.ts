/**
 * The wall's own word that the picture has come to rest: the first model is drawn, the fonts it
 * is set in have loaded, every text is fitted to its box and no fade is running. It is
 * `<html data-settled>` (present exactly then) and a `luach:settled` event on the document, for
 * whoever checks the wall from outside (tests, `luach screenshot`) rather than guessing a time.
 *
 * Invariant: any change to the wall's DOM other than the clock's figures removes the mark in the
 * same task that made it, so an observer who has seen a change and then sees the mark has seen
 * the picture that change settled into. Only what runs on real time is awaited (fonts, the
 * animation timeline), never a timer, so a page whose timers are faked or paused settles too.
 */
export class Settle {
  private generation = 0;
  private drawn = false;
  private readonly observer = new MutationObserver((records) => {
    if (records.some((r) => !isClockTick(r))) this.changed();
  });

  constructor(private readonly root: HTMLElement) {}

  /** The first model is on the wall: from now on the mark means something. */
  start(): void {
    if (this.drawn) return;
    this.drawn = true;
    this.observer.observe(this.root, { subtree: true, childList: true, characterData: true, attributes: true });
  }

  /** Something happened that need not touch the DOM (a model that changed nothing, a refit): a new mark follows. */
  changed(): void {
    if (!this.drawn) return;
    const generation = ++this.generation;
    document.documentElement.removeAttribute('data-settled');
    void this.settle(generation);
  }

  private async settle(generation: number): Promise<void> {
    await document.fonts.ready;
    // A fade may start another when it ends (a message held, then shown): wait until none runs.
    for (let rounds = 0; rounds < 20; rounds++) {
      const running = document.getAnimations().filter(isFade);
      if (running.length === 0) break;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
      if (generation !== this.generation) return;
    }
    // What a fade's end sets off (the leaving slide leaves the DOM) runs before the next task.
    await nextTask();
    if (generation !== this.generation) return;
    if (this.observer.takeRecords().some((r) => !isClockTick(r))) this.changed();
    else this.mark(generation);
  }

  private mark(generation: number): void {
    if (generation !== this.generation) return;
    document.documentElement.dataset.settled = String(generation);
    document.dispatchEvent(new Event('luach:settled'));
  }
}

/** A real task boundary (a message to ourselves), not a timer: timers may be faked or paused. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/** The clock ticks every second, the countdown too: neither moves anything else. */
function isClockTick(record: MutationRecord): boolean {
  const element = record.target instanceof Element ? record.target : record.target.parentElement;
  return Boolean(element?.closest('.clock, .countdown-value'));
}

/** A fade ends; identify's pulse (an endless CSS animation) is not something to wait for. */
function isFade(animation: Animation): boolean {
  const timing = animation.effect?.getComputedTiming();
  return animation.playState !== 'finished' && timing?.endTime !== Infinity;
}
