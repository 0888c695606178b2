import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The candidates subgraph's member of staff, known here only by its key; candidates resolves it (for staff only). */
@ObjectType('StaffMember', { description: 'A member of review or policy staff (工作人员); seen only by staff.' })
@Directive('@key(fields: "id", resolvable: false)')
export class StaffMemberReference {
  @Field(() => ID)
  id: string;
}

export function staffMemberReference(id: string): StaffMemberReference {
  return Object.assign(new StaffMemberReference(), { id });
}
