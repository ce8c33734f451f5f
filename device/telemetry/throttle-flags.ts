import type { ThrottleFlags } from '../../cloud-sync/protocol/telemetry.js';

/**
 * Decode `vcgencmd get_throttled` output (`throttled=0x50005`). Bits 0-3 are the state now,
 * bits 16-19 whether it happened since boot (Raspberry Pi firmware documentation).
 * Returns null when the text is not that answer.
 */
export function parseThrottled(output: string): ThrottleFlags | null {
  const match = /throttled=(0x[0-9a-fA-F]+)/.exec(output);
  return match ? decode(Number.parseInt(match[1]!, 16)) : null;
}

/** The same word as the kernel's sysfs file gives it: bare hex (`50005`). */
export function parseThrottledWord(text: string): ThrottleFlags | null {
  const hex = text.trim();
  return /^[0-9a-fA-F]{1,8}$/.test(hex) ? decode(Number.parseInt(hex, 16)) : null;
}

function decode(word: number): ThrottleFlags {
  const bit = (n: number) => (word & (1 << n)) !== 0;
  return {
    raw: `0x${word.toString(16)}`,
    underVoltageNow: bit(0),
    frequencyCappedNow: bit(1),
    throttledNow: bit(2),
    softTempLimitNow: bit(3),
    underVoltageOccurred: bit(16),
    frequencyCappedOccurred: bit(17),
    throttledOccurred: bit(18),
    softTempLimitOccurred: bit(19),
  };
}
