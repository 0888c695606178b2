import type { TestPlatform } from '../support/platform.ts';

/** GraphQL documents and small steps the account tests share, written as a client would. */
export const ACCOUNT_FIELDS = 'id province idType idNumber phone name examSession { id title }';
export const AUTH_RESULT = `ok error { code message field } retryAfterSeconds account { ${ACCOUNT_FIELDS} } tokens { accessToken refreshToken accessTokenExpiresAt }`;

export interface AuthResult {
  ok: boolean;
  error?: { code: string; message: string; field?: string } | null;
  retryAfterSeconds?: number | null;
  account?: { id: string; province: string; idNumber: string; phone: string; name?: string | null; examSession?: { id: string; title: string } | null } | null;
  tokens?: { accessToken: string; refreshToken: string } | null;
}

export interface Outcome {
  ok: boolean;
  error?: { code: string; message: string; field?: string } | null;
  resendAfterSeconds?: number | null;
  maskedPhone?: string | null;
  resetTicket?: string | null;
}

export async function sendCode(p: TestPlatform, input: Record<string, unknown>): Promise<Outcome> {
  const r = await p.graphql<{ sendSmsCode: Outcome }>(
    'mutation($input: SendSmsCodeInput!) { sendSmsCode(input: $input) { ok error { code message field } resendAfterSeconds maskedPhone } }',
    { input },
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.sendSmsCode;
}

export async function register(p: TestPlatform, input: Record<string, unknown>): Promise<AuthResult> {
  const r = await p.graphql<{ registerCandidate: AuthResult }>(`mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { ${AUTH_RESULT} } }`, { input });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.registerCandidate;
}

export async function logIn(p: TestPlatform, input: Record<string, unknown>, headers?: Record<string, string>): Promise<AuthResult> {
  const r = await p.graphql<{ logInCandidate: AuthResult }>(`mutation($input: LogInCandidateInput!) { logInCandidate(input: $input) { ${AUTH_RESULT} } }`, { input }, headers);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.logInCandidate;
}

export async function startReset(p: TestPlatform, input: Record<string, unknown>): Promise<Outcome> {
  const r = await p.graphql<{ startPasswordReset: Outcome }>(
    'mutation($input: StartPasswordResetInput!) { startPasswordReset(input: $input) { ok error { code message field } resetTicket maskedPhone } }',
    { input },
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.startPasswordReset;
}

export async function resetPassword(p: TestPlatform, input: Record<string, unknown>): Promise<Outcome> {
  const r = await p.graphql<{ resetPassword: Outcome }>('mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ok error { code message field } } }', { input });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.resetPassword;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Registers an Inner Mongolia candidate through the real flow (SMS from the outbox) and returns the result. */
export async function registerInnerMongolia(p: TestPlatform, idNumber: string, phone: string, password = 'Grassland2026'): Promise<AuthResult> {
  const sent = await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone });
  if (!sent.ok) throw new Error(JSON.stringify(sent.error));
  return register(p, { province: 'CN-NM', idNumber, phone, smsCode: p.smsCode(phone), password, passwordConfirmation: password });
}

/** Registers a Shandong candidate (who must be on the roster) with captcha, SMS and consent. */
export async function registerShandong(p: TestPlatform, idNumber: string, phone: string, password = 'Taishan#2023'): Promise<AuthResult> {
  const sent = await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, ...(await p.solvedCaptcha()) });
  if (!sent.ok) throw new Error(JSON.stringify(sent.error));
  return register(p, {
    province: 'CN-SD',
    idType: 'RESIDENT_ID',
    idNumber,
    phone,
    smsCode: p.smsCode(phone),
    password,
    passwordConfirmation: password,
    acceptedPrivacyPolicy: true,
    ...(await p.solvedCaptcha()),
  });
}

export function rosterCsv(rows: { idNumber: string; name: string; track?: string; college?: string }[]): string {
  return [
    '证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型',
    ...rows.map((r) => `${r.idNumber},${r.name},${r.college ?? '10427'},济南职业学院,620403,医学影像技术,${r.track ?? '普通'}`),
  ].join('\n');
}
