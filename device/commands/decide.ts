import {
  COMMAND_VERSION,
  CommandEnvelope,
  commandParams,
  commandTypes,
  type Command,
  type CommandResult,
  type CommandStatus,
  type CommandType,
} from '../../cloud-sync/protocol/commands.js';
import { messageId } from '../../cloud-sync/protocol/telemetry.js';
import { redactSecrets } from './redact-secrets.js';
import { describeIssues } from '../../cloud-sync/protocol/primitives.js';

/** What the device remembers about a command id (command_history). */
export interface CommandRecord {
  id: string;
  type: string;
  batchId: string | null;
  status: CommandStatus;
  /** The last result published for it. */
  result: CommandResult | null;
  /** True while this process is executing it; false for an `accepted` row left by a restart. */
  running: boolean;
}

export interface CommandBusState {
  recordOf(id: string): CommandRecord | undefined;
}

/**
 * The plan for one incoming message, as plain data. Executors do the I/O in order.
 * Invariant: `execute` is always preceded by a `record` of status `accepted` for the same id,
 * so the id is durably taken before anything runs; that is what makes execution at-most-once.
 */
export type CommandStep =
  | { kind: 'record'; id: string; type: string; batchId: string | null; status: 'accepted' | 'rejected'; result: CommandResult }
  | { kind: 'finish'; result: CommandResult }
  | { kind: 'publish'; result: CommandResult }
  | { kind: 'execute'; command: Command }
  | { kind: 'report'; event: 'command.malformed' | 'command.duplicate'; detail: Record<string, unknown> };

/** Commands whose successful end is the process going away: a restart finishing them means they worked. */
const ENDS_WITH_RESTART = new Set<string>(['reboot', 'restart-app']);

export function decide(state: CommandBusState, raw: string, now: Date): CommandStep[] {
  const at = now.toISOString();
  const json = parseJson(raw);
  const envelope = CommandEnvelope.safeParse(json);
  if (!envelope.success) {
    const id = salvageId(json);
    const reason = `malformed command: ${describeIssues(envelope.error, { root: '(message)' }).join('; ')}`;
    if (!id) return [{ kind: 'report', event: 'command.malformed', detail: { reason, excerpt: redactSecrets(raw.slice(0, 200)) } }];
    const seen = state.recordOf(id);
    if (seen) return repeat(seen, now);
    return reject({ id, type: salvageType(json), batchId: salvageBatch(json) }, reason, at);
  }
  const { id, type, batchId } = envelope.data;
  const known = { id, type, batchId: batchId ?? null };
  const prior = state.recordOf(id);
  if (prior) return repeat(prior, now);

  if (Date.parse(envelope.data.expiresAt) <= now.getTime()) {
    return reject(known, `expired at ${envelope.data.expiresAt}; it reached the device at ${at}, so it was not run. Send a new command.`, at);
  }
  if (!isCommandType(type)) {
    return reject(known, `unknown command type "${type}"; this device understands: ${commandTypes.join(', ')}`, at);
  }
  const params = commandParams[type].safeParse(envelope.data.params ?? {});
  if (!params.success) {
    return reject(known, `invalid params for ${type}: ${describeIssues(params.error, { prefix: ['params'] }).join('; ')}`, at);
  }
  const command = { ...envelope.data, type, params: params.data } as Command;
  const accepted = result(known, 'accepted', at);
  return [
    { kind: 'record', ...known, status: 'accepted', result: accepted },
    { kind: 'publish', result: accepted },
    { kind: 'execute', command },
  ];
}

/**
 * A command left `accepted` by a previous run was interrupted: it is never run again. A reboot or
 * app restart that interrupted itself did what it was asked.
 */
export function decideInterrupted(record: CommandRecord, now: Date): CommandStep[] {
  const known = { id: record.id, type: record.type, batchId: record.batchId };
  const at = now.toISOString();
  const final = ENDS_WITH_RESTART.has(record.type)
    ? { ...result(known, 'succeeded', at), output: { restarted: true } }
    : { ...result(known, 'failed', at), reason: 'interrupted by a restart of the app before it finished; it was not run again. Send a new command to retry.' };
  return [{ kind: 'finish', result: final }];
}

/** A redelivered id never runs again; the cloud gets the earlier final result once more. */
function repeat(prior: CommandRecord, now: Date): CommandStep[] {
  // Still running here: its own final result is on the way; a second answer would only confuse.
  if (prior.running) return [{ kind: 'report', event: 'command.duplicate', detail: { id: prior.id, status: prior.status } }];
  if (prior.status === 'accepted' || !prior.result) return decideInterrupted(prior, now);
  return [{ kind: 'publish', result: { ...prior.result, at: now.toISOString(), repeat: true } }];
}

function reject(known: { id: string; type: string; batchId: string | null }, reason: string, at: string): CommandStep[] {
  const rejected = { ...result(known, 'rejected', at), reason };
  return [
    { kind: 'record', ...known, status: 'rejected', result: rejected },
    { kind: 'publish', result: rejected },
  ];
}

function result(known: { id: string; type: string; batchId: string | null }, status: CommandStatus, at: string): CommandResult {
  return { v: COMMAND_VERSION, id: known.id, type: known.type.slice(0, 40), ...(known.batchId ? { batchId: known.batchId } : {}), status, at };
}

function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(commandParams, type);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** An id good enough to answer on, even when the rest of the command is broken. */
function salvageId(json: unknown): string | null {
  const id = (json as { id?: unknown } | null)?.id;
  return messageId.safeParse(id).success ? (id as string) : null;
}

function salvageType(json: unknown): string {
  const type = (json as { type?: unknown }).type;
  return typeof type === 'string' && type.length > 0 ? type.slice(0, 40) : 'unknown';
}

function salvageBatch(json: unknown): string | null {
  const batchId = (json as { batchId?: unknown }).batchId;
  return messageId.safeParse(batchId).success ? (batchId as string) : null;
}
