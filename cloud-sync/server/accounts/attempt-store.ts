import type { GatewayDb } from '../gateway-db.js';

export interface AttemptRule {
  attempts: number;
  windowMs: number;
}

/**
 * Attempts per key in a fixed window, kept in the database so every gateway replica and every
 * restart counts the same attempts (a guesser cannot spread tries over replicas). The window's
 * reset is a conditional update, so two replicas cannot both start a fresh window.
 */
export class DatabaseAttemptStore {
  constructor(private readonly db: GatewayDb) {}

  /** Count an attempt; returns how many ms to wait when over the limit, or 0 when allowed. */
  async take(key: string, now: Date, rule: AttemptRule): Promise<number> {
    const resetAt = new Date(now.getTime() + rule.windowMs);
    const restarted = await this.db.rateLimitBucket.updateMany({ where: { key, resetAt: { lte: now } }, data: { count: 1, resetAt } });
    const bucket = restarted.count > 0 ? { count: 1, resetAt } : await this.count(key, resetAt);
    return bucket.count > rule.attempts ? Math.max(1, bucket.resetAt.getTime() - now.getTime()) : 0;
  }

  private async count(key: string, resetAt: Date): Promise<{ count: number; resetAt: Date }> {
    const upsert = () =>
      this.db.rateLimitBucket.upsert({
        where: { key },
        create: { key, count: 1, resetAt },
        update: { count: { increment: 1 } },
        select: { count: true, resetAt: true },
      });
    try {
      return await upsert();
    } catch (error) {
      // Two first attempts at once: one created the bucket, the other counts in it.
      if ((error as { code?: string }).code !== 'P2002') throw error;
      return upsert();
    }
  }

  /** How many ms `key` must still wait, without counting an attempt (0 when it may try). */
  async waitMs(key: string, now: Date, rule: AttemptRule): Promise<number> {
    const bucket = await this.db.rateLimitBucket.findUnique({ where: { key }, select: { count: true, resetAt: true } });
    return bucket && bucket.resetAt > now && bucket.count >= rule.attempts ? bucket.resetAt.getTime() - now.getTime() : 0;
  }

  /** Forget the attempts of `key` (a successful sign-in clears its account's count). */
  async clear(key: string): Promise<void> {
    await this.db.rateLimitBucket.deleteMany({ where: { key } });
  }

  /** Drop windows that ended: the table holds only live counts. */
  async sweep(now: Date): Promise<number> {
    return (await this.db.rateLimitBucket.deleteMany({ where: { resetAt: { lte: now } } })).count;
  }
}
