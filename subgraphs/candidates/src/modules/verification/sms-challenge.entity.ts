import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

export enum SmsPurpose {
  REGISTER = 'REGISTER',
  LOGIN = 'LOGIN',
  RESET_PASSWORD = 'RESET_PASSWORD',
}
registerEnumType(SmsPurpose, { name: 'SmsPurpose', description: 'What an SMS verification code (短信验证码) may be used for; a code serves only its purpose.' });

/**
 * One SMS code: bound to a province, a purpose and a target (the phone, or the ID document whose bound phone receives
 * it); single use; expires; limited attempts. A decoy (no phone) is stored when no account matches, so checking a
 * code behaves the same whether or not an account exists. Target and phone are kept only as keyed hashes: they are
 * only ever compared.
 */
@Entity({ tableName: 'sms_challenge' })
@Index({ properties: ['province', 'targetDigest', 'purpose'] })
export class SmsChallenge {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 8 })
  province: string;

  /** Keyed hash of `phone:<number>` or `id:<type>:<number>`. */
  @Property({ type: 'string', length: 64 })
  targetDigest: string;

  /** Keyed hash of the phone the code was sent to; none for a decoy. */
  @Property({ type: 'string', length: 64, nullable: true })
  phoneDigest?: string;

  @Property({ type: 'string', length: 20 })
  purpose: SmsPurpose;

  /** SHA-256 of the challenge id and the code. */
  @Property({ type: 'string', length: 64 })
  codeHash: string;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime' })
  @Index()
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
