import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { forbidden, Payload, toPayload } from '@zsb/platform';
import type { Context } from '../../context.ts';
import { AuthTokens } from '../session/session.types.ts';
import { StaffMember } from './staff-member.entity.ts';

@ObjectType({ description: 'Outcome of a staff sign-in.' })
export class StaffAuthPayload extends Payload {
  @Field(() => StaffMember, { nullable: true })
  member?: StaffMember;

  @Field(() => AuthTokens, { nullable: true })
  tokens?: AuthTokens;
}

@Resolver(() => StaffMember)
export class StaffResolver {
  @Mutation(() => StaffAuthPayload, { description: 'Signs a member of staff in.' })
  logInStaff(@Arg('username', () => String) username: string, @Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<StaffAuthPayload> {
    return toPayload(StaffAuthPayload, () => ctx.staff.logIn(username, password, ctx.caller));
  }

  @Authorized('staff')
  @Query(() => StaffMember, { nullable: true, description: 'The signed-in member of staff.' })
  currentStaff(@Ctx() ctx: Context): Promise<StaffMember | null> {
    const { principal } = ctx.caller;
    if (principal.kind !== 'staff') throw forbidden();
    return ctx.staff.byId(principal.staffId);
  }
}
