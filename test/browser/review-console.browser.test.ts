import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { launchChromium, openDevice, settled } from '../support/browser.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { register, sendCode } from '../api/flows.ts';
import { completeStep, file, handOverFiles, markPaid, must, requestChanges, reviewRegistration, showStep, startRegistration } from '../api/registration-flows.ts';
import { Registration } from '../../subgraphs/exams/src/modules/registration/registration.entity.ts';

/*
 * End to end: the review console in the built web client, served by the real gateway over the three subgraphs, in
 * Chromium on a desktop, as Hainan 2027's provincial reviewer (a test province whose rules list colleges, exam cities
 * and candidate types, and review in a college stage and then a provincial one). 55 registrations wait at the
 * provincial stage (three walked through the API, the rest copied in the exams database with other colleges, cities,
 * types and names), so the queue has a second page; one completed registration has two change requests. The walk:
 * paging and filters kept in the address across reloads and the back button, the shortcuts and their help, a decision
 * made from the keyboard that opens the next registration, and a change request refused with a reason and another
 * approved. Every screen is checked with axe-core (no serious or critical violation) and photographed into
 * test-results/review-console/.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotDir = path.join(root, 'test-results', 'review-console');
const OPEN = '2027-03-02T10:00:00+08:00';
const SESSION = 'CN-HI-2027';
const COPIES = 53;

let platform: TestPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];
const staffPasswords: Record<string, string> = {};
const tokens: Record<string, string> = {};
/** What the queue holds at the provincial stage, in order, with the columns the filters read. */
const queued: { id: string; name: string; collegeCode: string; examCity: string; candidateType: string }[] = [];
let completed: { id: string; token: string };

async function signUp(idNumber: string, phone: string): Promise<string> {
  await sendCode(platform, { province: 'CN-HI', purpose: 'REGISTER', phone });
  const registered = await register(platform, { province: 'CN-HI', idNumber, phone, smsCode: platform.smsCode(phone), password: 'Coconut2027', passwordConfirmation: 'Coconut2027', acceptedPrivacyPolicy: true });
  return registered.tokens!.accessToken;
}

/** A Hainan candidate through to review, approved at the college stage: waiting for the provincial reviewer. */
async function toProvinceStage(name: string, collegeCode: string, examCity: string, reviewer: string): Promise<{ id: string; token: string }> {
  const phone = phoneNumber();
  const token = await signUp(residentId('460100'), phone);
  platform.clock.set(OPEN, 'CN-HI');
  const started = must(await startRegistration(platform, token));
  must(await showStep(platform, token, started.id, 'NOTICE'));
  platform.clock.set('2027-03-02T10:00:05+08:00', 'CN-HI');
  must(await completeStep(platform, token, started.id, 'NOTICE', { acknowledged: true }));
  must(await completeStep(platform, token, started.id, 'CANDIDATE_TYPE', { candidateType: 'REGULAR' }));
  must(await completeStep(platform, token, started.id, 'PERSONAL_INFORMATION', { name, gender: '1', phone, collegeCode, majorName: '旅游管理', mailingAddress: '海南省三亚市示例路1号', postcode: '572000' }));
  must(await completeStep(platform, token, started.id, 'EXAM_CHOICE', { examCity, subjectGroup: 'SCIENCE' }));
  expect((await markPaid(platform, started.id, 11000)).body).toMatchObject({ completed: true });
  expect((await handOverFiles(platform, started.id, 'MATERIALS', { STUDENT_STATUS_REPORT: file('pdf') })).body).toMatchObject({ completed: true });
  expect((await handOverFiles(platform, started.id, 'PHOTO', { photo: { ...file(), check: 'PASSED' } })).body).toMatchObject({ completed: true, status: 'IN_REVIEW' });
  must(await reviewRegistration(platform, tokens[reviewer], started.id, 'APPROVE'));
  return { id: started.id, token };
}

