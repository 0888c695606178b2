import { Field, Int, ObjectType } from 'type-graphql';
import { Payload } from '@zsb/platform';
import { CandidateAccount } from './account.entity.ts';
import { AuthTokens } from '../session/session.types.ts';

@ObjectType({ description: 'Outcome of asking for an SMS code.' })
export class SendSmsCodePayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Seconds before another code may be asked for (the button countdown).' })
  resendAfterSeconds?: number;

  @Field(() => String, { nullable: true, description: 'The masked phone the code was sent to, where the flow shows it.' })
  maskedPhone?: string;
}

@ObjectType({ description: 'Outcome of registering or signing in as a candidate.' })
export class CandidateAuthPayload extends Payload {
  @Field(() => CandidateAccount, { nullable: true })
  account?: CandidateAccount;

  @Field(() => AuthTokens, { nullable: true })
  tokens?: AuthTokens;

  @Field(() => Int, { nullable: true, description: 'When refused for too many attempts: seconds to wait.' })
  retryAfterSeconds?: number;
}

@ObjectType({ description: 'Outcome of the first step of the masked-phone password recovery.' })
export class StartPasswordResetPayload extends Payload {
  @Field(() => String, { nullable: true, description: 'Pass to `sendSmsCode` and `resetPassword`; valid 15 minutes.' })
  resetTicket?: string;

  @Field(() => String, { nullable: true, description: 'The bound phone, masked (e.g. 131****5678).' })
  maskedPhone?: string;
}

@ObjectType({ description: 'Outcome of an operation that returns no data.' })
export class DonePayload extends Payload {}
