import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { DisplayAcks } from './display-acks.js';

const AT = new Date('2026-12-02T09:00:00Z');
const drawn = (identifyUntil: string | null, fresh = false) => ({ generatedAt: AT.toISOString(), identifyUntil, fresh });

describe('a command that needs a display', () => {
  it('fails at once, saying so, when no display is attached', async () => {
    const acks = new DisplayAcks(new VirtualClock(AT), () => 0);
    let acted = false;
    await expect(
      acks.confirm(
        'the identify label',
        () => (acted = true),
        () => true,
      ),
    ).rejects.toThrow('no display is attached to this device, so nobody saw the identify label');
    expect(acted).toBe(false);
  });

  it('succeeds on the first picture that shows it, not on one that does not', async () => {
    const acks = new DisplayAcks(new VirtualClock(AT), () => 1);
    let settled = false;
    const confirmed = acks
      .confirm(
        'the label',
        () => {},
        (report) => report.identifyUntil === '2026-12-02T09:00:30.000Z',
      )
      .then(() => (settled = true));
    acks.report(drawn(null));
    await Promise.resolve();
    expect(settled).toBe(false);
    acks.report(drawn('2026-12-02T09:00:30.000Z'));
    await confirmed;
    expect(settled).toBe(true);
  });

  it('fails with the reason when no display confirms in time, or the shell stops first', async () => {
    const clock = new VirtualClock(AT);
    const acks = new DisplayAcks(clock, () => 1);
    const late = acks.confirm(
      'the reload',
      () => {},
      (report) => report.fresh,
    );
    clock.advanceBy(20_000);
    await expect(late).rejects.toThrow('no display confirmed the reload within 20 s');
    acks.report(drawn(null, true));

    const cut = acks.confirm(
      'the reload',
      () => {},
      (report) => report.fresh,
    );
    acks.close('the display is shutting down');
    await expect(cut).rejects.toThrow('the display is shutting down');
  });
});
