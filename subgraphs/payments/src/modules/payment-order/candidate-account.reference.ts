import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The candidates subgraph's account, known here only by its key. */
@ObjectType('CandidateAccount', { description: 'A candidate account (owned by the candidates subgraph).' })
@Directive('@key(fields: "id")')
export class CandidateAccountReference {
  @Field(() => ID)
  id: string;
}

export function resolveCandidateAccountReference(reference: { id?: unknown }): CandidateAccountReference {
  return Object.assign(new CandidateAccountReference(), { id: String(reference.id) });
}
