import { createHmac, type KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Refusal, signPurposeToken, verifyPurposeToken, type Caller } from '@zsb/platform';
import type { AccountPolicy, IdTypeRule, RuleCatalog, RuleSet } from '@zsb/rules';
import type { CaptchaService } from '../verification/captcha.service.ts';
import type { LimitState, RateLimiter } from '../verification/rate-limiter.ts';
import { SmsPurpose } from '../verification/sms-challenge.entity.ts';
import { idTarget, phoneTarget, type SmsService } from '../verification/sms.service.ts';
import type { IssuedTokens, SessionService } from '../session/session.service.ts';
import { RosterEntry } from '../roster/roster-entry.entity.ts';
import { CandidateAccount } from './account.entity.ts';
import { idDocumentLookup } from './blind-index.ts';
import { idNumberProblem, maskPhone, normaliseIdNumber, phoneProblem } from './id-number.ts';
import { passwordProblem } from './password-policy.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { PasswordCheckGuard } from './password-check-guard.ts';

/**
 * Failed sign-ins (candidates and staff alike), each counted before its password is checked so parallel guesses
 * cannot slip past; a success clears its ID's counts and gives its address's back. docs/architecture.md ("Defences")
 * states these numbers and a test holds the two together.
 * - One ID from one address: 5 in 15 minutes lock that ID for that address, for the rest of the window; a stranger
 *   elsewhere is not locked out by them.
 * - One ID from all addresses: 20 lock it for everyone, for the rest of the window, never longer; a password reset
 *   lifts it. An address already locked out of the ID adds nothing more, so this takes at least four addresses.
 * - One address, whatever the IDs: 100. A school lab or a campus NAT signing in together (200 candidates, one in five
 *   mistyping) stays under it; a guesser there gets 100 guesses in 15 minutes, at most 5 on any one ID.
 */
export const LOGIN_FAILURES_PER_ID_AND_ADDRESS = { max: 5, windowSeconds: 900 };
export const LOGIN_FAILURES_PER_ID = { max: 20, windowSeconds: 900 };
export const LOGIN_FAILURES_PER_ADDRESS = { max: 100, windowSeconds: 900 };
const RESET_TICKET_SECONDS = 900;

export interface SendCodeRequest {
  province: string;
  purpose: SmsPurpose;
  phone?: string;
  idType?: string;
  idNumber?: string;
  resetTicket?: string;
  captchaId?: string;
  captchaAnswer?: string;
}

export interface RegisterRequest {
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

export interface LogInRequest {
  province: string;
  idType?: string;
  idNumber: string;
  password: string;
  smsCode?: string;
  captchaId?: string;
  captchaAnswer?: string;
}

export interface StartResetRequest {
  province: string;
  idType?: string;
  idNumber: string;
  captchaId?: string;
  captchaAnswer?: string;
}

export interface ResetRequest {
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

export interface SignedIn {
  account: CandidateAccount;
  tokens: IssuedTokens;
}

export interface AccountServiceDeps {
  em: EntityManager;
  caller: Caller;
  rules: RuleCatalog;
  captchas: CaptchaService;
  sms: SmsService;
  sessions: SessionService;
  limiter: RateLimiter;
  passwords: PasswordHasher;
  /** The request's one password check, shared with staff sign-in. */
  passwordCheck: PasswordCheckGuard;
  tokenKey: { privateKey: KeyObject; publicKey: KeyObject };
}

/** Candidate accounts: registration, sign-in and password recovery, each as the province's rules shape it. */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  /** The rule set in force for a province; refuses an unknown province. */
  ruleSet(province: string): RuleSet {
    const set = this.deps.rules.current(province);
    if (!set) throw new Refusal('PROVINCE_UNKNOWN', '该省份暂未开放报名', 'province');
    return set;
  }

  private idRule(policy: AccountPolicy, idType: string | undefined): IdTypeRule {
    const rule = idType ? policy.idTypes.find((t) => t.code === idType) : policy.idTypes[0];
    if (!rule) throw new Refusal('ID_TYPE_NOT_ACCEPTED', '不支持该证件类型', 'idType');
    return rule;
  }

