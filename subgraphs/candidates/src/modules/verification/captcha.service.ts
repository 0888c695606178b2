import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import sharp from 'sharp';
import svgCaptcha from 'svg-captcha';
import { Refusal } from '@zsb/platform';
import { Captcha } from './captcha.entity.ts';
import type { RateLimiter } from './rate-limiter.ts';

export const CAPTCHA_LIFETIME_SECONDS = 300;
/** Captchas one address may ask for in a minute: enough for a school lab behind one address, not for a flood. */
const CAPTCHAS_PER_MINUTE = 240;

const hashAnswer = (id: string, answer: string) => createHash('sha256').update(`${id}:${answer.trim().toLowerCase()}`).digest('hex');

export interface IssuedCaptcha {
  id: string;
  /** `data:image/png;base64,...` */
  imageDataUrl: string;
  expiresAt: Date;
}

/** Generated image captchas (4 characters, noise lines, rendered to PNG so the text is not in the markup). */
export class CaptchaService {
  constructor(
    private readonly em: EntityManager,
    private readonly limiter: RateLimiter,
    /** Sees each issued answer in development and tests (the dev answers file, a test harness); never set in production. */
    private readonly observer?: (id: string, answer: string) => void,
  ) {}

  async issue(clientIp: string): Promise<IssuedCaptcha> {
    const limit = await this.limiter.hit(`captcha-ip:${clientIp}`, { max: CAPTCHAS_PER_MINUTE, windowSeconds: 60 });
    if (!limit.allowed) throw new Refusal('TOO_MANY_REQUESTS', `操作过于频繁，请${limit.retryAfterSeconds}秒后再试`, undefined, { retryAfterSeconds: limit.retryAfterSeconds });
    const { text, data } = svgCaptcha.create({ size: 4, noise: 3, color: true, ignoreChars: '0oO1ilI', width: 120, height: 44, background: '#f4f6f8' });
    const png = await sharp(Buffer.from(data)).png().toBuffer();
    const captcha = this.em.create(Captcha, { answerHash: '', expiresAt: new Date(Date.now() + CAPTCHA_LIFETIME_SECONDS * 1000), createdAt: new Date() });
    captcha.answerHash = hashAnswer(captcha.id, text);
    await this.em.persistAndFlush(captcha);
    this.observer?.(captcha.id, text);
    return { id: captcha.id, imageDataUrl: `data:image/png;base64,${png.toString('base64')}`, expiresAt: captcha.expiresAt };
  }

  /**
   * Checks an answer and spends the captcha whatever the outcome, so each image allows one guess. Refuses with
   * `CAPTCHA_REQUIRED`, `CAPTCHA_EXPIRED` or `CAPTCHA_INVALID`.
   */
  async verify(id: string | undefined, answer: string | undefined): Promise<void> {
    if (!id || !answer?.trim()) throw new Refusal('CAPTCHA_REQUIRED', '请输入图片验证码', 'captchaAnswer');
    const em = this.em.fork();
    const captcha = /^[0-9a-f-]{36}$/.test(id) ? await em.findOne(Captcha, { id }) : null;
    // Spend it atomically: of two concurrent guesses only one reads it unused.
    const spent = captcha ? await em.nativeUpdate(Captcha, { id, usedAt: null }, { usedAt: new Date() }) : 0;
    if (!captcha || spent !== 1 || captcha.expiresAt < new Date()) {
      throw new Refusal('CAPTCHA_EXPIRED', '图片验证码已失效，请刷新后重新输入', 'captchaAnswer');
    }
    const expected = Buffer.from(captcha.answerHash, 'hex');
    const given = Buffer.from(hashAnswer(id, answer), 'hex');
    if (!timingSafeEqual(expected, given)) throw new Refusal('CAPTCHA_INVALID', '图片验证码不正确，请重新输入', 'captchaAnswer');
  }

  async sweep(): Promise<number> {
    return this.em.fork().nativeDelete(Captcha, { expiresAt: { $lt: new Date(Date.now() - 3600_000) } });
  }
}
