import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A fixed-window counter (sends per phone, failures per ID number, ...); written only through `RateLimiter`. */
@Entity({ tableName: 'rate_counter' })
export class RateCounter {
  @PrimaryKey({ type: 'string', length: 200 })
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