  /** Validates an ID document as typed and returns it normalised. */
  private idDocument(policy: AccountPolicy, idType: string | undefined, idNumber: string | undefined): { idType: string; idNumber: string } {
    const rule = this.idRule(policy, idType);
    const number = normaliseIdNumber(idNumber ?? '');
    if (!number) throw new Refusal('ID_NUMBER_REQUIRED', '请输入证件号码', 'idNumber');
    const problem = idNumberProblem(rule, number);
    if (problem) throw new Refusal('ID_NUMBER_INVALID', problem, 'idNumber');
    return { idType: rule.code, idNumber: number };
  }

  private phone(value: string | undefined, field = 'phone'): string {
    const phone = (value ?? '').replace(/\s+/g, '');
    if (!phone) throw new Refusal('PHONE_REQUIRED', '请输入手机号码', field);
    const problem = phoneProblem(phone);
    if (problem) throw new Refusal('PHONE_INVALID', problem, field);
    return phone;
  }

  private newPassword(policy: AccountPolicy, password: string, confirmation: string, idNumber: string, field = 'password'): void {
    if (!password) throw new Refusal('PASSWORD_REQUIRED', '请设置登录密码', field);
    const problem = passwordProblem(policy.password, password, idNumber);
    if (problem) throw new Refusal('PASSWORD_TOO_WEAK', problem, field);
    if (password !== confirmation) throw new Refusal('PASSWORD_MISMATCH', '两次输入的密码不一致', `${field}Confirmation`);
  }

  private findAccount(em: EntityManager, province: string, idType: string, idNumber: string): Promise<CandidateAccount | null> {
    return em.findOne(CandidateAccount, { province, ...idDocumentLookup(em, { idType, idNumber }) }, { populate: ['passwordHash'] });
  }

  /** Sends an SMS code for one purpose. For sign-in and recovery the answer never tells whether an account exists. */
  async sendCode(request: SendCodeRequest): Promise<{ resendAfterSeconds: number; maskedPhone?: string }> {
    const set = this.ruleSet(request.province);
    const policy = set.accounts;
    const { em, caller } = this.deps;
    let target: string;
    let phone: string | undefined;
    let typedPhone: string | undefined;
    let maskedPhone: string | undefined;
    switch (request.purpose) {
      case SmsPurpose.REGISTER: {
        phone = typedPhone = this.phone(request.phone);
        target = phoneTarget(phone);
        break;
      }
      case SmsPurpose.LOGIN: {
        if (!policy.login.factors.includes('sms')) throw new Refusal('SMS_PURPOSE_INVALID', '本省登录无需短信验证码', 'purpose');
        const id = this.idDocument(policy, request.idType, request.idNumber);
        target = idTarget(id.idType, id.idNumber);
        phone = (await this.findAccount(em, request.province, id.idType, id.idNumber))?.phone;
        break;
      }
      case SmsPurpose.RESET_PASSWORD: {
        if (policy.passwordReset.shape === 'MASKED_PHONE') {
          const id = await this.openResetTicket(request.province, request.resetTicket);
          target = idTarget(id.idType, id.idNumber);
          phone = (await this.findAccount(em, request.province, id.idType, id.idNumber))?.phone;
        } else {
          const id = this.idDocument(policy, request.idType, request.idNumber);
          const given = (typedPhone = this.phone(request.phone));
          target = phoneTarget(given);
          const account = await this.findAccount(em, request.province, id.idType, id.idNumber);
          phone = account?.phone === given ? given : undefined;
          maskedPhone = maskPhone(given);
        }
        break;
      }
      default:
        throw new Refusal('SMS_PURPOSE_INVALID', '验证码用途不正确', 'purpose');
    }
    if (policy.sms.captchaBeforeSending) {
      await this.deps.sms.ensureMaySend({ province: request.province, purpose: request.purpose, target });
      await this.deps.captchas.verify(request.captchaId, request.captchaAnswer);
    }
    const sent = await this.deps.sms.send({
      province: request.province,
      purpose: request.purpose,
      target,
      phone,
      typedPhone,
      clientIp: caller.clientIp,
      signature: policy.sms.signature,
      // Whether an account matched must not show in how long the answer takes.
      deliverInBackground: request.purpose !== SmsPurpose.REGISTER,
    });
    return { ...sent, maskedPhone };
  }