beforeAll(async () => {
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
  const roots = [DEFAULT_RULES_DIR, path.join(path.dirname(DEFAULT_RULES_DIR), 'test-provinces')].join(path.delimiter);
  platform = await startPlatform('sqlite', { ZSB_RULES_DIR: roots });
  for (const [key, member] of Object.entries({
    haikou: { username: 'hi.college.1', role: 'COLLEGE_REVIEWER', province: 'CN-HI', collegeCode: 'HI001' },
    sanya: { username: 'hi.college.2', role: 'COLLEGE_REVIEWER', province: 'CN-HI', collegeCode: 'HI002' },
    hainan: { username: 'hi.province', role: 'PROVINCE_REVIEWER', province: 'CN-HI' },
  } as const)) {
    const { password } = await platform.createStaff(member);
    staffPasswords[key] = password;
    const r = await platform.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($u: String!, $p: String!) { logInStaff(username: $u, password: $p) { tokens { accessToken } } }', { u: member.username, p: password });
    tokens[key] = r.data!.logInStaff.tokens.accessToken;
  }
  // Walked through the API: two at the provincial stage, and one approved there that asks for two changes.
  const first = await toProvinceStage('林海生', 'HI001', '460100', 'haikou');
  const second = await toProvinceStage('陈南风', 'HI002', '460200', 'sanya');
  queued.push({ id: first.id, name: '林海生', collegeCode: 'HI001', examCity: '460100', candidateType: 'REGULAR' }, { id: second.id, name: '陈南风', collegeCode: 'HI002', examCity: '460200', candidateType: 'REGULAR' });
  completed = await toProvinceStage('吴椰林', 'HI001', '460100', 'haikou');
  must(await reviewRegistration(platform, tokens.hainan, completed.id, 'APPROVE'));
  const asked = await requestChanges(platform, completed.token, completed.id, [
    { field: 'mailingAddress', value: '海南省海口市示例大道8号' },
    { field: 'email', value: 'wu.yelin@example.com' },
  ]);
  expect(asked.changeRequests.map((c) => c.status)).toEqual(['PENDING', 'PENDING']);

  // Copies of the first, as if many more had come through: other colleges, cities, types and names, later submissions.
  const em = platform.subgraphs.exams.orm.em.fork();
  const model = await em.findOneOrFail(Registration, { id: first.id });
  const colleges = ['HI001', 'HI002', 'HI003'];
  const cities = ['460100', '460200', '460400'];
  const types = ['REGULAR', 'SKILLS_AWARD'];
  for (let i = 0; i < COPIES; i++) {
    const name = `考生${String(i + 1).padStart(2, '0')}`;
    const row = { collegeCode: colleges[i % 3], examCity: cities[Math.floor(i / 3) % 3], candidateType: types[i % 2] };
    // The answers as the steps hold them, so what a page shows agrees with the columns the filters read.
    const state = structuredClone(model.state);
    const input = (step: string) => (state.steps as Record<string, { input?: Record<string, unknown> } | undefined> | undefined)?.[step]?.input;
    if (input('CANDIDATE_TYPE')) input('CANDIDATE_TYPE')!.candidateType = row.candidateType;
    if (input('EXAM_CHOICE')) input('EXAM_CHOICE')!.examCity = row.examCity;
    if (input('PERSONAL_INFORMATION')) Object.assign(input('PERSONAL_INFORMATION')!, { name, collegeCode: row.collegeCode });
    const copy = em.create(Registration, {
      accountId: randomUUID(),
      examSessionId: model.examSessionId,
      province: model.province,
      ruleSetId: model.ruleSetId,
      ruleSetHash: model.ruleSetHash,
      status: model.status,
      nextStep: model.nextStep,
      state,
      personal: { ...structuredClone(model.personal), form: { ...model.personal.form, name, collegeCode: row.collegeCode } },
      ...row,
      reviewRole: model.reviewRole,
      submittedAt: new Date(Date.parse('2027-03-03T09:00:00+08:00') + i * 60_000),
    });
    queued.push({ id: copy.id, name, ...row });
  }
  await em.flush();
  // The two walked through the API were submitted at the same platform time: the queue's own order decides.
  const waiting = await platform.graphql<{ reviewQueue: { nodes: { id: string }[] } }>('query($session: ID!) { reviewQueue(examSessionId: $session, first: 200) { nodes { id } } }', { session: SESSION }, { authorization: `Bearer ${tokens.hainan}` });
  const order = waiting.data!.reviewQueue.nodes.map((n) => n.id);
  expect(order.length).toBe(queued.length);
  queued.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await platform?.stop();
});

