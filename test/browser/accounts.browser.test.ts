import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openDevice, settled } from '../support/browser.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';

/*
 * End to end: the built web client, served by the real gateway over the three subgraphs, driven in Chromium the way
 * a candidate would: register, sign out, sign in with every factor the province asks for, reset the password, sign in
 * with the new one. Inner Mongolia on a phone, Shandong on a desktop. Screenshots go to test-results/screenshots.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotDir = path.join(root, 'test-results', 'screenshots');

/** Builds the client when it has not been built, or when its sources changed since. */
async function poll<T>(what: string, read: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== null && value !== '') return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let platform: TestPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  platform = await startPlatform('sqlite');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await platform?.stop();
});

/** A browser tab as one candidate uses it, with what the test needs to play the candidate's part. */
class Candidate {
  readonly errors: string[] = [];
  /** Captcha ids by image, learnt from the page's own GraphQL responses. */
  private readonly captchas = new Map<string, string>();
  private readonly usedCaptchas = new Set<string>();

  constructor(
    readonly page: Page,
    readonly province: string,
  ) {
    page.on('pageerror', (error) => this.errors.push(error.message));
    // The gateway's content security policy must let the built client (scripts, styles, captcha images) work.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) this.errors.push(message.text());
    });
    page.on('response', async (response) => {
      if (!response.url().endsWith('/graphql') || !(response.request().postData() ?? '').includes('createCaptcha')) return;
      const body = (await response.json().catch(() => undefined)) as { data?: { createCaptcha?: { captcha?: { id: string; imageDataUrl: string } } } } | undefined;
      const captcha = body?.data?.createCaptcha?.captcha;
      if (captcha) this.captchas.set(captcha.imageDataUrl, captcha.id);
    });
  }

  static async open(province: string, options: { width: number; height: number; mobile: boolean }): Promise<Candidate> {
    return new Candidate(await openDevice(browser, contexts, options), province);
  }

  url(screen: string): string {
    return `${platform.url}/${this.province}/${screen}`;
  }

  async screenshot(screen: string): Promise<void> {
    // Let the focus ring and images settle before the picture.
    await settled(this.page);
    await this.page.screenshot({ path: path.join(screenshotDir, `${this.province}-${screen}.png`), fullPage: true });
  }

  field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }

  async fill(fields: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(fields)) await this.field(label).fill(value);
  }

  /** Reads the captcha on screen, as a person would, and types it (waiting for a fresh image after one was used). */
  async solveCaptcha(): Promise<void> {
    const image = this.page.locator('img[alt="图片验证码"]');
    const id = await poll('a fresh captcha image', async () => {
      const known = this.captchas.get((await image.getAttribute('src', { timeout: 10_000 })) ?? '');
      return known && !this.usedCaptchas.has(known) ? known : undefined;
    });
    this.usedCaptchas.add(id);
    await this.field('图片验证码').fill(platform.captchaAnswer(id)!);
  }

  /** Clicks 获取验证码 and returns the code that arrives in the dev outbox for that phone. */
  async requestSmsCode(phone: string): Promise<string> {
    const before = platform.outbox(phone).length;
    const button = this.page.getByRole('button', { name: '获取验证码' });
    await button.click();
    await expect.poll(() => this.page.getByRole('button', { name: /秒后重新获取/ }).isVisible()).toBe(true);
    await poll('the SMS code', () => (platform.outbox(phone).length > before ? 'sent' : undefined));
    return platform.smsCode(phone)!;
  }

  async submit(name: string): Promise<void> {
    await this.page.getByRole('button', { name, exact: true }).click();
  }

  async expectAt(screen: string): Promise<void> {
    await this.page.waitForURL(this.url(screen), { timeout: 15_000 });
  }

  async logOut(): Promise<void> {
    await this.submit('退出');
    await this.expectAt('login');
    expect(await this.page.evaluate("window.localStorage.getItem('zsb.session')")).toBeNull();
  }

  async expectHome(idNumber: string, phone: string, title: string): Promise<void> {
    await this.expectAt('home');
    await expect.poll(() => this.page.getByTestId('exam-title').textContent()).toBe(title);
    expect(await this.page.getByTestId('id-number').textContent()).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(await this.page.getByTestId('phone').textContent()).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  }

  async fieldError(label: string): Promise<string> {
    const describedBy = (await this.field(label).getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'))!;
    return poll(`an error under ${label}`, async () => (await this.page.locator(`[id="${errorId}"]`).textContent())?.trim());
  }
}

