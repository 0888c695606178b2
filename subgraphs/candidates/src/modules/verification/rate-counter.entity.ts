import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A fixed-window counter (sends per phone, failures per ID number, ...); written only through `RateLimiter`. */
@Entity({ tableName: 'rate_counter' })
export class RateCounter {
  /** Keyed hash of the bucket's name (which may hold an ID number or a phone). */
  @PrimaryKey({ type: 'string', length: 64 })
  bucket: string;

  /** Epoch milliseconds. */
  @Property({ type: 'double' })
  windowStart: number;

  @Property({ type: 'integer' })
  hits: number;

  /** Epoch milliseconds at which the window closes. */
  @Property({ type: 'double' })
  @Index()
  expiresAt: number;
}