/** The reviewer's browser tab, with what the walk needs: screens checked and photographed, keys, the list's rows. */
class Reviewer {
  readonly errors: string[] = [];
  /** Screenshots are numbered across the walk, whoever takes them. */
  private static shots = 0;
  constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) this.errors.push(message.text());
    });
  }

  url(screen = ''): string {
    return `${platform.url}/review${screen}`;
  }

  async check(screen: string): Promise<void> {
    await settled(this.page);
    Reviewer.shots += 1;
    await this.page.screenshot({ path: path.join(screenshotDir, `${String(Reviewer.shots).padStart(2, '0')}-${screen}.png`), fullPage: true });
    const results = await new AxeBuilder({ page: this.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  async rows(): Promise<string[]> {
    return this.page.locator('tbody a[data-row-link]').allTextContents();
  }

  count(): Promise<string | null> {
    return this.page.getByTestId('queue-count').textContent();
  }

  search(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  registrationId(): string {
    return new URL(this.page.url()).pathname.split('/').at(-1)!;
  }

  async focusedText(): Promise<string> {
    return this.page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
  }
}

describe('the review console on a desktop, as a provincial reviewer', () => {
  let reviewer: Reviewer;

  it('signs in and pages through the 55 registrations waiting, the page kept in the address across a reload and back', async () => {
    reviewer = new Reviewer(await openDevice(browser, contexts, { width: 1280, height: 900, mobile: false }));
    const { page } = reviewer;
    await page.goto(reviewer.url('/login'));
    await page.getByLabel('用户名', { exact: true }).fill('hi.province');
    await page.getByLabel('密码', { exact: true }).fill(staffPasswords.hainan);
    await reviewer.check('login');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(reviewer.url());
    await expect.poll(() => reviewer.count()).toBe(`共 ${queued.length} 条`);
    expect(await page.getByTestId('queue-range').textContent()).toBe('第 1–50 条');
    expect(await reviewer.rows()).toEqual(queued.slice(0, 50).map((q) => q.name));
    // The counts are per status within reach: the one completed, the rest waiting.
    expect(await page.locator('[data-status=IN_REVIEW] .counts__value').textContent()).toBe(String(queued.length));
    expect(await page.locator('[data-status=COMPLETE] .counts__value').textContent()).toBe('1');
    await reviewer.check('queue-page-1');

    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('queue-range').textContent()).toBe(`第 51–${queued.length} 条`);
    expect(reviewer.search().get('pages')).toBeTruthy();
    expect(await reviewer.rows()).toEqual(queued.slice(50).map((q) => q.name));
    await reviewer.check('queue-page-2');
    await page.reload();
    await expect.poll(() => reviewer.rows()).toEqual(queued.slice(50).map((q) => q.name));
    await page.goBack();
    await expect.poll(() => page.getByTestId('queue-range').textContent()).toBe('第 1–50 条');
    expect(reviewer.errors).toEqual([]);
  });

  it('narrows the queue by college, exam city and candidate type, named as the rules name them, kept across a reload and back', async () => {
    const { page } = reviewer;
    const expected = (filter: Partial<(typeof queued)[number]>) => queued.filter((q) => Object.entries(filter).every(([k, v]) => q[k as keyof typeof q] === v));
    await page.getByLabel('院校', { exact: true }).selectOption({ label: '三亚示例职业学院' });
    const sanya = expected({ collegeCode: 'HI002' });
    await expect.poll(() => reviewer.count()).toBe(`共 ${sanya.length} 条`);
    expect(reviewer.search().get('college')).toBe('HI002');
    expect(await reviewer.rows()).toEqual(sanya.map((q) => q.name));
    // The status counts follow the filter.
    expect(await page.locator('[data-status=IN_REVIEW] .counts__value').textContent()).toBe(String(sanya.length));
    expect(await page.locator('[data-status=COMPLETE] .counts__value').textContent()).toBe('0');

    await page.getByLabel('考试地点', { exact: true }).selectOption({ label: '三亚市' });
    await page.getByLabel('考生类型', { exact: true }).selectOption({ label: '技能竞赛获奖考生' });
    const narrow = expected({ collegeCode: 'HI002', examCity: '460200', candidateType: 'SKILLS_AWARD' });
    expect(narrow.length).toBeGreaterThan(0);
    await expect.poll(() => reviewer.count()).toBe(`共 ${narrow.length} 条`);
    expect(await reviewer.rows()).toEqual(narrow.map((q) => q.name));
    expect(Object.fromEntries(reviewer.search())).toEqual({ college: 'HI002', city: '460200', type: 'SKILLS_AWARD' });
    expect(await page.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(narrow.map(() => '技能竞赛获奖考生'));
    await reviewer.check('queue-filtered');
    await page.reload();
    await expect.poll(() => reviewer.rows()).toEqual(narrow.map((q) => q.name));
    expect(await page.getByLabel('考生类型', { exact: true }).inputValue()).toBe('SKILLS_AWARD');
    await page.goBack();
    await expect.poll(() => reviewer.count()).toBe(`共 ${expected({ collegeCode: 'HI002', examCity: '460200' }).length} 条`);

    // The completed ones, by the count's button; then every filter cleared.
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByRole('button', { name: /^查看报名完成的报名/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('报名完成的报名');
    expect(await reviewer.rows()).toEqual(['吴椰林']);
    await page.getByLabel('显示', { exact: true }).selectOption({ label: '待我审核' });
    await expect.poll(() => reviewer.count()).toBe(`共 ${queued.length} 条`);
    expect(reviewer.errors).toEqual([]);
  });

  it('moves through the queue with J and K, shows the shortcuts with ?, and never takes a key typed in a field', async () => {
    const { page } = reviewer;
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await reviewer.focusedText()).toBe(queued[1].name);
    await page.keyboard.press('k');
    expect(await reviewer.focusedText()).toBe(queued[0].name);
    await page.keyboard.press('Shift+Slash');
    const help = page.getByRole('dialog', { name: '键盘快捷键' });
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.locator('tr[data-action=reject]').textContent()).toContain('X');
    await reviewer.check('shortcuts-help');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    // Focus is back on the row: O opens it.
    expect(await reviewer.focusedText()).toBe(queued[0].name);
    await page.keyboard.press('o');
    await page.waitForURL((url) => url.pathname === `/review/registrations/${queued[0].id}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(queued[0].name);
    expect(await page.getByTestId('detail-position').textContent()).toBe(`审核列表第 1 / ${queued.length} 条`);
    await reviewer.check('detail');

    await page.keyboard.press('j');
    await expect.poll(() => reviewer.registrationId()).toBe(queued[1].id);
    await expect.poll(() => page.locator('h1').textContent()).toBe(queued[1].name);
    await page.keyboard.press('k');
    await expect.poll(() => reviewer.registrationId()).toBe(queued[0].id);
    await expect.poll(() => page.locator('h1').textContent()).toBe(queued[0].name);

    // X chooses 审核不通过 and puts the cursor in the reason: J typed there is a letter, not a move.
    await page.keyboard.press('x');
    expect(await page.getByRole('radio', { name: '审核不通过' }).isChecked()).toBe(true);
    const reason = page.getByLabel('原因', { exact: true });
    await expect.poll(() => reason.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('jk');
    expect(await reason.inputValue()).toBe('jk');
    expect(reviewer.registrationId()).toBe(queued[0].id);
    await reason.fill('');
    expect(reviewer.errors).toEqual([]);
  });

  it('approves with A and Enter, and the next registration of the queue opens', async () => {
    const { page } = reviewer;
    await page.locator('h1').click();
    await page.keyboard.press('a');
    expect(await page.getByRole('radio', { name: '审核通过' }).isChecked()).toBe(true);
    expect(await reviewer.focusedText()).toBe('提交审核结果');
    await reviewer.check('decision-by-keyboard');
    await page.keyboard.press('Enter');
    await expect.poll(() => reviewer.registrationId()).toBe(queued[1].id);
    await expect.poll(() => page.locator('h1').textContent()).toBe(queued[1].name);
    await expect.poll(() => page.getByTestId('detail-notice').textContent()).toBe('已提交审核结果，已打开下一条报名。');
    expect(await page.getByTestId('detail-position').textContent()).toBe(`审核列表第 1 / ${queued.length - 1} 条`);
    expect(await page.getByRole('radio', { name: '审核通过' }).isChecked()).toBe(false);
    const approved = await platform.graphql<{ registration: { status: string } }>('query($id: ID!) { registration(id: $id) { status } }', { id: queued[0].id }, { authorization: `Bearer ${tokens.hainan}` });
    expect(approved.data!.registration.status).toBe('COMPLETE');
    await reviewer.check('next-after-decision');
    await page.keyboard.press('u');
    await page.waitForURL(reviewer.url());
    await expect.poll(() => reviewer.count()).toBe(`共 ${queued.length - 1} 条`);

    // From the last of the first page, J goes on to the first of the second page, and K comes back.
    const remaining = queued.slice(1);
    await page.getByRole('link', { name: remaining[49].name, exact: true }).click();
    await expect.poll(() => page.getByTestId('detail-position').textContent()).toBe(`审核列表第 50 / ${remaining.length} 条`);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await expect.poll(() => reviewer.registrationId()).toBe(remaining[50].id);
    expect(reviewer.search().get('pages')).toBeTruthy();
    await expect.poll(() => page.getByTestId('detail-position').textContent()).toBe(`审核列表第 51 / ${remaining.length} 条`);
    await page.keyboard.press('k');
    await expect.poll(() => reviewer.registrationId()).toBe(remaining[49].id);
    expect(reviewer.search().get('pages')).toBeNull();
    await page.keyboard.press('u');
    await page.waitForURL(reviewer.url());
    expect(reviewer.errors).toEqual([]);
  });

  it('refuses a change request with a reason and approves another; the candidate sees both answers', async () => {
    const { page } = reviewer;
    await page.getByRole('link', { name: '变更申请' }).click();
    await page.waitForURL(reviewer.url('/changes'));
    await expect.poll(() => page.getByTestId('changes-count').textContent()).toBe('共 2 条');
    await reviewer.check('change-requests');
    const email = page.locator('li[data-field=email]');
    await email.getByRole('button', { name: '不同意', exact: true }).click();
    const emailReason = email.getByRole('textbox');
    await expect.poll(() => emailReason.getAttribute('aria-invalid')).toBe('true');
    expect(await email.locator('.field__error').textContent()).toBe('不同意时请填写原因，考生将收到短信');
    await emailReason.fill('邮箱须为本人常用邮箱，请核对后重新申请');
    await email.getByRole('button', { name: '不同意', exact: true }).click();
    await expect.poll(() => page.getByTestId('changes-notice').textContent()).toBe('已拒绝「电子邮箱」的修改。');
    await expect.poll(() => page.getByTestId('changes-count').textContent()).toBe('共 1 条');
    await page.locator('li[data-field=mailingAddress]').getByRole('button', { name: '同意', exact: true }).click();
    await expect.poll(() => page.getByTestId('changes-notice').textContent()).toBe('已同意「通讯地址」的修改。');
    await expect.poll(() => page.getByTestId('changes-empty').isVisible()).toBe(true);
    await reviewer.check('change-requests-decided');

    const mine = await platform.graphql<{ myRegistration: { fields: { code: string; value: unknown }[]; changeRequests: { field: string; status: string; reason: string | null }[] } }>(
      '{ myRegistration { fields { code value } changeRequests { field status reason } } }',
      {},
      { authorization: `Bearer ${completed.token}` },
    );
    expect(mine.data!.myRegistration.fields.find((f) => f.code === 'mailingAddress')!.value).toBe('海南省海口市示例大道8号');
    expect(mine.data!.myRegistration.changeRequests).toEqual(
      expect.arrayContaining([
        { field: 'email', status: 'REJECTED', reason: '邮箱须为本人常用邮箱，请核对后重新申请' },
        { field: 'mailingAddress', status: 'APPROVED', reason: null },
      ]),
    );
    // Decided ones are listed apart.
    await page.getByLabel('显示', { exact: true }).selectOption({ label: '未同意' });
    await expect.poll(() => page.getByTestId('changes-count').textContent()).toBe('共 1 条');
    expect(await page.locator('li[data-field=email]').textContent()).toContain('邮箱须为本人常用邮箱');
    expect(reviewer.errors).toEqual([]);
  });

  it('speaks English after the language switch, the rules’ names staying as published', async () => {
    const { page } = reviewer;
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Change requests');
    await page.getByRole('link', { name: 'Registrations' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Waiting for me');
    await expect.poll(() => page.getByLabel('College', { exact: true }).locator('option').allTextContents()).toContain('三亚示例职业学院');
    await reviewer.check('queue-english');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('待我审核');
    expect(reviewer.errors).toEqual([]);
  });

  it("keeps a college reviewer to their college: no college filter, and another college's in the address is not theirs to pick", async () => {
    const college = new Reviewer(await openDevice(browser, contexts, { width: 1280, height: 900, mobile: false }));
    const { page } = college;
    await page.goto(college.url('/login'));
    await page.getByLabel('用户名', { exact: true }).fill('hi.college.1');
    await page.getByLabel('密码', { exact: true }).fill(staffPasswords.haikou);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(college.url());
    // Their stage is done for every registration above: nothing waits for them.
    await expect.poll(() => page.getByTestId('queue-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('own-college').textContent()).toBe('本院校：海口示例职业学院');
    expect(await page.getByLabel('院校', { exact: true }).count()).toBe(0);
    await college.check('college-reviewer');
    // Another college named in the address is ignored (the server would refuse it): still their own, empty queue.
    await page.goto(college.url('?college=HI002'));
    await expect.poll(() => page.getByTestId('queue-empty').isVisible()).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(college.errors).toEqual([]);
  });
});
