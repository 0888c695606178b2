import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { keyringOf, Refusal, type Logger } from '@zsb/platform';
import { phoneDigest } from '../account/blind-index.ts';
import { SmsChallenge, SmsPurpose } from './sms-challenge.entity.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { SmsProvider } from './sms-provider.ts';

/** A code is valid for ten minutes at most, may be resent after a minute, and allows five wrong guesses. */
export const SMS_CODE_LIFETIME_SECONDS = 600;
export const SMS_RESEND_SECONDS = 60;
export const SMS_MAX_ATTEMPTS = 5;
/** Sending limits; docs/architecture.md ("Defences") states them and a test holds the two together. */
export const SMS_LIMITS = {
  perTargetMinute: { max: 1, windowSeconds: SMS_RESEND_SECONDS },
  // One phone number, whichever province or purpose asks.
  perPhoneDay: { max: 10, windowSeconds: 86_400 },
  // One ID number's sign-in or recovery codes in a province, counted whether or not it has an account.
  perIdDay: { max: 10, windowSeconds: 86_400 },
  // Generous: on registration day a school lab or a carrier's NAT puts hundreds of candidates behind one address.
  perAddressHour: { max: 300, windowSeconds: 3_600 },
};

const PURPOSE_TEXT: Record<SmsPurpose, string> = {
  [SmsPurpose.REGISTER]: '注册账号',
  [SmsPurpose.LOGIN]: '登录',
  [SmsPurpose.RESET_PASSWORD]: '找回密码',
};

const hashCode = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest('hex');

export interface SmsRequest {
  province: string;
  purpose: SmsPurpose;
  /** Whom the code is for, as `check` will be asked: `phone:<number>` or `id:<type>:<number>`. */
  target: string;
  /** Where to send; `undefined` when no account matches: a decoy is stored, nothing is sent, the answer is the same. */
  phone: string | undefined;
  /** The phone the candidate typed, when the target is that phone (registration, phone-and-SMS recovery). */
  typedPhone?: string;
  clientIp: string;
  signature?: string;
  /**
   * Deliver after answering, so the answer takes the same time whether or not a phone was found (sign-in and
   * recovery). Registration waits for the provider and reports its failure.
   */
  deliverInBackground?: boolean;
}

export class SmsService {
  constructor(
    private readonly em: EntityManager,
    private readonly limiter: RateLimiter,
    private readonly provider: SmsProvider,
    private readonly log: Logger,
  ) {}

  /**
   * Refuses early when a code for this target was sent less than a minute ago, before anything else is spent
   * (such as the captcha the candidate solved to ask for it).
   */
  async ensureMaySend(request: Pick<SmsRequest, 'province' | 'purpose' | 'target'>): Promise<void> {
    const minute = await this.limiter.peek(`sms-minute:${request.province}:${request.purpose}:${request.target}`, SMS_LIMITS.perTargetMinute);
    if (!minute.allowed) {
      throw new Refusal('SMS_TOO_FREQUENT', `验证码已发送，请${minute.retryAfterSeconds}秒后再重新获取`, undefined, { resendAfterSeconds: minute.retryAfterSeconds });
    }
  }

  /** Stores a fresh 6-digit code and sends it; returns the seconds before another may be sent. */
  async send(request: SmsRequest): Promise<{ resendAfterSeconds: number }> {
    const address = await this.limiter.hit(`sms-ip:${request.clientIp}`, SMS_LIMITS.perAddressHour);
    if (!address.allowed) throw new Refusal('TOO_MANY_REQUESTS', '获取验证码过于频繁，请稍后再试', undefined, { resendAfterSeconds: address.retryAfterSeconds });
    const key = `${request.province}:${request.purpose}:${request.target}`;
    const minute = await this.limiter.hit(`sms-minute:${key}`, SMS_LIMITS.perTargetMinute);
    if (!minute.allowed) {
      throw new Refusal('SMS_TOO_FREQUENT', `验证码已发送，请${minute.retryAfterSeconds}秒后再重新获取`, undefined, { resendAfterSeconds: minute.retryAfterSeconds });
    }
    // A typed phone is counted whether or not a code goes out, so the answer never tells whether it has an account.
    const day = request.typedPhone
      ? await this.limiter.hit(`sms-day-phone:${request.typedPhone}`, SMS_LIMITS.perPhoneDay)
      : await this.limiter.hit(`sms-day:${request.province}:${request.target}`, SMS_LIMITS.perIdDay);
    if (!day.allowed) throw new Refusal('SMS_DAILY_LIMIT', '今日获取验证码次数已达上限，请明天再试', undefined, { resendAfterSeconds: day.retryAfterSeconds });
    let phone = request.phone;
    if (phone && !request.typedPhone && !(await this.limiter.hit(`sms-day-phone:${phone}`, SMS_LIMITS.perPhoneDay)).allowed) {
      // The account's phone had its codes for today: store a decoy and answer as usual, which tells a stranger nothing.
      this.log.warn('sms daily limit of the bound phone reached; code not sent', { purpose: request.purpose, province: request.province });
      phone = undefined;
    }

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const em = this.em.fork();
    const challenge = em.create(SmsChallenge, {
      province: request.province,
      targetDigest: targetDigest(em, request.target),
      phoneDigest: phone ? phoneDigest(em, phone) : undefined,
      purpose: request.purpose,
      codeHash: '',
      attempts: 0,
      expiresAt: new Date(Date.now() + SMS_CODE_LIFETIME_SECONDS * 1000),
      createdAt: new Date(),
    });
    challenge.codeHash = hashCode(challenge.id, code);
    await em.persistAndFlush(challenge);
    if (!phone) return { resendAfterSeconds: SMS_RESEND_SECONDS };

    const text = `${request.signature ?? ''}您的${PURPOSE_TEXT[request.purpose]}验证码为${code}，${SMS_CODE_LIFETIME_SECONDS / 60}分钟内有效。如非本人操作，请忽略本短信。`;
    const delivery = this.provider.send({ phone, text, province: request.province, purpose: request.purpose });
    if (request.deliverInBackground) {
      delivery.catch((error) => this.log.error('sms provider failed', { error, provider: this.provider.name, purpose: request.purpose }));
      return { resendAfterSeconds: SMS_RESEND_SECONDS };
    }
    try {
      await delivery;
    } catch (error) {
      await em.nativeDelete(SmsChallenge, { id: challenge.id });
      await this.limiter.clear(`sms-minute:${key}`);
      this.log.error('sms provider failed', { error, provider: this.provider.name });
      throw new Refusal('SMS_SEND_FAILED', '短信发送失败，请稍后重试');
    }
    return { resendAfterSeconds: SMS_RESEND_SECONDS };
  }

