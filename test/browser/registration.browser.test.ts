import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openDevice, settled } from '../support/browser.ts';
import { AxeBuilder } from '@axe-core/playwright';
import { registerInnerMongolia, registerShandong, rosterCsv } from '../api/flows.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import type { TestPlatform } from '../support/platform.ts';
import { startPaymentPlatform, type PaymentPlatform } from '../api/payment-flows.ts';
import { photoJpeg, photoPng } from '../support/images.ts';
import { buildLabelledSet, PEOPLE } from '../../subgraphs/candidates/src/modules/photo-check/labelled-set.ts';
import { oggOpus } from '../../subgraphs/exams/src/modules/voice-fill/testing/audio.ts';

/*
 * End to end: a candidate's registration (报名) in the built web client, served by the real gateway over the three
 * subgraphs, in Chromium: Inner Mongolia on a 390×844 phone, Shandong on a desktop, as far as the API goes today. Files
 * are chosen on the upload screens (real faces from the photo checks' labelled set: a flagged photo first, then a good
 * one) and sent with tus through the gateway. The payment sandbox stands in for the channels: in Inner Mongolia the
 * candidate pays on its Alipay page (a GET) and a 青岛 candidate in Shandong on its UnionPay page (a posted form, which the
 * content security policy's form-action must allow), both coming back through the gateway's return; a second Shandong
 * registration's photo is still handed over on the exams subgraph's internal routes. Every page is checked with axe-core (no serious or critical violation) and photographed into
 * test-results/registration/.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotDir = path.join(root, 'test-results', 'registration');
const samplesDir = path.join(root, 'test-results', 'registration-files');
let faces: { ok: string; twoFaces: string; dark: string; card: string };

let platform: TestPlatform;
let payments: PaymentPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // This walk's pictures only: an older run's would be mistaken for this one's.
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
  fs.mkdirSync(samplesDir, { recursive: true });
  // Real faces (face-api's demo photos, skimage's astronaut) made into a compliant photo, flagged ones and ID cards.
  const set = await buildLabelledSet(path.join(samplesDir, 'faces'));
  const [person, other] = Object.keys(PEOPLE);
  const head = (name: string) => set.heads.find((h) => h.name === name)!.file;
  faces = { ok: head(`${person}-ok`), twoFaces: head(`${person}-two-faces`), dark: head(`${person}-dark`), card: set.cards.find((c) => c.name === `${person}-card`)!.file };
  expect(other).toBeDefined();
  // With the payment sandbox as the channels: the browser pays on its pages and comes back through the gateway.
  payments = await startPaymentPlatform('sqlite');
  platform = payments.p;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await payments?.stop();
});

/** A browser tab as one person (a candidate, or with `province` 'review' a reviewer) uses it. */
class Candidate {
  readonly errors: string[] = [];
  /** Screenshots are numbered per province across the walk, in the order taken. */
  private static shots = new Map<string, number>();

