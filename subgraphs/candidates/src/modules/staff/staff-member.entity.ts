import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { STAFF_ROLES, type StaffRole } from '@zsb/platform';

export const StaffRoleEnum = Object.fromEntries(STAFF_ROLES.map((r) => [r, r])) as { [K in StaffRole]: K };
registerEnumType(StaffRoleEnum, {
  name: 'StaffRole',
  description: 'COLLEGE_REVIEWER (院校审核员), PROVINCE_REVIEWER (省级审核员), POLICY_STAFF (政策管理员), ADMIN (系统管理员).',
});

/**
 * A member of review or policy staff; created with the CLI. An entity other subgraphs refer to by id (e.g. who
 * published a rule set), resolved here for staff callers only (see `resolveStaffMemberReference`).
 */
@Entity({ tableName: 'staff_member' })
@ObjectType({ description: 'A member of review or policy staff (工作人员); seen only by staff.' })
@Directive('@key(fields: "id")')
export class StaffMember {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'string', length: 60, unique: true })
  @Field(() => String)
  username: string;

  @Property({ type: 'string', length: 60 })
  @Field(() => String)
  displayName: string;

  @Property({ type: 'string', length: 20 })
  @Field(() => StaffRoleEnum)
  role: StaffRole;

  @Property({ type: 'string', length: 8, nullable: true })
  @Field(() => String, { nullable: true, description: 'The province the member works for; none for platform administrators.' })
  province?: string;

  @Property({ type: 'string', length: 20, nullable: true })
  @Field(() => String, { nullable: true, description: 'For college reviewers: the college (院校代码) whose candidates they review.' })
  collegeCode?: string;

  @Property({ type: 'string', length: 255, lazy: true })
  passwordHash: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date;
}
