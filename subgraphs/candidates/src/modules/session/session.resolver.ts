import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Payload, recordAudit, Refusal, toPayload } from '@zsb/platform';
import type { Context } from '../../context.ts';
import { AuthTokens } from './session.types.ts';

@ObjectType({ description: 'Outcome of renewing a session.' })
export class RefreshSessionPayload extends Payload {
  @Field(() => AuthTokens, { nullable: true })
  tokens?: AuthTokens;
}

@ObjectType({ description: 'Outcome of signing out.' })
export class LogOutPayload extends Payload {}

@Resolver()
export class SessionResolver {
  @Mutation(() => RefreshSessionPayload, { description: 'Exchanges a refresh token for new tokens (the old refresh token stops working).' })
  refreshSession(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: Context): Promise<RefreshSessionPayload> {
    return toPayload(RefreshSessionPayload, async () => ({ tokens: await ctx.sessions.refresh(refreshToken) }));
  }

  @Mutation(() => LogOutPayload, { description: "Ends the caller's session (退出): its access and refresh tokens stop working at once." })
  logOut(@Ctx() ctx: Context): Promise<LogOutPayload> {
    return toPayload(LogOutPayload, async () => {
      const { principal } = ctx.caller;
      if (principal.kind !== 'candidate' && principal.kind !== 'staff') throw new Refusal('NOT_SIGNED_IN', '当前未登录');
      await ctx.sessions.revoke(principal.sessionId, 'logout');
      if (principal.kind === 'staff') {
        recordAudit(ctx.em, ctx.caller, 'staff.sign-out', { type: 'StaffMember', id: principal.staffId });
        await ctx.em.flush();
      }
      return {};
    });
  }
}