describe('Inner Mongolia 2026 on a phone: ID, phone and password; password reset by phone and SMS code', () => {
  const idNumber = residentId('150102');
  const phone = phoneNumber();
  const password = 'Caoyuan2026';
  const newPassword = 'Caoyuan2027x';
  const title = '2026年内蒙古自治区普通高等教育专升本考试';
  let candidate: Candidate;

  it('a new candidate registers with ID number, phone, SMS code and password and lands on the home page', async () => {
    candidate = await Candidate.open('CN-NM', { width: 390, height: 844, mobile: true });
    const { page } = candidate;
    await page.goto(`${platform.url}/`);
    await page.getByRole('link', { name: /山东省/ }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'provinces.png'), fullPage: true });
    await page.getByRole('link', { name: /内蒙古自治区/ }).click();
    await candidate.expectAt('login');
    await expect.poll(() => page.locator('.masthead__title').textContent()).toBe(title);
    // One ID type, password only: no type list, no captcha, no SMS code.
    expect(await page.getByLabel('证件类型').count()).toBe(0);
    expect(await page.getByLabel('图片验证码', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('短信验证码').count()).toBe(0);
    await expect.poll(() => page.getByText('开发环境：短信验证码见').isVisible()).toBe(true);
    await candidate.screenshot('login');

    await page.getByRole('link', { name: '注册账号' }).click();
    await candidate.expectAt('register');
    expect(await page.getByText('同一个证件号码仅允许注册一次').isVisible()).toBe(true);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await candidate.fill({ 证件号码: idNumber, 登录密码: password, 确认密码: password, 绑定手机号: phone });
    const code = await candidate.requestSmsCode(phone);
    await candidate.fill({ 短信验证码: code });
    await candidate.screenshot('register');
    await candidate.submit('注册');
    await candidate.expectHome(idNumber, phone, title);
    await candidate.screenshot('home');
    // Back from another app, the page reloads: the stored refresh token signs the candidate in again.
    await page.reload();
    await candidate.expectHome(idNumber, phone, title);
    await candidate.logOut();
  });

  it('signs in again with ID number and password', async () => {
    await candidate.fill({ 证件号码: idNumber, 密码: password });
    await candidate.submit('登录');
    await candidate.expectHome(idNumber, phone, title);
    await candidate.logOut();
  });

  it('resets a forgotten password with ID, phone and SMS code on one page, then signs in with the new password only', async () => {
    const { page } = candidate;
    await page.getByRole('link', { name: '忘记密码?' }).click();
    await candidate.expectAt('forgot');
    await candidate.fill({ 证件号码: idNumber, 手机号: phone });
    const code = await candidate.requestSmsCode(phone);
    await candidate.fill({ 短信验证码: code, 新密码: newPassword, 确认新密码: newPassword });
    await candidate.screenshot('forgot');
    await candidate.submit('确认');
    await expect.poll(() => page.getByText('密码已重置').isVisible()).toBe(true);
    await candidate.screenshot('forgot-done');
    await page.getByRole('link', { name: '去登录' }).click();
    await candidate.expectAt('login');

    await candidate.fill({ 证件号码: idNumber, 密码: password });
    await candidate.submit('登录');
    expect(await candidate.fieldError('密码')).toBe('证件号码或密码错误');
    await candidate.fill({ 密码: newPassword });
    await candidate.submit('登录');
    await candidate.expectHome(idNumber, phone, title);
    expect(candidate.errors).toEqual([]);
  });
});

