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

  /**
   * Generation of the refresh token now valid; each refresh moves it on by one. A token's secret is derived from the
   * session id and its generation, so nothing else needs keeping: any earlier generation presented ends the session.
   */
  @Property({ type: 'integer', default: 0 })
  refreshGeneration: number = 0;

  /** SHA-256 of the refresh secret of a session opened before generations (`<id>.<secret>`, its generation 0). */
  @Property({ type: 'string', length: 64, nullable: true })
  refreshHash?: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt: Date;

  /** When the refresh token of the current generation was issued by a refresh. */
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
