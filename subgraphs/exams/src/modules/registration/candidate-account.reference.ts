import { Arg, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { Registration } from './registration.entity.ts';
import { reaches } from './registration.access.ts';
import type { Context } from '../../context.ts';

/** The candidates subgraph's account, known here only by its key. */
@ObjectType('CandidateAccount', { description: "A candidate's account (考生账号) in one province's registration system." })
@Directive('@key(fields: "id")')
export class CandidateAccountReference {
  @Field(() => ID, { description: "The account's id." })
  id: string;
}

export function resolveCandidateAccountReference(reference: { id?: unknown }): CandidateAccountReference {
  return Object.assign(new CandidateAccountReference(), { id: String(reference.id) });
}

@Resolver(() => CandidateAccountReference)
export class CandidateAccountRegistrationResolver {
  @FieldResolver(() => Registration, { nullable: true, description: "The account's registration (报名) for an exam session (its latest when omitted), within the caller's reach." })
  async registration(
    @Root() account: CandidateAccountReference,
    @Arg('examSessionId', () => ID, { nullable: true, description: 'e.g. `CN-SD-2023`.' }) examSessionId: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Registration | null> {
    const found = await ctx.em.findOne(Registration, { accountId: account.id, ...(examSessionId ? { examSessionId } : {}) }, { orderBy: { createdAt: 'desc' } });
    return found && reaches(ctx.caller.principal)(found) ? found : null;
  }
}
