import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** An image captcha that was shown: answered once, right or wrong, then spent. */
@Entity({ tableName: 'captcha' })
export class Captcha {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** SHA-256 of the captcha id and the lower-cased answer; the answer itself is never stored. */
  @Property({ type: 'string', length: 64 })
  answerHash: string;

  @Property({ type: 'datetime' })
  @Index()
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
