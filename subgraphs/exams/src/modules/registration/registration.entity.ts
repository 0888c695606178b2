import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { EncryptedJson } from '@zsb/platform';
import type { RegistrationState, RegistrationStatus } from '@zsb/rules';
import { RegistrationStatusEnum } from './registration.enums.ts';

/**
 * The personal values of a registration: what the platform supplied from the account and the roster (prefill) and
 * what the candidate gave as personal information. Kept apart from the rest of the state so that one column, encrypted
 * at rest, holds every personal value.
 */
export interface PersonalValues {
  prefill?: Record<string, string>;
  /** The personal-information step's input, by form field. */
  form?: Record<string, unknown>;
}

/**
 * One candidate's registration (报名) for one exam session: the interpreter's state, pinned to the rule-set version it
 * started under, with the values staff filter by copied into columns. Written only through a conditional update on
 * `version`, so two devices' concurrent writes cannot both apply.
 */
@Entity({ tableName: 'registration' })
@Unique({ properties: ['accountId', 'examSessionId'] })
@Index({ properties: ['examSessionId', 'status', 'createdAt'] })
@Index({ properties: ['examSessionId', 'collegeCode', 'status'] })
@Index({ properties: ['examSessionId', 'reviewRole', 'submittedAt'] })
@ObjectType({ description: "One candidate's registration (报名) for one exam session, as the province's rules shape it." })
@Directive('@key(fields: "id")')
export class Registration {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'version' | 'status';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'The registration.' })
  id: string = randomUUID();

  /** The candidate's account (owned by the candidates subgraph). */
  @Property({ type: 'uuid' })
  accountId: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => ID, { description: 'The exam session registered for, e.g. `CN-SD-2023`.' })
  examSessionId: string;

  @Property({ type: 'string', length: 8 })
  @Field(() => String, { description: 'ISO 3166-2:CN code of the province, e.g. `CN-SD`.' })
  province: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => String, { description: 'The rule set, e.g. `CN-SD/2023`.' })
  ruleSetId: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Content hash of the rule-set version the registration started under; every decision for it is taken by that version.' })
  ruleSetHash: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => RegistrationStatusEnum, { description: 'Where the registration stands.' })
  status: RegistrationStatus = 'IN_PROGRESS';

  /** The step to do next (plan.next), for "awaiting payment" and the like. */
  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => String, { nullable: true, description: 'The code of the step to do next (e.g. `PAYMENT`); null when nothing is left to do.' })
  nextStep?: string;

  /** The interpreter's state without its personal values (steps, decisions, payment, review), JSON as is. */
  @Property({ type: 'json' })
  state: RegistrationState;

  /** Personal values (prefill and personal information): one column, encrypted at rest. */
  @Property({ type: EncryptedJson })
  personal: PersonalValues;

  @Property({ type: 'string', length: 20, nullable: true })
  @Field(() => String, { nullable: true, description: 'College code (院校代码) the registration belongs to, where the rules know one: what college reviewers are scoped by.' })
  collegeCode?: string;

  @Property({ type: 'string', length: 12, nullable: true })
  @Field(() => String, { nullable: true, description: 'Exam city code (考试地点), once chosen.' })
  examCity?: string;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => String, { nullable: true, description: 'Candidate type code (考生类型), once known.' })
  candidateType?: string;

  /** The role that decides at the current review stage, while a review waits; null otherwise. */
  @Property({ type: 'string', length: 24, nullable: true })
  reviewRole?: string;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the registration was (last) submitted for qualification review, or completed where there is none.' })
  submittedAt?: Date;

  /** When the integrity pledge shown at payment (诚信考试承诺书) was acknowledged, where the rules have one. */
  @Property({ type: 'datetime', nullable: true })
  pledgeAcknowledgedAt?: Date;

  @Property({ type: 'integer', version: true })
  @Field(() => Int, { description: 'Increases with every change; give it back with a change so a stale page cannot overwrite a newer one.' })
  version: number = 1;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the candidate started it (real time).' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => Date, { description: 'When it last changed (real time).' })
  updatedAt: Date = new Date();
}
