import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { EncryptedJson } from '@zsb/platform';
import { ChangeRequestStatusEnum, ChangeRouteEnum, ReviewerRoleEnum } from '../registration/registration.enums.ts';

export type ChangeRequestStatus = keyof typeof ChangeRequestStatusEnum;

/**
 * A change of a locked value of a registration, with the old and the new value: an edit the rules let the candidate
 * make (kept as history), or a request (申请修改) that waits for the reviewer the rules name.
 */
@Entity({ tableName: 'change_request' })
@Index({ properties: ['registrationId', 'createdAt'] })
@Index({ properties: ['examSessionId', 'status', 'decidedBy', 'requestedAt'] })
@ObjectType({ description: 'A change of a locked value of a registration (申请修改 or an edit during review), with the old and new value and who decided it.' })
export class ChangeRequest {
  [OptionalProps]?: 'createdAt' | 'version' | 'status';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'The change request.' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'The registration it changes.' })
  registrationId: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => ID, { description: 'The exam session, e.g. `CN-SD-2023`.' })
  examSessionId: string;

  @Property({ type: 'string', length: 8 })
  province: string;

  /** The registration's college when it was asked, for college reviewers' reach. */
  @Property({ type: 'string', length: 20, nullable: true })
  collegeCode?: string;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, { description: 'The field changed.' })
  field: string;

  @Property({ type: 'string', length: 80 })
  @Field(() => String, { description: 'Its label as the province words it.' })
  label: string;

  /** The old and new value: personal data, encrypted at rest like the registration's. */
  @Property({ type: EncryptedJson })
  values: { oldValue?: unknown; newValue: unknown };

  @Property({ type: 'string', length: 16 })
  @Field(() => ChangeRouteEnum, { description: 'EDIT (made by the candidate) or CHANGE_REQUEST (decided by a reviewer).' })
  route: string;

  @Property({ type: 'string', length: 20 })
  @Field(() => String, { description: 'The phase that opened the change: AFTER_LOCK, DURING_REVIEW, WHEN_RETURNED or AFTER_COMPLETION.' })
  phase: string;

  @Property({ type: 'string', length: 24, nullable: true })
  @Field(() => ReviewerRoleEnum, { nullable: true, description: 'Who decides a change request.' })
  decidedBy?: string;

  @Property({ type: 'string', length: 12 })
  @Field(() => ChangeRequestStatusEnum, { description: 'Where it stands.' })
  status: ChangeRequestStatus = 'PENDING';

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the candidate asked (on the platform clock): the change window is checked at this time.' })
  requestedAt: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was decided or made.' })
  decidedAt?: Date;

  /** `staff:<id>` of the reviewer who decided it. */
  @Property({ type: 'string', length: 120, nullable: true })
  decider?: string;

  @Property({ type: 'string', length: 300, nullable: true })
  @Field(() => String, { nullable: true, description: "The reviewer's reason, for a refusal (or a note with an approval)." })
  reason?: string;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
