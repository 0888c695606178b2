import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A signed-in device of a candidate or staff member; revoking it ends its access at once. */
@Entity({ tableName: 'session' })
@Index({ properties: ['subjectType', 'subjectId'] })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 16 })
  subjectType: 'candidate' | 'staff';

  @Property({ type: 'uuid' })
  subjectId: string;

  /** SHA-256 of the current refresh secret. */
  @Property({ type: 'string', length: 64 })
  refreshHash: string;

  /** SHA-256 of the secret it replaced: presenting it again means the token was copied, so the session ends. */
  @Property({ type: 'string', length: 64, nullable: true })
  previousRefreshHash?: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  lastRefreshedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  @Index()
  revokedAt?: Date;

  @Property({ type: 'string', length: 40, nullable: true })
  revokedReason?: string;

  @Property({ type: 'string', length: 64, nullable: true })
  clientIp?: string;
}
