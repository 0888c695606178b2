import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, toPayload } from '@zsb/platform';
import { examSessionId } from '@zsb/rules';
import type { Context } from '../../context.ts';
import { CandidateAccount } from './account.entity.ts';
import { LogInCandidateInput, RegisterCandidateInput, ResetPasswordInput, SendSmsCodeInput, StartPasswordResetInput } from './account.inputs.ts';
import { CandidateAuthPayload, DonePayload, SendSmsCodePayload, StartPasswordResetPayload } from './account.payloads.ts';
import { ExamSessionReference } from './exam-session.reference.ts';

@Resolver(() => CandidateAccount)
export class AccountResolver {
  @Authorized('candidate')
  @Query(() => CandidateAccount, { nullable: true, description: 'The signed-in candidate.' })
  async me(@Ctx() ctx: Context): Promise<CandidateAccount | null> {
    const { principal } = ctx.caller;
    if (principal.kind !== 'candidate') throw forbidden();
    return ctx.loaders.account.load(principal.accountId);
  }

  @FieldResolver(() => ExamSessionReference, { nullable: true, description: "The exam session whose rules apply to the account's province now." })
  examSession(@Root() account: CandidateAccount, @Ctx() ctx: Context): ExamSessionReference | null {
    const set = ctx.rules.current(account.province);
    return set ? { id: examSessionId(set.manifest.province, set.manifest.examYear) } : null;
  }

  @Mutation(() => SendSmsCodePayload, { description: 'Sends an SMS verification code for registration, sign-in or recovery.' })
  sendSmsCode(@Arg('input', () => SendSmsCodeInput) input: SendSmsCodeInput, @Ctx() ctx: Context): Promise<SendSmsCodePayload> {
    return toPayload(SendSmsCodePayload, () => ctx.accounts.sendCode(input));
  }

  @Mutation(() => CandidateAuthPayload, { description: 'Creates a candidate account and signs it in.' })
  registerCandidate(@Arg('input', () => RegisterCandidateInput) input: RegisterCandidateInput, @Ctx() ctx: Context): Promise<CandidateAuthPayload> {
    return toPayload(CandidateAuthPayload, () => ctx.accounts.register(input));
  }

  @Mutation(() => CandidateAuthPayload, { description: 'Signs a candidate in with the factors the province asks for.' })
  logInCandidate(@Arg('input', () => LogInCandidateInput) input: LogInCandidateInput, @Ctx() ctx: Context): Promise<CandidateAuthPayload> {
    return toPayload(CandidateAuthPayload, () => ctx.accounts.logIn(input));
  }

  @Mutation(() => StartPasswordResetPayload, { description: 'Masked-phone recovery, step one: which account; returns the masked phone and a ticket.' })
  startPasswordReset(@Arg('input', () => StartPasswordResetInput) input: StartPasswordResetInput, @Ctx() ctx: Context): Promise<StartPasswordResetPayload> {
    return toPayload(StartPasswordResetPayload, () => ctx.accounts.startPasswordReset(input));
  }

  @Mutation(() => DonePayload, { description: "Sets a new password with an SMS code; signs the account out everywhere." })
  resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: Context): Promise<DonePayload> {
    return toPayload(DonePayload, async () => {
      await ctx.accounts.resetPassword(input);
      return {};
    });
  }
}
