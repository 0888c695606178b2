import type { ResultOf, VariablesOf } from './graphql.ts';
import type {
  AccountPolicyQuery,
  CreateCaptchaMutation,
  MeQuery,
  PlatformClockQuery,
  ProvincesQuery,
  RefreshSessionMutation,
  SendSmsCodeMutation,
  UserErrorFields,
} from './operations.ts';

/**
 * Names for shapes the documents in `operations.ts` and `registration.ts` select, derived from them (and so from the
 * schema): nothing here is written by hand.
 */

/** An expected failure: a stable code, a Chinese message to show, and the input field it concerns. */
export type UserError = ResultOf<typeof UserErrorFields>;
/** Every mutation answers `{ ok, error }` plus its own data. */
export interface Payload {
  ok: boolean;
  error?: UserError | null;
}
export type AccountPolicy = NonNullable<ResultOf<typeof AccountPolicyQuery>['accountPolicy']>;
export type IdTypeOption = AccountPolicy['idTypes'][number];
export type LoginFactor = AccountPolicy['loginFactors'][number];
export type PlatformClockReading = ResultOf<typeof PlatformClockQuery>['platformClock'];
export type Province = ResultOf<typeof ProvincesQuery>['provinces'][number];
export type CandidateAccount = NonNullable<ResultOf<typeof MeQuery>['me']>;
export type Captcha = NonNullable<ResultOf<typeof CreateCaptchaMutation>['createCaptcha']['captcha']>;
export type AuthTokens = NonNullable<ResultOf<typeof RefreshSessionMutation>['refreshSession']['tokens']>;
export type SendSmsCodeInput = VariablesOf<typeof SendSmsCodeMutation>['input'];
