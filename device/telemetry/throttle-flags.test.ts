import { describe, expect, it } from 'vitest';
import { parseThrottled } from './throttle-flags.js';

describe('parseThrottled', () => {
  it('reads under-voltage now and throttling since boot from 0x50005', () => {
    expect(parseThrottled('throttled=0x50005\n')).toEqual({
      raw: '0x50005',
      underVoltageNow: true,
      frequencyCappedNow: false,
      throttledNow: true,
      softTempLimitNow: false,
      underVoltageOccurred: true,
      frequencyCappedOccurred: false,
      throttledOccurred: true,
      softTempLimitOccurred: false,
    });
  });

  it('reads a healthy Pi as all false', () => {
    expect(Object.values(parseThrottled('throttled=0x0')!).filter((v) => v === true)).toEqual([]);
  });

  it('returns null for anything that is not the firmware answer', () => {
    expect(parseThrottled('VCHI initialization failed')).toBeNull();
  });
});
