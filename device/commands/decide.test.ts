import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../cloud-sync/protocol/commands.js';
import { decide, decideInterrupted, type CommandRecord, type CommandStep } from './decide.js';

const now = new Date('2026-03-01T10:00:00Z');
const fresh = { recordOf: () => undefined };

function command(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: 'c-1',
    type: 'display-power',
    params: { on: false },
    issuedAt: '2026-03-01T09:59:00Z',
    expiresAt: '2026-03-01T10:05:00Z',
    ...overrides,
  });
}

function results(steps: CommandStep[]): CommandResult[] {
  return steps.flatMap((step) => (step.kind === 'publish' || step.kind === 'finish' ? [step.result] : []));
}

describe('decide', () => {
  it('accepts a valid command: records it, says accepted, then executes, in that order', () => {
    const steps = decide(fresh, command({ batchId: 'b-7' }), now);
    expect(steps.map((s) => s.kind)).toEqual(['record', 'publish', 'execute']);
    expect(steps[0]).toMatchObject({ kind: 'record', id: 'c-1', status: 'accepted', batchId: 'b-7' });
    expect(results(steps)).toEqual([{ v: 1, id: 'c-1', type: 'display-power', batchId: 'b-7', status: 'accepted', at: now.toISOString() }]);
    expect(steps[2]).toMatchObject({ kind: 'execute', command: { type: 'display-power', params: { on: false } } });
  });

  it('fills default params (identify flashes 10 s when not told)', () => {
    const steps = decide(fresh, command({ type: 'identify', params: undefined }), now);
    expect(steps[2]).toMatchObject({ kind: 'execute', command: { params: { seconds: 10 } } });
  });

  it('rejects an expired command with when it expired, and runs nothing', () => {
    const steps = decide(fresh, command({ expiresAt: '2026-03-01T09:59:30Z' }), now);
    expect(steps.map((s) => s.kind)).toEqual(['record', 'publish']);
    expect(results(steps)[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('expired at 2026-03-01T09:59:30Z') });
  });

  it('rejects an unknown type and lists the types it knows', () => {
    const [result] = results(decide(fresh, command({ type: 'self-destruct' }), now));
    expect(result).toMatchObject({
      status: 'rejected',
      type: 'self-destruct',
      reason: expect.stringMatching(/unknown command type "self-destruct".*reload-display/),
    });
  });

  it('rejects bad params field by field', () => {
    const [result] = results(decide(fresh, command({ params: { on: 'yes' } }), now));
    expect(result).toMatchObject({ status: 'rejected', reason: expect.stringContaining('params.on') });
  });

  it('rejects a settings change with an unknown or out-of-range setting, and does not reset the others', () => {
    const [bad] = results(decide(fresh, command({ type: 'set-settings', params: { settings: { theme: 'neon', volume: 3 } } }), now));
    expect(bad!.reason).toMatch(/params\.settings\.theme/);
    expect(bad!.reason).toMatch(/unknown setting "volume"/);
    const good = decide(fresh, command({ type: 'set-settings', params: { settings: { theme: 'dark' } } }), now);
    expect(good[2]).toMatchObject({ kind: 'execute', command: { params: { settings: { theme: 'dark' } } } });
    expect((good[2] as { command: { params: { settings: object } } }).command.params.settings).toEqual({ theme: 'dark' });
  });

  it('answers a malformed command by id when it has one', () => {
    const [result] = results(decide(fresh, JSON.stringify({ id: 'c-9', type: 'reboot' }), now));
    expect(result).toMatchObject({ id: 'c-9', status: 'rejected', reason: expect.stringMatching(/malformed command: .*issuedAt/) });
  });

  it('reports a message with no usable id as an event, since there is nobody to answer', () => {
    const steps = decide(fresh, 'reboot please', now);
    expect(steps).toEqual([{ kind: 'report', event: 'command.malformed', detail: expect.objectContaining({ excerpt: 'reboot please' }) }]);
  });

  it('runs update-software with the version it names, in the maintenance window unless it says now', () => {
    const steps = decide(fresh, command({ type: 'update-software', params: { version: '0.2.0' } }), now);
    expect(steps[2]).toMatchObject({ kind: 'execute', command: { type: 'update-software', params: { version: '0.2.0', now: false } } });
  });

  it('rejects update-software whose release is not a release, naming the field', () => {
    const [result] = results(
      decide(fresh, command({ type: 'update-software', params: { release: { version: '0.2.0', url: 'ftp://x', sha256: 'abc' } } }), now),
    );
    expect(result).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/params\.release\.url: .*http.*params\.release\.sha256/s) });
  });

  describe('a redelivered id never runs twice', () => {
    const finished: CommandRecord = {
      id: 'c-1',
      type: 'display-power',
      batchId: null,
      status: 'succeeded',
      running: false,
      result: { v: 1, id: 'c-1', type: 'display-power', status: 'succeeded', at: '2026-03-01T09:59:10Z', output: { display: 'off' } },
    };

    it('repeats the earlier final result, marked as a repeat', () => {
      const steps = decide({ recordOf: () => finished }, command(), now);
      expect(steps).toEqual([{ kind: 'publish', result: { ...finished.result, at: now.toISOString(), repeat: true } }]);
    });

    it('repeats even when the redelivery has since expired', () => {
      const steps = decide({ recordOf: () => finished }, command({ expiresAt: '2026-03-01T09:00:00Z' }), now);
      expect(results(steps)[0]).toMatchObject({ status: 'succeeded', repeat: true });
    });

    it('stays quiet (an event only) while the first delivery is still running', () => {
      const steps = decide({ recordOf: () => ({ ...finished, status: 'accepted', running: true }) }, command(), now);
      expect(steps.map((s) => s.kind)).toEqual(['report']);
    });
  });

  describe('after a restart', () => {
    const interrupted = (type: string): CommandRecord => ({ id: 'c-2', type, batchId: 'b-1', status: 'accepted', running: false, result: null });

    it('counts an interrupted reboot as done', () => {
      expect(results(decideInterrupted(interrupted('reboot'), now))[0]).toMatchObject({ status: 'succeeded', batchId: 'b-1', output: { restarted: true } });
    });

    it('reports any other interrupted command as failed, without running it again', () => {
      const steps = decideInterrupted(interrupted('sync-now'), now);
      expect(steps.map((s) => s.kind)).toEqual(['finish']);
      expect(results(steps)[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('not run again') });
    });
  });
});
