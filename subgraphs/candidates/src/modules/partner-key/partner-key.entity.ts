import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A partner application's API key. The key is `zsb_<id>_<secret>`; only the SHA-256 of the secret is kept
 * (the secret is 256 random bits, so a fast hash is enough and keeps every request cheap).
 */
@Entity({ tableName: 'partner_key' })
export class PartnerKey {
  @PrimaryKey({ type: 'string', length: 16 })
  id: string = randomUUID().replace(/-/g, '').slice(0, 16);

  @Property({ type: 'string', length: 80 })
  name: string;

  @Property({ type: 'string', length: 64 })
  secretHash: string;

  /** E.g. `roster.read`, `roster.read.identity`, `exams.read`, `payments.read` (see `PARTNER_SCOPES`). */
  @Property({ type: 'json' })
  scopes: string[];

  /** The province whose data the key may see; none for all. */
  @Property({ type: 'string', length: 8, nullable: true })
  province?: string;

  /** When set, the gateway accepts from this key only operations registered as trusted. */
  @Property({ type: 'boolean' })
  trustedOperationsOnly: boolean = false;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
