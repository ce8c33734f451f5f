import { ErrorWithReasonCode } from 'mqtt';

export interface LinkProblem {
  kind: 'unsupported-version' | 'not-authorized' | 'other';
  code: number | undefined;
  /** What a person reads in `luach doctor`; never contains the password. */
  message: string;
}

/** CONNACK codes meaning "this protocol version is not spoken here" (3.1.1: 1, MQTT 5: 0x84). */
const UNSUPPORTED_VERSION = new Set([1, 0x84]);
/** CONNACK codes meaning the credentials are wrong or not allowed (3.1.1: 4, 5; MQTT 5: 0x86, 0x87). */
const NOT_AUTHORIZED = new Set([4, 5, 0x86, 0x87]);

/** Classify an mqtt.js error and say what to do about it. */
export function describeLinkError(error: unknown, deviceId: string): LinkProblem {
  const code = error instanceof ErrorWithReasonCode ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && NOT_AUTHORIZED.has(code)) {
    return {
      kind: 'not-authorized',
      code,
      message: `broker refused the credentials of ${deviceId} (${message}); re-pair the device or check its MQTT password`,
    };
  }
  if (code !== undefined && UNSUPPORTED_VERSION.has(code)) {
    return { kind: 'unsupported-version', code, message: `broker refused the MQTT protocol version (${message})` };
  }
  return { kind: 'other', code, message };
}
