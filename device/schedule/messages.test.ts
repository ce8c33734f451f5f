import { describe, expect, it } from 'vitest';
import type { GeneralMessage } from '../../cloud-sync/protocol/content.js';
import { activeMessages } from './messages.js';

const message = (fields: Partial<GeneralMessage> & Pick<GeneralMessage, 'id'>): GeneralMessage =>
  ({ body: fields.id, priority: 0, urgent: false, active: true, ...fields }) as GeneralMessage;

describe('messages', () => {
  const messages = [
    message({ id: 'always' }),
    message({ id: 'important', priority: 5 }),
    message({ id: 'urgent', urgent: true, priority: 1, startsAt: '2026-03-24T10:00:00Z' }),
    message({ id: 'later', startsAt: '2026-03-24T18:00:00+02:00' }),
    message({ id: 'over', endsAt: '2026-03-24T09:00:00Z' }),
    message({ id: 'ending', endsAt: '2026-03-24T20:00:00Z' }),
    message({ id: 'off', active: false }),
  ];

  it('shows those whose window holds now: urgent first, then by priority', () => {
    const a = activeMessages(messages, new Date('2026-03-24T12:00:00Z'));
    expect(a.messages.map((m) => m.id)).toEqual(['urgent', 'important', 'always', 'ending']);
    expect(a.urgent?.id).toBe('urgent');
  });

  it('is valid until the next start or end', () => {
    expect(activeMessages(messages, new Date('2026-03-24T12:00:00Z')).validUntil).toEqual(new Date('2026-03-24T16:00:00Z'));
    expect(activeMessages(messages, new Date('2026-03-24T16:00:00Z')).messages.map((m) => m.id)).toContain('later');
  });

  it('starts a message at its start and ends it at its end, exclusive', () => {
    expect(activeMessages(messages, new Date('2026-03-24T10:00:00Z')).urgent?.id).toBe('urgent');
    expect(activeMessages(messages, new Date('2026-03-24T09:00:00Z')).messages.map((m) => m.id)).not.toContain('over');
  });

  it('never changes again when nothing is scheduled', () => {
    const a = activeMessages([message({ id: 'always' })], new Date('2026-03-24T12:00:00Z'));
    expect(a.validUntil).toBeUndefined();
    expect(a.urgent).toBeUndefined();
  });
});
