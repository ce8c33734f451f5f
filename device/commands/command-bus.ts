import type Database from 'better-sqlite3';
import type { Command, CommandResult } from '../../cloud-sync/protocol/commands.js';
import { unguarded, type StorageGuard } from '../cache/storage-health.js';
import type { Clock } from '../clock.js';
import type { CommandEffects } from './command-effects.js';
import { CommandHistory, type CommandHistoryRow } from './command-history.js';
import { decide, decideInterrupted, type CommandStep } from './decide.js';
import { runCommand } from './run-command.js';

/** Where results and events go: the DeviceLink implements this. */
export interface CommandOutlet {
  sendResult(result: CommandResult): void;
  sendEvent(kind: string, detail: Record<string, unknown>): void;
  /** Republish the retained status; called after a command that changes what it says. */
  refreshStatus?(): void;
}

/** Commands after which the retained status (display on/off, applied etag) is out of date. */
const CHANGES_STATUS = new Set<string>(['display-power', 'sync-now', 'clear-cache']);

export interface CommandLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface CommandBusOptions {
  /** A command still running after this long is reported failed (identify adds its own seconds). */
  executionTimeoutMs?: number;
}

const silent: CommandLogger = { info: () => {}, warn: () => {} };

/**
 * Receives raw messages from the `commands` topic, plans each with `decide`, and executes the
 * plan: history first, then results, then the effect. Start it before the link (so nothing
 * arrives unheard) and stop it after the link.
 */
export class CommandBus {
  private readonly history: CommandHistory;
  private readonly running = new Map<string, Promise<void>>();
  private accepting = false;

  constructor(
    private readonly deps: {
      db: Database.Database;
      clock: Clock;
      effects: CommandEffects;
      outlet: CommandOutlet;
      logger?: CommandLogger;
      /** On a full disk a command cannot be recorded, so it is refused rather than run without the record that makes it run once. */
      storage?: StorageGuard;
    },
    private readonly options: CommandBusOptions = {},
  ) {
    this.history = new CommandHistory(deps.db);
  }

  private get log(): CommandLogger {
    return this.deps.logger ?? silent;
  }

  /** Settle what a previous run accepted and never finished (a reboot, a crash): never re-run. */
  start(): void {
    this.accepting = true;
    for (const record of this.history.unfinished()) this.apply(decideInterrupted({ ...record, running: false }, this.deps.clock.now()));
  }

  /** Stop taking commands and wait (bounded) for the running ones. */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.running.values()]), deadline]);
    clearTimeout(timer);
  }

  /** One message from the `commands` topic. The id is recorded before this returns (before the PUBACK). */
  handle(payload: string): void {
    if (!this.accepting) {
      this.log.warn({ event: 'command.ignored', reason: 'command bus not started' }, 'command arrived before start or after stop');
      return;
    }
    const now = this.deps.clock.now();
    const steps = decide(
      {
        recordOf: (id) => {
          const record = this.history.get(id);
          return record && { ...record, running: this.running.has(id) };
        },
      },
      payload,
      now,
    );
    this.apply(steps);
  }

  /** Resolves when nothing is running (tests and benchmarks wait on it). */
  async idle(): Promise<void> {
    for (let round = 0; round < 1_000 && this.running.size > 0; round++) await Promise.allSettled([...this.running.values()]);
  }

  recent(limit: number): CommandHistoryRow[] {
    return this.history.recent(limit);
  }

  private apply(steps: CommandStep[]): void {
    for (const step of steps) {
      switch (step.kind) {
        case 'record': {
          const storage = this.deps.storage ?? unguarded;
          const taken = storage.attempt('command history', () => this.history.take(step, this.deps.clock.now()), null);
          if (taken === null) {
            const reason = "the device's storage is full: the command was not run (it could not be recorded to run only once)";
            this.deps.outlet.sendResult({ ...step.result, status: 'rejected', reason });
            return;
          }
          // Lost race with an identical id already recorded: stop here, run nothing.
          if (!taken) return;
          this.log.info(
            { event: `command.${step.status}`, id: step.id, type: step.type, batchId: step.batchId, reason: step.result.reason },
            `command ${step.status}`,
          );
          break;
        }
        case 'finish':
          this.finish(step.result);
          this.deps.outlet.sendResult(step.result);
          this.log.info({ event: `command.${step.result.status}`, id: step.result.id, type: step.result.type }, 'command settled after a restart');
          break;
        case 'publish':
          this.deps.outlet.sendResult(step.result);
          break;
        case 'execute':
          this.running.set(step.command.id, this.execute(step.command));
          break;
        case 'report':
          this.deps.outlet.sendEvent(step.event, step.detail);
          this.log.warn({ event: step.event, ...step.detail }, 'command not run');
          break;
      }
    }
  }

  private finish(result: CommandResult): void {
    (this.deps.storage ?? unguarded).attempt('command history', () => this.history.finish(result), undefined);
  }

  private async execute(command: Command): Promise<void> {
    const base = { v: command.v, id: command.id, type: command.type, ...(command.batchId ? { batchId: command.batchId } : {}) };
    const limitMs = (this.options.executionTimeoutMs ?? 120_000) + (command.type === 'identify' ? command.params.seconds * 1000 : 0);
    let cancel: (() => void) | undefined;
    const timeout = new Promise<never>((_, reject) => {
      cancel = this.deps.clock.at(new Date(this.deps.clock.now().getTime() + limitMs), () =>
        reject(new Error(`did not finish within ${Math.round(limitMs / 1000)} s; it may still complete on the device`)),
      );
    });
    let result: CommandResult;
    try {
      const output = await Promise.race([runCommand(command, this.deps.effects), timeout]);
      result = { ...base, status: 'succeeded', at: this.deps.clock.now().toISOString(), ...(output === undefined ? {} : { output }) };
    } catch (error) {
      result = { ...base, status: 'failed', at: this.deps.clock.now().toISOString(), reason: error instanceof Error ? error.message : String(error) };
    } finally {
      cancel?.();
    }
    this.finish(result);
    this.running.delete(command.id);
    this.deps.outlet.sendResult(result);
    if (result.status === 'succeeded' && CHANGES_STATUS.has(command.type)) this.deps.outlet.refreshStatus?.();
    this.log.info({ event: `command.${result.status}`, id: command.id, type: command.type, reason: result.reason }, `command ${result.status}`);
  }
}