  async register(request: RegisterRequest): Promise<SignedIn> {
    this.deps.passwordCheck.claim();
    const set = this.ruleSet(request.province);
    const policy = set.accounts;
    const { em } = this.deps;
    const id = this.idDocument(policy, request.idType, request.idNumber);
    const phone = this.phone(request.phone);
    this.newPassword(policy, request.password ?? '', request.passwordConfirmation ?? '', id.idNumber);
    if (policy.registration.privacyConsent.required && !request.acceptedPrivacyPolicy) {
      throw new Refusal('CONSENT_REQUIRED', `请阅读并勾选“${policy.registration.privacyConsent.label ?? '我已阅读并同意用户隐私政策'}”`, 'acceptedPrivacyPolicy');
    }
    if (policy.registration.captcha) await this.deps.captchas.verify(request.captchaId, request.captchaAnswer);
    let rosterEntry: RosterEntry | null = null;
    if (policy.registration.requiresRoster) {
      rosterEntry = await em.findOne(RosterEntry, { province: request.province, examYear: set.manifest.examYear, ...idDocumentLookup(em, id) });
      if (!rosterEntry) throw new Refusal('NOT_ON_ROSTER', policy.registration.rosterMissingMessage!, 'idNumber');
    }
    const challenge = await this.deps.sms.check(request.province, phoneTarget(phone), SmsPurpose.REGISTER, request.smsCode);
    if (await em.count(CandidateAccount, { province: request.province, ...idDocumentLookup(em, id) })) {
      // The code is spent by the refusal too, so one code cannot test many ID numbers.
      await this.deps.sms.spend(em, challenge);
      throw new Refusal('ACCOUNT_EXISTS', '该证件号码已注册，请直接登录；如忘记密码，请使用“忘记密码”找回', 'idNumber');
    }
    const passwordHash = await this.deps.passwords.hash(request.password);
    try {
      return await em.transactional(async (tx) => {
        await this.deps.sms.spend(tx, challenge);
        const account = tx.create(CandidateAccount, {
          province: request.province,
          ...id,
          phone,
          passwordHash,
          name: rosterEntry?.name,
          rosterEntryId: rosterEntry?.id,
          ruleSetHash: set.contentHash,
          createdAt: new Date(),
          lastLoginAt: new Date(),
          passwordChangedAt: new Date(),
        });
        tx.persist(account);
        const tokens = await this.deps.sessions.open(tx, { kind: 'candidate', accountId: account.id, province: account.province }, this.deps.caller.clientIp);
        return { account, tokens };
      });
    } catch (error) {
      // A concurrent registration of the same ID won the unique index.
      if ((error as { name?: string }).name === 'UniqueConstraintViolationException') {
        throw new Refusal('ACCOUNT_EXISTS', '该证件号码已注册，请直接登录；如忘记密码，请使用“忘记密码”找回', 'idNumber');
      }
      throw error;
    }
  }

