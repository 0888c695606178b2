import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, UseMiddleware } from 'type-graphql';
import { EncryptedString, PersonalField } from '@zsb/platform';
import { idNumberIndexColumn } from './blind-index.ts';

/** A candidate's account in one province: one per ID document. ID number, phone and name are encrypted at rest. */
@Entity({ tableName: 'candidate_account' })
@Unique({ properties: ['province', 'idType', 'idNumberDigest'] })
@ObjectType({ description: "A candidate's account (考生账号) in one province's registration system." })
@Directive('@key(fields: "id")')
export class CandidateAccount {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'string', length: 8 })
  @Field(() => String, { description: 'ISO 3166-2:CN code of the province, e.g. `CN-SD`.' })
  province: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'ID document type (证件类型), e.g. `RESIDENT_ID`.' })
  idType: string;

  @Property({ type: EncryptedString })
  @Field(() => String, { description: 'ID document number (证件号码); masked for partners without `accounts.read.identity`.' })
  @UseMiddleware(PersonalField('idNumber', 'accounts'))
  idNumber: string;

  /** Blind index of the ID number: accounts are found by it, never by the encrypted column. */
  @Property(idNumberIndexColumn<CandidateAccount>())
  idNumberDigest: Opt<string>;

  @Property({ type: EncryptedString })
  @Field(() => String, { description: 'The bound mobile number (绑定手机号) that receives SMS codes; masked for partners without `accounts.read.identity`.' })
  @UseMiddleware(PersonalField('phone', 'accounts'))
  phone: string;

  /** argon2id; never exposed. */
  @Property({ type: 'string', length: 255, lazy: true })
  passwordHash: string;

  @Property({ type: EncryptedString, nullable: true })
  @Field(() => String, { nullable: true, description: 'Name from the roster (姓名), when the province registers from a roster; masked for partners without `accounts.read.identity`.' })
  @UseMiddleware(PersonalField('name', 'accounts'))
  name?: string;

  @Property({ type: 'uuid', nullable: true })
  rosterEntryId?: string;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'Content hash of the rule-set version the account was registered under.' })
  ruleSetHash?: string;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  lastLoginAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  passwordChangedAt?: Date;
}
