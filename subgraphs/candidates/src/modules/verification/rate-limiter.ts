import type { EntityManager } from '@mikro-orm/core';
import { keyringOf } from '@zsb/platform';
import { RateCounter } from './rate-counter.entity.ts';

export interface Limit {
  /** Most hits allowed in one window. */
  max: number;
  windowSeconds: number;
}

export interface LimitState {
  allowed: boolean;
  hits: number;
  /** Seconds until the window closes (0 when allowed and no wait is due). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters kept in the database, so every process of the subgraph shares them. Each hit is one
 * atomic upsert; the counters commit on their own, whatever happens to the request that made them.
 */
export class RateLimiter {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(name: string, limit: Limit): Promise<LimitState> {
    const bucket = this.bucketKey(name);
    const now = this.now();
    const expires = now + limit.windowSeconds * 1000;
    const rows = (await this.em.getConnection().execute(
      `insert into rate_counter (bucket, window_start, hits, expires_at) values (?, ?, 1, ?)
       on conflict (bucket) do update set
         hits = case when rate_counter.expires_at <= ? then 1 else rate_counter.hits + 1 end,
         window_start = case when rate_counter.expires_at <= ? then excluded.window_start else rate_counter.window_start end,
         expires_at = case when rate_counter.expires_at <= ? then excluded.expires_at else rate_counter.expires_at end
       returning hits, expires_at`,
      [bucket, now, expires, now, now, now],
      'all',
    )) as { hits: number | string; expires_at: number | string }[];
    const hits = Number(rows[0].hits);
    const retryAfterSeconds = Math.max(0, Math.ceil((Number(rows[0].expires_at) - now) / 1000));
    return { allowed: hits <= limit.max, hits, retryAfterSeconds: hits <= limit.max ? 0 : retryAfterSeconds };
  }

  /** Whether the bucket is already over its limit, without counting a hit. */
  async peek(name: string, limit: Limit): Promise<LimitState> {
    const now = this.now();
    const row = await this.em.fork().findOne(RateCounter, { bucket: this.bucketKey(name) });
    if (!row || row.expiresAt <= now) return { allowed: true, hits: 0, retryAfterSeconds: 0 };
    const allowed = row.hits < limit.max;
    return { allowed, hits: row.hits, retryAfterSeconds: allowed ? 0 : Math.ceil((row.expiresAt - now) / 1000) };
  }

  /** Gives back one hit of the open window, for an attempt that turned out not to count (a successful sign-in). */
  async refund(name: string): Promise<void> {
    await this.em.getConnection().execute('update rate_counter set hits = hits - 1 where bucket = ? and hits > 0 and expires_at > ?', [this.bucketKey(name), this.now()], 'run');
  }

  async clear(name: string): Promise<void> {
    await this.em.fork().nativeDelete(RateCounter, { bucket: this.bucketKey(name) });
  }

  /** Deletes closed windows; run periodically. */
  async sweep(): Promise<number> {
    return this.em.fork().nativeDelete(RateCounter, { expiresAt: { $lte: this.now() } });
  }

  /** Bucket names hold what callers typed (ID numbers, phones, addresses): only their keyed hash is stored. */
  private bucketKey(name: string): string {
    return keyringOf(this.em).digest('rate-bucket', name);
  }
}
