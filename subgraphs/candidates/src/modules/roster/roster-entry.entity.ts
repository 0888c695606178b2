import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { EncryptedString, PersonalField } from '@zsb/platform';
import { idNumberIndexColumn } from '../account/blind-index.ts';

/** One eligible candidate on a province's roster (名单) for an exam year, as supplied by their college. ID number and name are encrypted at rest. */
@Entity({ tableName: 'roster_entry' })
@Unique({ properties: ['province', 'examYear', 'idType', 'idNumberDigest'] })
@Index({ properties: ['province', 'examYear', 'collegeCode'] })
@ObjectType({ description: 'An eligible candidate on the roster (考生名单) that colleges supply for an exam year.' })
export class RosterEntry {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'string', length: 8 })
  @Field(() => String)
  province: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  examYear: number;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'ID document type (证件类型).' })
  idType: string;

  @Property({ type: EncryptedString })
  @Field(() => String, { description: 'ID document number (证件号码); masked (`3701**********1015`) for partners without `roster.read.identity`.' })
  @UseMiddleware(PersonalField('idNumber', 'roster'))
  idNumber: string;

  /** Blind index of the ID number: entries are found by it, never by the encrypted column. */
  @Property(idNumberIndexColumn<RosterEntry>())
  idNumberDigest: Opt<string>;

  @Property({ type: EncryptedString })
  @Field(() => String, { description: 'Name (姓名); masked (`张*`) for partners without `roster.read.identity`.' })
  @UseMiddleware(PersonalField('name', 'roster'))
  name: string;

  @Property({ type: 'string', length: 20 })
  @Field(() => String, { description: 'College code (毕业院校代码).' })
  collegeCode: string;

  @Property({ type: 'string', length: 80 })
  @Field(() => String, { description: 'College name (毕业院校名称).' })
  collegeName: string;

  @Property({ type: 'string', length: 20 })
  @Field(() => String, { description: 'Major code (毕业专业代码).' })
  majorCode: string;

  @Property({ type: 'string', length: 80 })
  @Field(() => String, { description: 'Major name (毕业专业名称).' })
  majorName: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: "Candidate track as the province's rules name it, e.g. `GENERAL`, `THREE_PLUS_TWO` (3+2)." })
  track: string;

  @Property({ type: 'uuid' })
  importId: string;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  updatedAt: Date = new Date();
}

/** One roster file taken in: who, when, how many rows. */
@Entity({ tableName: 'roster_import' })
export class RosterImport {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 8 })
  province: string;

  @Property({ type: 'integer' })
  examYear: number;

  @Property({ type: 'string', length: 200 })
  fileName: string;

  @Property({ type: 'integer' })
  rowCount: number;

  @Property({ type: 'integer' })
  created: number;

  @Property({ type: 'integer' })
  updated: number;

  @Property({ type: 'string', length: 120 })
  importedBy: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
