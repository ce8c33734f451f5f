import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('masks secret-sounding JSON fields in a pino line and keeps the rest', () => {
    const line = '{"level":30,"msg":"paired","deviceId":"d1","mqttPassword":"hunter2","token":"abc.def"}';
    expect(redactSecrets(line)).toBe('{"level":30,"msg":"paired","deviceId":"d1","mqttPassword":"[redacted]","token":"[redacted]"}');
  });

  it('masks key=value pairs, bearer tokens and credentials inside URLs', () => {
    expect(redactSecrets('connect password=s3cret user=d1')).toBe('connect password=[redacted] user=d1');
    expect(redactSecrets('Authorization: Bearer eyJhbGciOi.x.y')).not.toContain('eyJhbGciOi');
    expect(redactSecrets('broker mqtts://d1:pw@cloud.example:8883')).toBe('broker mqtts://[redacted]@cloud.example:8883');
  });

  it('masks a bare JWT', () => {
    expect(redactSecrets('got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkMSJ9.c2lnbmF0dXJlLXZhbHVl ok')).toBe('got [redacted-jwt] ok');
  });

  it('leaves ordinary lines alone', () => {
    const line = '{"level":30,"msg":"model rebuilt","validUntil":"2026-03-01T17:42:00Z"}';
    expect(redactSecrets(line)).toBe(line);
  });
});