  /**
   * Checks a code against the newest live challenge for this target and purpose, without spending it: the caller
   * spends it with `spend` in the transaction that acts on it. The guess is counted first, in one statement, so
   * concurrent guesses cannot share an attempt.
   */
  async check(province: string, target: string, purpose: SmsPurpose, code: string | undefined): Promise<SmsChallenge> {
    const given = code?.trim() ?? '';
    if (!given) throw new Refusal('SMS_CODE_REQUIRED', '请输入短信验证码', 'smsCode');
    if (!/^\d{6}$/.test(given)) throw new Refusal('SMS_CODE_INVALID', '短信验证码为6位数字', 'smsCode');
    const em = this.em.fork();
    const challenge = await em.findOne(SmsChallenge, { province, targetDigest: targetDigest(em, target), purpose, usedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { createdAt: 'desc' } });
    if (!challenge) throw new Refusal('SMS_CODE_EXPIRED', '短信验证码已失效，请重新获取', 'smsCode');
    const counted = (await em
      .getConnection()
      .execute('update sms_challenge set attempts = attempts + 1 where id = ? and attempts < ?', [challenge.id, SMS_MAX_ATTEMPTS], 'run')) as { affectedRows?: number; changes?: number };
    if ((counted.affectedRows ?? counted.changes ?? 0) !== 1) throw new Refusal('SMS_CODE_EXPIRED', '验证码错误次数过多，请重新获取', 'smsCode');
    if (!timingSafeEqual(Buffer.from(challenge.codeHash, 'hex'), Buffer.from(hashCode(challenge.id, given), 'hex'))) {
      const left = SMS_MAX_ATTEMPTS - challenge.attempts - 1;
      throw new Refusal('SMS_CODE_INVALID', left > 0 ? `短信验证码不正确，还可尝试${left}次` : '短信验证码不正确，请重新获取', 'smsCode');
    }
    return challenge;
  }

  /** Whether a challenge's code went to `phone` (a decoy went nowhere). */
  wasSentTo(challenge: SmsChallenge, phone: string): boolean {
    return !!challenge.phoneDigest && challenge.phoneDigest === phoneDigest(this.em, phone);
  }

  /** Spends a checked challenge inside the caller's transaction; refuses if a concurrent request spent it first. */
  async spend(em: EntityManager, challenge: SmsChallenge): Promise<void> {
    const spent = await em.nativeUpdate(SmsChallenge, { id: challenge.id, usedAt: null }, { usedAt: new Date() });
    if (spent !== 1) throw new Refusal('SMS_CODE_EXPIRED', '短信验证码已使用，请重新获取', 'smsCode');
  }

  async sweep(): Promise<number> {
    return this.em.fork().nativeDelete(SmsChallenge, { expiresAt: { $lt: new Date(Date.now() - 86_400_000) } });
  }
}

/** Challenges are found by the keyed hash of their target, which may hold an ID number. */
export const targetDigest = (em: Pick<EntityManager, 'config'>, target: string) => keyringOf(em).digest('sms-target', target);

/** The target of a code sent to a phone the candidate typed. */
export const phoneTarget = (phone: string) => `phone:${phone}`;
/** The target of a code sent to the phone bound to an ID document's account. */
export const idTarget = (idType: string, idNumber: string) => `id:${idType}:${idNumber}`;
