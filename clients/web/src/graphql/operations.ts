import { gql } from '@urql/core';
import type {
  PlatformClockReading,
  AccountPolicy,
  AuthPayload,
  AuthTokens,
  Captcha,
  CandidateAccount,
  LogInCandidateInput,
  Payload,
  Province,
  RegisterCandidateInput,
  ResetPasswordInput,
  SendSmsCodeInput,
  SendSmsCodePayload,
  StartPasswordResetInput,
  StartPasswordResetPayload,
} from './types.ts';

/** The GraphQL documents the web client sends, typed by their data and variables. */

const ERROR = 'error { code message field }';
const TOKENS = 'tokens { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt }';
const ACCOUNT = 'account { id province idType idNumber phone name examSession { id title } }';

export const ProvincesQuery = gql<{ provinces: Province[] }, Record<string, never>>`
  query Provinces {
    provinces { code name examYear title }
  }
`;

/** The clock registration windows are read on, for a province: simulated in development, and the page must say so. */
export const PlatformClockQuery = gql<{ platformClock: PlatformClockReading }, { province: string }>`
  query PlatformClock($province: String!) {
    platformClock(province: $province) { now simulated message }
  }
`;

export const AccountPolicyQuery = gql<{ accountPolicy: AccountPolicy | null }, { province: string }>`
  query AccountPolicy($province: String!) {
    accountPolicy(province: $province) {
      province
      provinceName
      examYear
      title
      idTypes { code name hint }
      registration {
        requiresRoster
        captcha
        consentRequired
        consentLabel
        consentDocuments { title text }
        notice
      }
      password { minLength maxLength requirements description }
      loginFactors
      loginNotices
      passwordResetFlow
      passwordResetCaptcha
      smsCaptchaBeforeSending
    }
  }
`;

export const MeQuery = gql<{ me: CandidateAccount | null }, Record<string, never>>`
  query Me {
    me { id province idType idNumber phone name examSession { id title } }
  }
`;

export const CreateCaptchaMutation = gql<{ createCaptcha: Payload & { captcha?: Captcha | null } }, Record<string, never>>`
  mutation CreateCaptcha {
    createCaptcha { ok ${ERROR} captcha { id imageDataUrl expiresAt } }
  }
`;

export const SendSmsCodeMutation = gql<{ sendSmsCode: SendSmsCodePayload }, { input: SendSmsCodeInput }>`
  mutation SendSmsCode($input: SendSmsCodeInput!) {
    sendSmsCode(input: $input) { ok ${ERROR} resendAfterSeconds maskedPhone }
  }
`;

export const RegisterCandidateMutation = gql<{ registerCandidate: AuthPayload }, { input: RegisterCandidateInput }>`
  mutation RegisterCandidate($input: RegisterCandidateInput!) {
    registerCandidate(input: $input) { ok ${ERROR} ${ACCOUNT} ${TOKENS} retryAfterSeconds }
  }
`;

export const LogInCandidateMutation = gql<{ logInCandidate: AuthPayload }, { input: LogInCandidateInput }>`
  mutation LogInCandidate($input: LogInCandidateInput!) {
    logInCandidate(input: $input) { ok ${ERROR} ${ACCOUNT} ${TOKENS} retryAfterSeconds }
  }
`;

export const StartPasswordResetMutation = gql<{ startPasswordReset: StartPasswordResetPayload }, { input: StartPasswordResetInput }>`
  mutation StartPasswordReset($input: StartPasswordResetInput!) {
    startPasswordReset(input: $input) { ok ${ERROR} resetTicket maskedPhone }
  }
`;

export const ResetPasswordMutation = gql<{ resetPassword: Payload }, { input: ResetPasswordInput }>`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) { ok ${ERROR} }
  }
`;

export const LogOutMutation = gql<{ logOut: Payload }, Record<string, never>>`
  mutation LogOut {
    logOut { ok ${ERROR} }
  }
`;

/** Sent with plain `fetch` by the session store, outside urql, so that it never carries a bearer token. */
export const REFRESH_SESSION = `mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { ok ${ERROR} ${TOKENS} }
}`;

export type RefreshSessionData = { refreshSession: Payload & { tokens?: AuthTokens | null } };
