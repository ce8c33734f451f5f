import { describe, expect, it } from 'vitest';
import { parseDrawnReport } from './drawn-report.js';

describe("a page's report of what it drew", () => {
  it('is taken as the page sent it', () => {
    const report = { generatedAt: '2026-11-26T10:00:00.000Z', identifyUntil: '2026-11-26T10:00:30+02:00', fresh: true };
    expect(parseDrawnReport(report)).toEqual(report);
    expect(parseDrawnReport({ ...report, identifyUntil: null })).toEqual({ ...report, identifyUntil: null });
  });

  it('is refused with a missing, extra or malformed field', () => {
    const report = { generatedAt: '2026-11-26T10:00:00Z', identifyUntil: null, fresh: false };
    for (const bad of [
      null,
      [],
      'drawn',
      { generatedAt: report.generatedAt, fresh: false },
      { ...report, extra: 1 },
      { ...report, generatedAt: '2026-11-26 10:00:00' },
      { ...report, generatedAt: '2026-11-26T10:00:00' },
      { ...report, generatedAt: '2026-13-45T99:00:00Z' },
      { ...report, identifyUntil: 'soon' },
      { ...report, fresh: 'yes' },
    ])
      expect(parseDrawnReport(bad), JSON.stringify(bad)).toBeNull();
  });
});
