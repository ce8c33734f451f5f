/** Errors that mean "no room to write": SQLite's full database or disk, and the file system's. */
export function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}

export interface StorageLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/**
 * A full disk is a state, not a crash. Every write the device makes on its own (the outbox,
 * the journals, the command history) goes through `attempt`: when there is no room the write is
 * skipped and the caller gets its fallback, the state turns 'full' and is said once; the first
 * write that succeeds again turns it back and says so once. Other errors pass through.
 */
export class StorageHealth {
  private fullSince: Date | null = null;
  private skipped = 0;
  private readonly listeners = new Set<(full: boolean) => void>();

  constructor(
    private readonly logger: StorageLogger,
    private readonly now: () => Date,
  ) {}

  get full(): boolean {
    return this.fullSince !== null;
  }

  /** Hear the state change (the heartbeat and the retained status carry it). */
  onChange(listener: (full: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A write that adds data; its success proves there is room again. */
  attempt<T>(what: string, write: () => T, otherwise: T): T {
    const result = this.guard(what, write);
    if (!result.ok) return otherwise;
    if (this.fullSince) {
      this.logger.info({ event: 'storage.ok', fullSince: this.fullSince.toISOString(), skipped: this.skipped }, 'room to write again');
      this.fullSince = null;
      this.skipped = 0;
      for (const listener of this.listeners) listener(false);
    }
    return result.value;
  }

  /** A write that removes data: it may fail on a full disk too, but succeeding proves nothing. */
  tolerate<T>(what: string, write: () => T, otherwise: T): T {
    const result = this.guard(what, write);
    return result.ok ? result.value : otherwise;
  }

  private guard<T>(what: string, write: () => T): { ok: true; value: T } | { ok: false } {
    try {
      return { ok: true, value: write() };
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      this.skipped += 1;
      if (!this.fullSince) {
        this.fullSince = this.now();
        this.logger.warn(
          { event: 'storage.full', what, error: (error as Error).message },
          'no room to write; the wall keeps showing, writes are skipped until there is',
        );
        for (const listener of this.listeners) listener(true);
      }
      return { ok: false };
    }
  }
}

/** What a writer needs of StorageHealth. */
export type StorageGuard = Pick<StorageHealth, 'attempt' | 'tolerate'>;

/** For readers that never write (`luach doctor`) and tests that want a write's error as it is. */
export const unguarded: StorageGuard = { attempt: (_what, write) => write(), tolerate: (_what, write) => write() };