describe('Shandong 2023 on a desktop: roster, captcha and SMS at sign-in; password reset through the masked phone', () => {
  const idNumber = residentId('370102');
  const notOnRoster = residentId('370102');
  const phone = phoneNumber();
  const password = 'Qilu#2023ks';
  const newPassword = 'Qilu#2024ks';
  const title = '山东省2023年普通高等教育专科升本科招生考试';
  let candidate: Candidate;

  it('only a candidate on the roster registers (ID type, passwords, phone, SMS code, captcha, consent)', async () => {
    await platform.importRoster('CN-SD-2023', `证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型\n${idNumber},李明远,10431,山东职业学院,460301,机电一体化技术,普通\n`);
    candidate = await Candidate.open('CN-SD', { width: 1280, height: 800, mobile: false });
    const { page } = candidate;
    await page.goto(candidate.url('login'));
    await expect.poll(() => page.locator('.masthead__title').textContent()).toBe(title);
    await expect.poll(() => page.getByRole('heading', { name: '注意事项' }).isVisible()).toBe(true);
    await poll('the captcha image', () => page.locator('img[alt="图片验证码"]').getAttribute('src'));
    await candidate.screenshot('login');

    await page.getByRole('link', { name: '注册账号' }).click();
    await candidate.expectAt('register');
    expect(await page.getByLabel('证件类型').inputValue()).toBe('RESIDENT_ID');
    await candidate.fill({ 证件号码: notOnRoster, 登录密码: password, 确认密码: password, 绑定手机号: phone });
    // Sending the code needs the captcha first; the image is replaced after each use.
    await candidate.solveCaptcha();
    const code = await candidate.requestSmsCode(phone);
    await candidate.solveCaptcha();
    await candidate.fill({ 短信验证码: code });
    await page.getByText('查看《用户隐私政策》').click();
    expect(await page.getByText('本系统仅为办理专升本报名收集').isVisible()).toBe(true);
    await page.getByRole('checkbox', { name: '我已阅读并同意《用户隐私政策》及《用户服务协议》' }).check();
    await candidate.submit('注册');
    expect(await candidate.fieldError('证件号码')).toBe('该证件类型+证件号不存在于考生名单中，请确认后注册');
    await candidate.screenshot('register-not-on-roster');

    await candidate.fill({ 证件号码: idNumber });
    await candidate.solveCaptcha();
    await candidate.screenshot('register');
    await candidate.submit('注册');
    await candidate.expectHome(idNumber, phone, title);
    expect(await page.getByText('李明远，您好').isVisible()).toBe(true);
    await candidate.screenshot('home');
    await candidate.logOut();
  });

  it('signs in with ID number, password, captcha and an SMS code sent after the captcha', async () => {
    await candidate.fill({ 证件号码: idNumber, 密码: password });
    await candidate.solveCaptcha();
    const code = await candidate.requestSmsCode(phone);
    await candidate.solveCaptcha();
    await candidate.fill({ 短信验证码: code });
    await candidate.submit('登录');
    await candidate.expectHome(idNumber, phone, title);
    await candidate.logOut();
  });

  it('resets the password in two steps: ID and captcha, then the masked phone with captcha and SMS code', async () => {
    const { page } = candidate;
    await page.getByRole('link', { name: '忘记密码?' }).click();
    await candidate.expectAt('forgot');
    await candidate.fill({ 证件号码: idNumber });
    await candidate.solveCaptcha();
    await candidate.screenshot('forgot-1');
    await candidate.submit('下一步');
    const maskedPhone = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    await expect.poll(() => page.getByLabel('手机号').inputValue()).toBe(maskedPhone);
    expect(await page.getByLabel('证件号码').inputValue()).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    await candidate.solveCaptcha();
    const code = await candidate.requestSmsCode(phone);
    expect(await page.getByText(`验证码已发送至 ${maskedPhone}`).isVisible()).toBe(true);
    await candidate.fill({ 短信验证码: code, 新密码: newPassword, 确认新密码: newPassword });
    await candidate.screenshot('forgot-2');
    await candidate.submit('确认');
    await expect.poll(() => page.getByText('密码已重置').isVisible()).toBe(true);
    await candidate.screenshot('forgot-done');
    await page.getByRole('link', { name: '去登录' }).click();
    await candidate.expectAt('login');
  });

  it('signs in with the new password (waiting out the one-minute SMS resend limit the way a candidate would)', async () => {
    const { page } = candidate;
    await candidate.fill({ 证件号码: idNumber, 密码: newPassword });
    await candidate.solveCaptcha();
    const before = platform.outbox(phone).length;
    await page.getByRole('button', { name: '获取验证码' }).click();
    // The previous sign-in code went out less than a minute ago: the server says how long to wait and the button
    // counts that down instead of inviting another refused click.
    const refused = page.getByText(/验证码已发送，请\d+秒后再重新获取/);
    const sentAgain = () => platform.outbox(phone).length > before;
    await poll('an answer to the SMS request', async () => (sentAgain() || (await refused.isVisible()) ? true : undefined));
    if (!sentAgain()) {
      await expect.poll(() => page.getByRole('button', { name: /秒后重新获取/ }).isVisible()).toBe(true);
      await page.getByRole('button', { name: '获取验证码' }).waitFor({ timeout: 75_000 });
      await candidate.solveCaptcha();
      await candidate.requestSmsCode(phone);
    }
    await candidate.solveCaptcha();
    await candidate.fill({ 短信验证码: platform.smsCode(phone)! });
    await candidate.submit('登录');
    await candidate.expectHome(idNumber, phone, title);
    expect(candidate.errors).toEqual([]);
  });
});
