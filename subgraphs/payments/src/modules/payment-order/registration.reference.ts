import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The exams subgraph's registration, known here only by its key. */
@ObjectType('Registration', { description: 'A registration (报名): one candidate, one exam session.' })
@Directive('@key(fields: "id")')
export class RegistrationReference {
  @Field(() => ID)
  id: string;
}

export function resolveRegistrationReference(reference: { id?: unknown }): RegistrationReference {
  return Object.assign(new RegistrationReference(), { id: String(reference.id) });
}