  constructor(
    readonly page: Page,
    readonly province: string,
  ) {
    page.on('pageerror', (error) => this.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) this.errors.push(message.text());
    });
  }

  static async open(province: string, options: { width: number; height: number; mobile: boolean }): Promise<Candidate> {
    return new Candidate(await openDevice(browser, contexts, options), province);
  }

  url(screen: string): string {
    return `${platform.url}/${this.province}/${screen}`;
  }

  /** A screenshot of the page as it stands, numbered in the order of the walk, after axe found nothing serious on it. */
  async check(screen: string): Promise<void> {
    await settled(this.page);
    const shot = (Candidate.shots.get(this.province) ?? 0) + 1;
    Candidate.shots.set(this.province, shot);
    await this.page.screenshot({ path: path.join(screenshotDir, `${this.province}-${String(shot).padStart(2, '0')}-${screen}.png`), fullPage: true });
    const results = await new AxeBuilder({ page: this.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  async expectAt(screen: string): Promise<void> {
    await this.page.waitForURL(this.url(screen), { timeout: 15_000 });
  }

  async heading(): Promise<string> {
    await this.page.locator('h1').first().waitFor();
    return (await this.page.locator('h1').first().textContent()) ?? '';
  }

  async atStep(code: string, title: string): Promise<void> {
    await this.expectAt(`registration/steps/${code}`);
    await expect.poll(() => this.heading()).toBe(title);
  }

  field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }

  async fieldError(label: string): Promise<string> {
    const describedBy = (await this.field(label).getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'))!;
    await expect.poll(async () => (await this.page.locator(`[id="${errorId}"]`).textContent())?.trim()).not.toBe('');
    return ((await this.page.locator(`[id="${errorId}"]`).textContent()) ?? '').trim();
  }

  async submit(name: string): Promise<void> {
    await this.page.getByRole('button', { name, exact: true }).click();
  }

  async status(code: string): Promise<string> {
    return ((await this.page.locator(`[data-step="${code}"] .tag`).textContent()) ?? '').trim();
  }
}

async function registrationId(token: string): Promise<string> {
  const r = await platform.graphql<{ myRegistration: { id: string } | null }>('{ myRegistration { id } }', {}, { authorization: `Bearer ${token}` });
  return r.data!.myRegistration!.id;
}

/** The upload service's hand-over of accepted files (the upload screens come with that service). */
async function handOver(id: string, step: string, files: Record<string, unknown>): Promise<void> {
  const r = await platform.internal<{ completed?: boolean }>('exams', `/internal/registrations/${id}/files`, { step, files }, 'uploads');
  expect(r.body).toMatchObject({ completed: true });
}
/** Writes a test image where the file chooser can take it. */
async function sample(name: string, image: Buffer | Promise<Buffer>): Promise<string> {
  const file = path.join(samplesDir, name);
  fs.writeFileSync(file, await image);
  return file;
}

/** Chooses a file for a field on the page and waits until its upload settles in one of these statuses. */
async function uploadThrough(page: Page, field: string, file: string, ...statuses: string[]): Promise<void> {
  await page.getByTestId(`upload-${field}-file`).setInputFiles(file);
  const result = page.getByTestId(`upload-result-${field}`);
  await expect.poll(async () => ((await result.count()) ? await result.getAttribute('data-status') : null), { timeout: 60_000 }).toBeOneOf(statuses);
  if (!statuses.includes('FLAGGED')) expect(await result.getAttribute('data-status')).not.toBe('FLAGGED');
}

const file = (format = 'jpg') => ({ fileId: `file-${Math.random().toString(36).slice(2)}`, format, bytes: 300_000, check: 'PASSED' });

describe('Inner Mongolia 2026 on a 390×844 phone', () => {
  const idNumber = residentId('150102');
  const phone = phoneNumber();
  const password = 'Grassland2026';
  let token: string;

  it('from sign-in through the notice, candidate type and personal information to the uploads and payment', async () => {
    platform.clock.set('2026-03-03T10:00:00+08:00', 'CN-NM');
    token = (await registerInnerMongolia(platform, idNumber, phone, password)).tokens!.accessToken;
    const candidate = await Candidate.open('CN-NM', { width: 390, height: 844, mobile: true });
    const { page } = candidate;

    await page.goto(candidate.url('login'));
    await candidate.field('证件号码').fill(idNumber);
    await candidate.field('密码').fill(password);
    await candidate.submit('登录');
    await candidate.expectAt('home');
    await page.getByRole('link', { name: '网上报名' }).click();
    await candidate.expectAt('registration');
    await page.getByRole('button', { name: '开始报名' }).waitFor();
    await candidate.check('start');
    await candidate.submit('开始报名');

    // The task list: the notice first, then 1/7 … 7/7, each with its status.
    await expect.poll(() => page.getByTestId('progress').textContent()).toBe('已完成 0/7');
    expect(await candidate.status('NOTICE')).toBe('待办理');
    expect(await candidate.status('CANDIDATE_TYPE')).toBe('未开始');
    await candidate.check('task-list');
    await page.getByRole('link', { name: /^继续：/ }).click();

    await candidate.atStep('NOTICE', '考生须知');
    await page.getByRole('checkbox').check();
    await candidate.check('notice');
    await candidate.submit('保存并继续');

    await candidate.atStep('CANDIDATE_TYPE', '选择考生类型');
    expect(await page.getByRole('link', { name: '返回报名步骤' }).isVisible()).toBe(true);
    // Nothing chosen: the errors are said beside each question and focus goes to the first.
    await candidate.submit('保存并继续');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.name')).toBe('exemptionClaimed');
    await candidate.check('candidate-type-errors');
    await page.getByRole('radio', { name: '否' }).check();
    await page.getByRole('combobox').selectOption({ label: '应届毕业生' });
    await candidate.check('candidate-type');
    await candidate.submit('保存并继续');

    await candidate.atStep('PERSONAL_INFORMATION', '信息填报');
    // The ID number comes from the account and cannot be typed over; gender and birth date are read from it.
    expect(await candidate.field('证件号码').getAttribute('readonly')).not.toBeNull();
    expect(await candidate.field('证件号码').inputValue()).toBe(idNumber);
    await candidate.field('姓名').fill('张三');
    await candidate.field('邮政编码').fill('0100');
    // A reload (the phone switched apps) keeps what was typed.
    await page.waitForTimeout(400);
    await page.reload();
    await candidate.atStep('PERSONAL_INFORMATION', '信息填报');
    await expect.poll(() => candidate.field('姓名').inputValue()).toBe('张三');
    await candidate.submit('保存并继续');
    expect(await candidate.fieldError('邮政编码')).toMatch(/邮政编码/);
    await candidate.check('personal-information-errors');
    // 语音识别填报: the rules' limit and formats are said; the microphone's recording is timed, stopped and played back.
    expect(await page.getByTestId('voice-fill').textContent()).toContain('单次录音不超过 5:00');
    await page.getByTestId('voice-record').click();
    await expect.poll(() => page.getByTestId('voice-timer').textContent(), { timeout: 5_000 }).toMatch(/录音中 0:0[1-9] \/ 5:00/);
    await page.getByTestId('voice-stop').click();
    await expect.poll(() => page.getByTestId('voice-playback').isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await page.getByTestId('voice-record').textContent()).toBe('重新录音');
    await candidate.check('voice-recorded');
    // The development recogniser hears nothing in the fake microphone's tone: its refusal is said as the server words it.
    await page.getByTestId('voice-upload').click();
    await expect.poll(() => page.getByTestId('voice-error').isVisible(), { timeout: 30_000 }).toBe(true);
    // A recording chosen as a file (the fallback where a browser cannot record) carries its transcript in its comment.
    await page.getByTestId('voice-file').setInputFiles({ name: 'voice.ogg', mimeType: 'audio/ogg', buffer: Buffer.from(oggOpus(8, '我叫张三，蒙古族，共青团员，邮政编码010000。')) });
    await expect.poll(() => page.getByTestId('suggestion-postcode').isVisible(), { timeout: 30_000 }).toBe(true);
    await candidate.check('voice-suggestions');
    // Nothing reaches the form before the candidate uses it.
    expect(await candidate.field('邮政编码').inputValue()).toBe('0100');
    await page.getByTestId('suggestion-postcode').getByRole('button', { name: /^采用/ }).click();
    expect(await candidate.field('邮政编码').inputValue()).toBe('010000');
    await candidate.field('民族').selectOption({ label: '蒙古族' });
    await candidate.field('政治面貌').selectOption({ label: '共青团员' });
    await candidate.field('毕业院校（专科）').fill('内蒙古建筑职业技术学院');
    await candidate.field('专科专业').fill('建筑工程技术');
    await candidate.field('专科毕业年份').fill('2026');
    await candidate.field('通讯地址').fill('内蒙古自治区呼和浩特市新城区新华大街1号');
    await candidate.field('邮政编码').fill('010000');
    await candidate.check('personal-information');
    // The connection drops as the candidate presses the button: said plainly, nothing typed is lost.
    await page.context().setOffline(true);
    await candidate.submit('保存并继续');
    await expect.poll(() => page.getByText('网络连接失败，请检查网络后重试').isVisible()).toBe(true);
    expect(await page.getByText(/网络已断开/).isVisible()).toBe(true);
    expect(await candidate.field('毕业院校（专科）').inputValue()).toBe('内蒙古建筑职业技术学院');
    await candidate.check('personal-information-offline');
    await page.context().setOffline(false);
    await candidate.submit('保存并继续');

    await candidate.atStep('MATERIALS', '材料上传');
    await expect.poll(() => page.getByTestId('upload-pending').isVisible()).toBe(true);
    expect(await page.getByTestId('upload-panel').textContent()).toContain('学生证');
    // The picker takes what the rules allow, and the camera is offered for an image.
    expect(await page.getByTestId('upload-STUDENT_CARD-file').getAttribute('accept')).toBe('.jpg,.jpeg,image/jpeg,.png,image/png');
    expect(await page.getByTestId('upload-STUDENT_CARD-camera').getAttribute('capture')).toBe('environment');
    await candidate.check('materials');
    await uploadThrough(page, 'STUDENT_CARD', await sample('student-card.jpg', photoJpeg()), 'DONE');
    await candidate.check('materials-one-uploaded');
    await uploadThrough(page, 'STUDENT_STATUS_REPORT', await sample('status-report.png', photoPng(800, 1100)), 'DONE');
    // The last file completes the step on the page as it stands, and again after a reload.
    await expect.poll(() => page.getByTestId('upload-pending').count(), { timeout: 15_000 }).toBe(0);
    await candidate.check('materials-both-uploaded');
    await page.reload();
    await candidate.atStep('MATERIALS', '材料上传');
    await expect.poll(() => page.getByTestId('upload-pending').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-testid=upload-result-STUDENT_CARD] img').count()).toBe(1);
    expect(await page.locator('[data-testid=upload-result-STUDENT_CARD] img').getAttribute('src')).toMatch(/^\/files\/.+signature=/);
    await candidate.check('materials-done');

    await page.goto(candidate.url('registration/steps/IDENTITY_CAPTURE'));
    await candidate.atStep('IDENTITY_CAPTURE', '身份信息采集');
    await candidate.check('identity-capture');
    expect(await page.getByTestId('upload-photo-camera').getAttribute('capture')).toBe('user');
    await uploadThrough(page, 'idCardFront', faces.card, 'DONE');
    // Two faces: the photo is flagged and the check is named with what to fix; then a good photo is accepted.
    await uploadThrough(page, 'photo', faces.twoFaces, 'FLAGGED');
    expect(await page.locator('[data-testid=upload-result-photo] .check-list__item').first().getAttribute('data-code')).toBe('FACE_COUNT');
    expect(await page.getByTestId('upload-result-photo').textContent()).toContain('不符合要求');
    await candidate.check('identity-capture-flagged');
    await uploadThrough(page, 'photo', faces.ok, 'DONE');
    await candidate.check('identity-capture-done');

    await page.goto(candidate.url('registration'));
    await expect.poll(() => page.getByTestId('progress').textContent()).toBe('已完成 4/7');
    expect(await candidate.status('PAYMENT')).toBe('待办理');
    await candidate.check('task-list-at-payment');
    await page.getByRole('link', { name: /^继续：/ }).click();
    await candidate.atStep('PAYMENT', '考试缴费');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('¥150.00');
    await candidate.submit('我已阅读并承诺');
    await expect.poll(() => page.getByText('已阅读并承诺', { exact: true }).isVisible()).toBe(true);
    await candidate.check('payment');
    // 确认并缴费: the order opens and the browser goes to Alipay (the sandbox's page), where the candidate pays.
    await page.getByRole('button', { name: '确认并缴费' }).click();
    await page.waitForURL((url) => url.origin === payments.sandbox.url || url.toString().startsWith(payments.sandbox.url));
    await page.screenshot({ path: path.join(screenshotDir, 'CN-NM-sandbox-alipay.png'), fullPage: true });
    await page.getByRole('button', { name: '确认支付' }).click();
    // Back through the gateway's return to the payment step, which says where the order stands.
    await page.waitForURL((url) => url.toString().startsWith(platform.url) && url.pathname.endsWith('/steps/PAYMENT'));
    expect(new URL(page.url()).searchParams.get('paymentOrder')).toBeTruthy();
    await expect.poll(() => page.getByTestId('payment-paid').textContent(), { timeout: 30_000 }).toContain('已缴费');
    await expect.poll(() => page.getByTestId('payment-paid').textContent(), { timeout: 30_000 }).not.toContain('正在更新');
    await candidate.check('payment-paid');
    await page.goto(candidate.url('registration'));
    await expect.poll(() => candidate.status('PAYMENT')).toBe('已完成');
    await expect.poll(() => page.getByTestId('progress').textContent()).toBe('已完成 5/7');
    await candidate.check('task-list-paid');
    await page.goto(candidate.url('registration/steps/PAYMENT'));
    await expect.poll(() => page.getByTestId('payment-panel').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '确认并缴费' }).count()).toBe(0);

    await page.goto(candidate.url('registration/preview'));
    await expect.poll(() => candidate.heading()).toBe('报名信息预览');
    expect(await page.getByText('内蒙古建筑职业技术学院').isVisible()).toBe(true);
    await candidate.check('preview');

    await page.goto(candidate.url('no-such-page'));
    await expect.poll(() => candidate.heading()).toBe('页面不存在');
    await candidate.check('not-found');

    expect(candidate.errors).toEqual([]);
  });

  it("after paying, sees the reviewer's reason when returned, changes a value the rules open, and sees the approval", async () => {
    const candidate = await Candidate.open('CN-NM', { width: 390, height: 844, mobile: true });
    const { page } = candidate;
    const id = await registrationId(token);
    // Paid through the sandbox in the walk before: review has begun.
    expect(id).toBeTruthy();
    const { password: staffPassword } = await platform.createStaff({ username: 'nm.web.reviewer', role: 'PROVINCE_REVIEWER', province: 'CN-NM' });
    platform.clock.set('2026-03-05T09:00:00+08:00', 'CN-NM');

    // The provincial reviewer, on a desktop, in the review console.
    const reviewer = await Candidate.open('review', { width: 1280, height: 800, mobile: false });
    await reviewer.page.goto(reviewer.url('login'));
    await reviewer.field('用户名').fill('nm.web.reviewer');
    await reviewer.field('密码').fill(staffPassword);
    await reviewer.check('login');
    await reviewer.submit('登录');
    await reviewer.page.waitForURL(`${platform.url}/review`);
    await expect.poll(() => reviewer.page.getByTestId('queue-count').textContent()).toBe('共 1 条');
    await reviewer.check('queue');
    await reviewer.page.getByRole('link', { name: '张三' }).click();
    await expect.poll(() => reviewer.heading()).toBe('张三');
    // The files as the reviewer reads them: the latest of each field, the photo's checks, thumbnails that load.
    const files = reviewer.page.getByTestId('review-files');
    await expect.poll(() => files.locator('[data-field]').count()).toBe(4);
    expect(await files.locator('[data-field=photo]').getAttribute('data-status')).toBe('DONE');
    await expect.poll(() => files.locator('img').evaluateAll((images) => images.every((i) => (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0))).toBe(true);
    await reviewer.check('detail-files');
    await reviewer.page.getByRole('radio', { name: '退回修改' }).check();
    await reviewer.submit('提交审核结果');
    expect(await reviewer.fieldError('原因')).toBe('请填写原因，考生将看到并收到短信');
    await reviewer.field('原因').fill('通讯地址不详细，请补充门牌号');
    await reviewer.check('decision');
    await reviewer.submit('提交审核结果');
    await reviewer.page.waitForURL(`${platform.url}/review`);
    await expect.poll(() => reviewer.page.getByTestId('queue-empty').isVisible()).toBe(true);

    await page.goto(candidate.url('login'));
    await candidate.field('证件号码').fill(idNumber);
    await candidate.field('密码').fill(password);
    await candidate.submit('登录');
    await candidate.expectAt('home');
    await page.goto(candidate.url('registration'));
    await expect.poll(() => page.getByTestId('registration-status').textContent()).toBe('已退回修改');
    expect(await page.getByTestId('review-reason').textContent()).toBe('审核意见：通讯地址不详细，请补充门牌号');
    await candidate.check('returned');

    await page.getByRole('link', { name: '修改报名信息' }).click();
    await candidate.expectAt('registration/changes');
    const offered = await page.getByLabel('要修改的信息').locator('option').allTextContents();
    expect(offered).toContain('通讯地址');
    expect(offered).not.toContain('姓名');
    await page.getByLabel('要修改的信息').selectOption({ label: '通讯地址' });
    await candidate.field('修改后的通讯地址').fill('内蒙古自治区呼和浩特市新城区新华大街1号3单元502室');
    await candidate.check('changes');
    await candidate.submit('提交');
    await expect.poll(() => page.getByText('信息已修改').isVisible()).toBe(true);
    expect(await page.locator('.change-list').textContent()).toContain('3单元502室');
    await candidate.check('changed');

    // Changed during review, the registration is back in the queue; the reviewer approves it.
    await reviewer.page.reload();
    await expect.poll(() => reviewer.page.getByTestId('queue-count').textContent()).toBe('共 1 条');
    await reviewer.page.getByRole('link', { name: '张三' }).click();
    await expect.poll(() => reviewer.page.getByText('3单元502室').isVisible()).toBe(true);
    await reviewer.page.getByRole('radio', { name: '审核通过' }).check();
    await reviewer.submit('提交审核结果');
    await reviewer.page.waitForURL(`${platform.url}/review`);
    expect(reviewer.errors).toEqual([]);
    await page.goto(candidate.url('registration'));
    await expect.poll(() => page.getByTestId('registration-status').textContent()).toBe('报名完成');
    expect(await page.getByTestId('progress').textContent()).toBe('已完成 7/7');
    await candidate.check('approved');

    await candidate.submit('退出');
    await candidate.expectAt('login');
    expect(candidate.errors).toEqual([]);
  });
});

describe('Shandong 2023 on a desktop', () => {
  const idNumber = residentId('370102');
  const phone = phoneNumber();

  it('from the pledge and its countdown through personal information and exam choice to checking the answers and payment, then a change of address its college approves in the review console', async () => {
    platform.clock.set('2023-04-01T10:00:00+08:00', 'CN-SD');
    await platform.importRoster('CN-SD-2023', rosterCsv([{ idNumber, name: '李明远', track: '普通', college: '10427' }]));
    const account = await registerShandong(platform, idNumber, phone);
    const candidate = await Candidate.open('CN-SD', { width: 1280, height: 800, mobile: false });
    const { page } = candidate;
    // Signed in as after a reload: the stored refresh token is renewed through the auth exchange on the first request.
    await page.goto(`${platform.url}/`);
    const session = { province: 'CN-SD', refreshToken: account.tokens!.refreshToken, refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    await page.evaluate(`window.localStorage.setItem('zsb.session', ${JSON.stringify(JSON.stringify(session))})`);
    await page.goto(candidate.url('registration'));
    await candidate.submit('开始报名');
    await expect.poll(() => page.getByTestId('progress').textContent()).toBe('已完成 0/7');
    await candidate.check('task-list');
    await page.getByRole('link', { name: /^继续：/ }).click();

    await candidate.atStep('PLEDGE', '报考承诺');
    // The server counts 3 s from when it showed the pledge; the tick box waits for it.
    const box = page.getByRole('checkbox');
    await expect.poll(() => box.isDisabled()).toBe(true);
    await expect.poll(() => page.getByText(/秒后可勾选/).isVisible()).toBe(true);
    await candidate.check('pledge-countdown');
    await expect.poll(() => box.isEnabled(), { timeout: 10_000 }).toBe(true);
    platform.clock.set('2023-04-01T10:00:03+08:00', 'CN-SD');
    await box.check();
    await candidate.submit('保存并继续');

    await candidate.atStep('PHOTO', '采集个人照片');
    await candidate.check('photo');
    await uploadThrough(page, 'idCardFront', faces.card, 'ANALYSING', 'HANDING_OVER', 'DONE');
    await uploadThrough(page, 'photo', faces.dark, 'FLAGGED');
    expect(await page.locator('[data-testid=upload-result-photo] [data-code=TOO_DARK]').count()).toBe(1);
    await candidate.check('photo-flagged');
    await uploadThrough(page, 'photo', faces.ok, 'DONE');
    await expect.poll(() => page.getByTestId('comparison').first().textContent()).toBe('比对通过');
    await candidate.check('photo-done');
    await page.reload();
    await page.getByRole('link', { name: '返回报名步骤' }).click();
    await page.getByRole('link', { name: /^继续：/ }).click();

    await candidate.atStep('PERSONAL_INFORMATION', '填写个人信息');
    // Roster values are shown, not asked.
    expect(await candidate.field('姓名').inputValue()).toBe('李明远');
    expect(await candidate.field('姓名').getAttribute('readonly')).not.toBeNull();
    await candidate.field('政治面貌').selectOption({ label: '共青团员' });
    await candidate.field('民族').selectOption({ label: '汉族' });
    await candidate.field('专科期间公共外语课').selectOption({ index: 1 });
    await candidate.field('通讯地址(录取通知书邮寄)').fill('山东省青岛市市南区考试路88号');
    await candidate.field('通讯地址邮政编码').fill('266000');
    await candidate.field('个人电子邮箱').fill('candidate@example.com');
    await candidate.field('考生类别').selectOption({ index: 1 });
    // The city is chosen from the prefecture-level divisions of the province chosen (rules/data/prefectures.json).
    await candidate.field('户籍所在省(直辖市)').selectOption({ label: '山东省' });
    await expect.poll(() => candidate.field('户籍所在市(直辖市)').evaluate((el) => el.tagName)).toBe('SELECT');
    const cities = await candidate.field('户籍所在市(直辖市)').locator('option').allTextContents();
    expect(cities).toContain('菏泽市');
    expect(cities).not.toContain('朝阳区');
    // A household in 青岛 (370200) makes 青岛市 one of the exam cities offered.
    await candidate.field('户籍所在市(直辖市)').selectOption({ label: '青岛市' });
    await candidate.check('personal-information');
    await candidate.submit('保存并继续');

    await candidate.atStep('EXAM_CHOICE', '选报专业范围及选择考试地点');
    await candidate.check('exam-choice');
    for (const select of await page.getByRole('combobox').all()) await select.selectOption({ index: 1 });
    // Sitting in 青岛: the channel decision sends this candidate to UnionPay, which takes a posted form.
    await candidate.field('考试地点(学校或户籍所在地)').selectOption({ label: '青岛市' });
    await candidate.check('exam-choice-filled');
    await candidate.submit('保存并继续');

    await candidate.atStep('CONFIRMATION', '确认报考信息');
    expect(await page.getByTestId('locks').textContent()).toMatch(/考试地点/);
    await candidate.check('check-answers');
    const confirm = page.getByRole('checkbox');
    if ((await confirm.count()) > 0) await confirm.check();
    await candidate.submit('确认提交');

    await candidate.atStep('PAYMENT', '网上缴费');
    await expect.poll(() => page.getByTestId('payment-panel').isVisible()).toBe(true);
    await candidate.check('payment');

    await page.goto(candidate.url('registration'));
    await expect.poll(() => page.getByTestId('progress').textContent()).toBe('已完成 5/7');
    await candidate.check('task-list-at-payment');

    // Inside the payment window (12–14 April) and its daily hours (9:00–17:00).
    platform.clock.set('2023-04-12T10:00:00+08:00', 'CN-SD');
    await page.goto(candidate.url('registration/steps/PAYMENT'));
    await expect.poll(() => page.getByTestId('payment-panel').isVisible()).toBe(true);
    expect(await page.getByTestId('payment-panel').textContent()).toContain('银联');
    await candidate.check('payment-open');
    // 确认并缴费: the order opens and a form of UnionPay's fields is posted to its gateway (the sandbox's page).
    await page.getByRole('button', { name: '确认并缴费' }).click();
    await page.waitForURL((url) => url.toString().startsWith(payments.sandbox.url));
    await page.screenshot({ path: path.join(screenshotDir, 'CN-SD-sandbox-unionpay.png'), fullPage: true });
    await page.getByRole('button', { name: '确认支付' }).click();
    // Back through the gateway's return (/payments/return/UNIONPAY) to the payment step, which says it is paid.
    await page.waitForURL((url) => url.toString().startsWith(platform.url) && url.pathname.endsWith('/steps/PAYMENT'));
    expect(new URL(page.url()).searchParams.get('paymentOrder')).toBeTruthy();
    await expect.poll(() => page.getByTestId('payment-paid').textContent(), { timeout: 30_000 }).toContain('已缴费');
    await expect.poll(() => page.getByTestId('payment-paid').textContent(), { timeout: 30_000 }).not.toContain('正在更新');
    await candidate.check('payment-paid');
    await page.goto(candidate.url('registration'));
    await expect.poll(() => candidate.status('PAYMENT')).toBe('已完成');
    await expect.poll(() => page.getByTestId('progress').textContent()).toBe('已完成 7/7');
    // Shandong's preview asks nothing: once paid it is open, and the task list leads to it.
    expect(await candidate.status('PREVIEW')).toBe('已完成');
    expect(await page.getByRole('link', { name: '报名信息预览' }).isVisible()).toBe(true);
    await candidate.check('task-list-paid');
    await page.goto(candidate.url('registration/preview'));
    await expect.poll(() => candidate.heading()).toBe('报名信息预览');
    await candidate.check('preview');

    // Shandong has no qualification review: once paid the registration is complete, and a contact detail changes
    // through a request (申请修改) the candidate's college decides, in the review console.
    await page.goto(candidate.url('registration/changes'));
    await expect.poll(() => candidate.heading()).toBe('申请修改');
    await candidate.field('要修改的信息').selectOption({ label: '通讯地址(录取通知书邮寄)' });
    await candidate.field('修改后的通讯地址(录取通知书邮寄)').fill('山东省青岛市市北区考试路99号');
    await candidate.submit('提交');
    await expect.poll(() => page.getByText('修改申请已提交，请等待审核').isVisible()).toBe(true);
    await candidate.check('change-request');
    const { password: collegePassword } = await platform.createStaff({ username: 'sd.college.10427', role: 'COLLEGE_REVIEWER', province: 'CN-SD', collegeCode: '10427' });
    const reviewer = await Candidate.open('review', { width: 1280, height: 800, mobile: false });
    await reviewer.page.goto(reviewer.url('login'));
    await reviewer.field('用户名').fill('sd.college.10427');
    await reviewer.field('密码').fill(collegePassword);
    await reviewer.submit('登录');
    await reviewer.page.waitForURL(`${platform.url}/review`);
    await reviewer.page.getByRole('link', { name: '变更申请' }).click();
    await expect.poll(() => reviewer.page.getByTestId('changes-count').textContent()).toBe('共 1 条');
    expect(await reviewer.page.getByTestId('change-new-value').textContent()).toBe('山东省青岛市市北区考试路99号');
    await reviewer.check('sd-change-requests');
    await reviewer.page.getByRole('button', { name: '同意', exact: true }).click();
    await expect.poll(() => reviewer.page.getByTestId('changes-notice').textContent()).toBe('已同意「通讯地址(录取通知书邮寄)」的修改。');
    await expect.poll(() => reviewer.page.getByTestId('changes-empty').isVisible()).toBe(true);
    await reviewer.check('sd-change-approved');
    // The candidate sees the college's answer, and the preview the new address.
    await page.reload();
    await expect.poll(() => page.locator('.change-list').textContent()).toContain('已同意');
    await candidate.check('change-approved');
    await page.goto(candidate.url('registration/preview'));
    await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('山东省青岛市市北区考试路99号');
    expect(reviewer.errors).toEqual([]);
    expect(candidate.errors).toEqual([]);
  });

  it('a 3+2 candidate answers 是 to 是否兼报 and the exam city and subject group open on the page', async () => {
    const dual = residentId('370102');
    const dualPhone = phoneNumber();
    platform.clock.set('2023-04-01T10:00:00+08:00', 'CN-SD');
    await platform.importRoster('CN-SD-2023', rosterCsv([{ idNumber: dual, name: '王兼报', track: '3+2', college: '13000' }]));
    const account = await registerShandong(platform, dual, dualPhone);
    const auth = { authorization: `Bearer ${account.tokens!.accessToken}` };
    const mutate = async (document: string, variables: Record<string, unknown>) => {
      const r = await platform.graphql<Record<string, { ok: boolean; registration: { id: string } | null }>>(document, variables, auth);
      const payload = Object.values(r.data ?? {})[0];
      expect(payload?.ok).toBe(true);
      return payload!.registration!.id;
    };
    // Up to the exam choice through the API (the pages before it are walked above).
    const id = await mutate('mutation { startRegistration { ok registration { id } } }', {});
    await mutate('mutation($id: ID!) { showRegistrationStep(registrationId: $id, step: "PLEDGE") { ok registration { id } } }', { id });
    platform.clock.set('2023-04-01T10:00:03+08:00', 'CN-SD');
    const complete = 'mutation($input: CompleteRegistrationStepInput!) { completeRegistrationStep(input: $input) { ok registration { id } } }';
    await mutate(complete, { input: { registrationId: id, step: 'PLEDGE', values: { acknowledged: true } } });
    await handOver(id, 'PHOTO', { photo: file(), idCardFront: file() });
    const personal = { politicalStatus: '03', birthDate: dual.slice(6, 10) + '-' + dual.slice(10, 12) + '-' + dual.slice(12, 14), gender: Number(dual[16]) % 2 ? '1' : '2', ethnicity: '01', phone: dualPhone, foreignLanguage: 'ENGLISH', mailingAddress: '山东省青岛市市南区考试路1号', postcode: '266000', email: 'dual@example.com', householdProvince: '370000', householdCity: '370200', candidateCategory: '1' };
    await mutate(complete, { input: { registrationId: id, step: 'PERSONAL_INFORMATION', values: personal } });

    const candidate = await Candidate.open('CN-SD', { width: 1280, height: 800, mobile: false });
    const { page } = candidate;
    await page.goto(`${platform.url}/`);
    const session = { province: 'CN-SD', refreshToken: account.tokens!.refreshToken, refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    await page.evaluate(`window.localStorage.setItem('zsb.session', ${JSON.stringify(JSON.stringify(session))})`);
    await page.goto(candidate.url('registration/steps/EXAM_CHOICE'));
    await candidate.atStep('EXAM_CHOICE', '选报专业范围及选择考试地点');
    // Until answered, 否 is shown and nothing else is asked.
    await expect.poll(() => page.getByRole('radio', { name: '否' }).isChecked()).toBe(true);
    expect(await page.getByRole('combobox').count()).toBe(0);
    await candidate.check('dual-no');
    await page.getByRole('radio', { name: '是' }).check();
    await expect.poll(() => page.getByRole('combobox').count()).toBe(2);
    await candidate.field('考试地点(学校或户籍所在地)').selectOption({ label: '青岛市' });
    await candidate.field('科目名称').selectOption({ index: 1 });
    expect(await page.getByText(/报考专业范围：/).isVisible()).toBe(true);
    await candidate.check('dual-yes');
    await candidate.submit('保存并继续');
    await candidate.atStep('CONFIRMATION', '确认报考信息');
    expect(await page.locator('.summary').textContent()).toContain('青岛市');
    expect(candidate.errors).toEqual([]);
  });
});
