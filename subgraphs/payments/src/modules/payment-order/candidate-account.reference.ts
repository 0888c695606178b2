import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The candidates subgraph's account, known here only by its key. */
@ObjectType('CandidateAccount', { description: "A candidate's account (考生账号) in one province's registration system." })
@Directive('@key(fields: "id")')
export class CandidateAccountReference {
  @Field(() => ID)
  id: string;
}

export function resolveCandidateAccountReference(reference: { id?: unknown }): CandidateAccountReference {
  return Object.assign(new CandidateAccountReference(), { id: String(reference.id) });
}