  async logIn(request: LogInRequest): Promise<SignedIn> {
    this.deps.passwordCheck.claim();
    const set = this.ruleSet(request.province);
    const policy = set.accounts;
    const { em, limiter, caller } = this.deps;
    const id = this.idDocument(policy, request.idType, request.idNumber);
    if (!request.password) throw new Refusal('PASSWORD_REQUIRED', '请输入密码', 'password');
    const factors = policy.login.factors;
    if (factors.includes('sms') && !request.smsCode?.trim()) throw new Refusal('SMS_CODE_REQUIRED', '请输入短信验证码', 'smsCode');
    if (factors.includes('captcha')) await this.deps.captchas.verify(request.captchaId, request.captchaAnswer);

    const buckets = loginBuckets(`${request.province}:${id.idType}:${id.idNumber}`, caller.clientIp);
    await countLoginAttempt(limiter, buckets, '证件号码或密码错误次数过多');

    const account = await this.findAccount(em, request.province, id.idType, id.idNumber);
    const passwordOk = account ? await this.deps.passwords.verify(account.passwordHash, request.password) : await this.deps.passwords.verifyNothing(request.password);
    if (!account || !passwordOk) throw new Refusal('INVALID_CREDENTIALS', '证件号码或密码错误', 'password');
    const challenge = factors.includes('sms') ? await this.deps.sms.check(request.province, idTarget(id.idType, id.idNumber), SmsPurpose.LOGIN, request.smsCode) : undefined;
    await countLoginSuccess(limiter, buckets);
    const rehash = this.deps.passwords.needsRehash(account.passwordHash) ? await this.deps.passwords.hash(request.password) : undefined;
    return em.transactional(async (tx) => {
      if (challenge) await this.deps.sms.spend(tx, challenge);
      const current = tx.merge(account);
      current.lastLoginAt = new Date();
      if (rehash) current.passwordHash = rehash;
      const tokens = await this.deps.sessions.open(tx, { kind: 'candidate', accountId: account.id, province: account.province }, caller.clientIp);
      return { account: current, tokens };
    });
  }

  /**
   * First step of a masked-phone recovery: ID and captcha in, a ticket and the masked phone out. An ID number with
   * no account gets a ticket and a made-up masked phone that is stable for that number, so the answer looks alike.
   */
  async startPasswordReset(request: StartResetRequest): Promise<{ resetTicket: string; maskedPhone: string }> {
    const set = this.ruleSet(request.province);
    const policy = set.accounts;
    if (policy.passwordReset.shape !== 'MASKED_PHONE') {
      throw new Refusal('RESET_FLOW_MISMATCH', '本省找回密码请直接填写证件号码、手机号和短信验证码', 'province');
    }
    const id = this.idDocument(policy, request.idType, request.idNumber);
    if (policy.passwordReset.captcha) await this.deps.captchas.verify(request.captchaId, request.captchaAnswer);
    const account = await this.findAccount(this.deps.em, request.province, id.idType, id.idNumber);
    const maskedPhone = account ? maskPhone(account.phone) : this.decoyMaskedPhone(`${request.province}:${id.idType}:${id.idNumber}`);
    const resetTicket = await signPurposeToken('reset', { province: request.province, ...id }, this.deps.tokenKey.privateKey, RESET_TICKET_SECONDS);
    return { resetTicket, maskedPhone };
  }

  private decoyMaskedPhone(seed: string): string {
    const digest = createHmac('sha256', this.deps.tokenKey.privateKey.export({ format: 'der', type: 'pkcs8' })).update(seed).digest();
    return `${MOBILE_PREFIXES[digest.readUInt16BE(0) % MOBILE_PREFIXES.length]}****${String(digest.readUInt16BE(2) % 10_000).padStart(4, '0')}`;
  }

  private async openResetTicket(province: string, ticket: string | undefined): Promise<{ idType: string; idNumber: string }> {
    const claims = ticket ? await verifyPurposeToken('reset', ticket, this.deps.tokenKey.publicKey) : undefined;
    if (!claims || claims.province !== province || typeof claims.idType !== 'string' || typeof claims.idNumber !== 'string') {
      throw new Refusal('RESET_TICKET_INVALID', '找回密码页面已过期，请重新开始', 'resetTicket');
    }
    return { idType: claims.idType, idNumber: claims.idNumber };
  }

