/** TypeScript shapes of the parts of the API schema (`gateway/supergraph.graphql`) this client reads. */

/** An expected failure: a stable code, a Chinese message to show, and the input field it concerns. */
export interface UserError {
  code: string;
  message: string;
  field?: string | null;
}

export type LoginFactor = 'PASSWORD' | 'CAPTCHA' | 'SMS';
export type PasswordResetFlow = 'PHONE_AND_SMS' | 'MASKED_PHONE';
export type SmsPurpose = 'REGISTER' | 'LOGIN' | 'RESET_PASSWORD';

export interface IdTypeOption {
  code: string;
  name: string;
  hint: string;
}

/** What a province's account screens ask for. */
export interface AccountPolicy {
  province: string;
  provinceName: string;
  examYear: number;
  title: string;
  idTypes: IdTypeOption[];
  registration: {
    requiresRoster: boolean;
    captcha: boolean;
    consentRequired: boolean;
    consentLabel?: string | null;
    consentDocuments: { title: string; text: string }[];
    notice?: string | null;
  };
  password: {
    minLength: number;
    maxLength: number;
    requirements: string[];
    description: string;
  };
  loginFactors: LoginFactor[];
  loginNotices: string[];
  passwordResetFlow: PasswordResetFlow;
  passwordResetCaptcha: boolean;
  smsCaptchaBeforeSending: boolean;
}

/** What the platform clock reads for a province; `message` is set when the time is simulated (development). */
export interface PlatformClockReading {
  now: string;
  simulated: boolean;
  message: string | null;
}

export interface Province {
  code: string;
  name: string;
  examYear: number;
  title: string;
}

export interface AuthTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export interface CandidateAccount {
  id: string;
  province: string;
  idType: string;
  idNumber: string;
  phone: string;
  name?: string | null;
  examSession?: { id: string; title: string } | null;
}

export interface Captcha {
  id: string;
  imageDataUrl: string;
  expiresAt: string;
}

/** Every mutation answers `{ ok, error }` plus its own data. */
export interface Payload {
  ok: boolean;
  error?: UserError | null;
}

export interface AuthPayload extends Payload {
  account?: CandidateAccount | null;
  tokens?: AuthTokens | null;
  retryAfterSeconds?: number | null;
}

export interface SendSmsCodePayload extends Payload {
  resendAfterSeconds?: number | null;
  maskedPhone?: string | null;
}

export interface StartPasswordResetPayload extends Payload {
  resetTicket?: string | null;
  maskedPhone?: string | null;
}

export interface SendSmsCodeInput {
  province: string;
  purpose: SmsPurpose;
  phone?: string;
  idType?: string;
  idNumber?: string;
  resetTicket?: string;
  captchaId?: string;
  captchaAnswer?: string;
}

export interface RegisterCandidateInput {
  province: string;
  idType?: string;
  idNumber: string;
  phone: string;
  smsCode: string;
  password: string;
  passwordConfirmation: string;
  captchaId?: string;
  captchaAnswer?: string;
  acceptedPrivacyPolicy?: boolean;
}

export interface LogInCandidateInput {
  province: string;
  idType?: string;
  idNumber: string;
  password: string;
  smsCode?: string;
  captchaId?: string;
  captchaAnswer?: string;
}

export interface StartPasswordResetInput {
  province: string;
  idType?: string;
  idNumber: string;
  captchaId?: string;
  captchaAnswer?: string;
}

export interface ResetPasswordInput {
  province: string;
  idType?: string;
  idNumber?: string;
  phone?: string;
  resetTicket?: string;
  smsCode: string;
  newPassword: string;
  newPasswordConfirmation: string;
  captchaId?: string;
  captchaAnswer?: string;
}
