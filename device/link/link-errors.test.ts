import { ErrorWithReasonCode } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { describeLinkError } from './link-errors.js';

describe('describeLinkError', () => {
  it('tells the operator to re-pair when the broker refuses the credentials (3.1.1 and MQTT 5)', () => {
    for (const code of [4, 5, 0x86, 0x87]) {
      const problem = describeLinkError(new ErrorWithReasonCode('Connection refused: Not authorized', code), 'shul-1');
      expect(problem).toMatchObject({ kind: 'not-authorized', code });
      expect(problem.message).toMatch(/credentials of shul-1.*re-pair/);
    }
  });

  it('recognises a broker that does not speak MQTT 5', () => {
    expect(describeLinkError(new ErrorWithReasonCode('Connection refused: Unacceptable protocol version', 1), 'd').kind).toBe('unsupported-version');
    expect(describeLinkError(new ErrorWithReasonCode('Connection refused: Unsupported Protocol Version', 0x84), 'd').kind).toBe('unsupported-version');
  });

  it('passes other errors through as they are', () => {
    expect(describeLinkError(new Error('connect ECONNREFUSED 127.0.0.1:1883'), 'd')).toEqual({
      kind: 'other',
      code: undefined,
      message: 'connect ECONNREFUSED 127.0.0.1:1883',
    });
  });
});
