import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { AccountPolicy, toAccountPolicy } from './account-policy.type.ts';

@Resolver(() => AccountPolicy)
export class AccountPolicyResolver {
  @Query(() => AccountPolicy, { nullable: true, description: "The account rules in force for a province (what its register, sign-in and recovery screens ask for); null for a province not served." })
  accountPolicy(@Arg('province', () => String) province: string, @Ctx() ctx: Context): AccountPolicy | null {
    const set = ctx.rules.current(province);
    return set ? toAccountPolicy(set) : null;
  }
}