  /** Sets a new password after proving control of the bound phone; ends every session of the account. */
  async resetPassword(request: ResetRequest): Promise<void> {
    this.deps.passwordCheck.claim();
    const set = this.ruleSet(request.province);
    const policy = set.accounts;
    const { em } = this.deps;
    const id =
      policy.passwordReset.shape === 'MASKED_PHONE'
        ? await this.openResetTicket(request.province, request.resetTicket)
        : this.idDocument(policy, request.idType, request.idNumber);
    const givenPhone = policy.passwordReset.shape === 'PHONE_AND_SMS' ? this.phone(request.phone) : undefined;
    this.newPassword(policy, request.newPassword ?? '', request.newPasswordConfirmation ?? '', id.idNumber, 'newPassword');
    // In the masked-phone flow the captcha was asked at the first step; the one-page flow asks it here.
    if (givenPhone && policy.passwordReset.captcha) await this.deps.captchas.verify(request.captchaId, request.captchaAnswer);
    // The code is checked against the challenge of the target the candidate asked a code for — a decoy when no
    // account matched — so the answers are the same whether or not the ID is registered with that phone.
    const target = givenPhone ? phoneTarget(givenPhone) : idTarget(id.idType, id.idNumber);
    const challenge = await this.deps.sms.check(request.province, target, SmsPurpose.RESET_PASSWORD, request.smsCode);
    const account = await this.findAccount(em, request.province, id.idType, id.idNumber);
    if (!account || !this.deps.sms.wasSentTo(challenge, account.phone)) throw new Refusal('SMS_CODE_INVALID', '短信验证码不正确，请重新获取', 'smsCode');
    const passwordHash = await this.deps.passwords.hash(request.newPassword);
    await em.transactional(async (tx) => {
      await this.deps.sms.spend(tx, challenge);
      const current = tx.merge(account);
      current.passwordHash = passwordHash;
      current.passwordChangedAt = new Date();
      await this.deps.sessions.revokeAll(tx, 'candidate', account.id, 'password-reset');
    });
    await this.deps.limiter.clear(loginBuckets(`${request.province}:${id.idType}:${id.idNumber}`, '').id);
  }

  byIds(ids: readonly string[]): Promise<CandidateAccount[]> {
    return this.deps.em.find(CandidateAccount, { id: { $in: [...ids] } });
  }
}

/** Mainland mobile prefixes in use, for made-up masked phones that look like real ones. */
const MOBILE_PREFIXES = [
  ...Array.from({ length: 10 }, (_, i) => `13${i}`),
  '145', '147', '149',
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'],
  '162', '165', '166', '167',
  ...['170', '171', '172', '173', '175', '176', '177', '178'],
  ...Array.from({ length: 10 }, (_, i) => `18${i}`),
  ...['190', '191', '192', '193', '195', '196', '197', '198', '199'],
];

export interface LoginBuckets {
  pair: string;
  id: string;
  address: string;
}

/** The rate buckets of one sign-in: this account from this address, this account from anywhere, this address. */
export function loginBuckets(subject: string, clientIp: string): LoginBuckets {
  return { pair: `login:${subject}:${clientIp}`, id: `login:${subject}`, address: `login-ip:${clientIp}` };
}

/** Counts a sign-in attempt as a failure before the password is checked; refuses when a limit is passed. */
export async function countLoginAttempt(limiter: RateLimiter, buckets: LoginBuckets, lockedReason: string): Promise<void> {
  const locked = (state: LimitState) => {
    const minutes = Math.max(1, Math.ceil(state.retryAfterSeconds / 60));
    return new Refusal('LOGIN_LOCKED', `${lockedReason}，请${minutes}分钟后再试，或通过“忘记密码”重置密码`, undefined, { retryAfterSeconds: state.retryAfterSeconds });
  };
  // An address locked out of this ID counts no further against it: one address alone cannot lock the ID for everyone.
  const pair = await limiter.hit(buckets.pair, LOGIN_FAILURES_PER_ID_AND_ADDRESS);
  if (!pair.allowed) throw locked(pair);
  const [id, address] = await Promise.all([limiter.hit(buckets.id, LOGIN_FAILURES_PER_ID), limiter.hit(buckets.address, LOGIN_FAILURES_PER_ADDRESS)]);
  if (!id.allowed) throw locked(id);
  if (!address.allowed) throw new Refusal('TOO_MANY_REQUESTS', '登录尝试过于频繁，请稍后再试', undefined, { retryAfterSeconds: address.retryAfterSeconds });
}

/** After a successful sign-in: its ID's counts start again, and its address gets the attempt back (it counts failures). */
export async function countLoginSuccess(limiter: RateLimiter, buckets: LoginBuckets): Promise<void> {
  await Promise.all([limiter.clear(buckets.pair), limiter.clear(buckets.id), limiter.refund(buckets.address)]);
}
