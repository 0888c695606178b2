import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { launchChromium, openDevice, settled } from '../support/browser.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { writeShandong2024Draft } from '../support/shandong-2024.ts';

/*
 * End to end: the policy console in the built web client, served by the real gateway over the three subgraphs, in
 * Chromium on a desktop. A Shandong policy officer signs in, sees the version in force, opens the 2024 draft, uploads
 * the files prepared for it (the walk-through: a new fee, an earlier registration, Qingdao paying through CEB,
 * a new city and candidate type), types a negative fee (the schema's error shows as typed, at its JSON path), fixes it,
 * misspells a window (the server's checks name the file and path on saving), fixes that, sees the year-on-year preview,
 * tries Qingdao's payment channel under the draft and under 2023, and publishes with a reason, confirming each
 * placeholder. A reviewer signed in through the review console (one staff session) is told the rules are not theirs.
 * Every page is checked with axe-core (no serious or critical violation) and photographed into
 * test-results/policy-console/.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotDir = path.join(root, 'test-results', 'policy-console');

let platform: TestPlatform;
let browser: Browser;
let scratch: string;
let prepared: string;
let password: string;
const contexts: BrowserContext[] = [];
const errors: string[] = [];
let page: Page;
let shot = 0;

beforeAll(async () => {
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-policy-console-'));
  const rulesRoot = path.join(scratch, 'provinces');
  fs.cpSync(DEFAULT_RULES_DIR, rulesRoot, { recursive: true });
  platform = await startPlatform('sqlite', { ZSB_RULES_DIR: rulesRoot, ZSB_RULES_DRAFTS_DIR: path.join(scratch, 'drafts') });
  ({ password } = await platform.createStaff({ username: 'sd.policy.console', displayName: '李政策', role: 'POLICY_STAFF', province: 'CN-SD' }));
  // The files the officer prepared for 2024 on their own computer.
  prepared = writeShandong2024Draft(path.join(scratch, 'prepared'));
  browser = await launchChromium();
  page = await openDevice(browser, contexts, { width: 1280, height: 900, mobile: false });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await platform?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

// A step that failed leaves the page as it stood, and what the page said, for whoever reads the run.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !page) return;
  await page.screenshot({ path: path.join(screenshotDir, `failed-after-${String(shot).padStart(2, '0')}.png`), fullPage: true });
  console.log('Page errors:', errors, '\nPage text:', (await page.locator('main').innerText()).slice(0, 3000));
});

/** A screenshot of the page as it stands, numbered in the order of the walk, after axe found nothing serious on it. */
async function check(screen: string): Promise<void> {
  await settled(page);
  shot += 1;
  await page.screenshot({ path: path.join(screenshotDir, `CN-SD-${String(shot).padStart(2, '0')}-${screen}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

const editor = () => page.locator('textarea[name="fileText"]');
const openFile = (name: string) => page.locator(`.file-list__item[data-file="${name}"]`).click();

/** Replaces the editor's text as typing would (input events), after changing it with `change`. */
async function editText(change: (text: string) => string): Promise<void> {
  const before = await editor().inputValue();
  const after = change(before);
  expect(after).not.toBe(before);
  await editor().fill(after);
}

function allFiles(folder: string): string[] {
  return [...fs.readdirSync(folder).filter((n) => n.endsWith('.json')).map((n) => path.join(folder, n)), ...fs.readdirSync(path.join(folder, 'decisions')).map((n) => path.join(folder, 'decisions', n))];
}

describe('the policy console: a Shandong officer drafts, checks, previews and publishes 2024', () => {
  it('signs in and sees the version in force with its history', async () => {
    await page.goto(`${platform.url}/policy`);
    await page.waitForURL(`${platform.url}/policy/login`);
    await page.getByLabel('用户名', { exact: true }).fill('sd.policy.console');
    await page.getByLabel('密码', { exact: true }).fill(password);
    await check('login');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${platform.url}/policy`);
    const inForce = page.locator('[data-rule-set="CN-SD/2023"][data-status="IN_FORCE"]');
    await expect.poll(() => inForce.count()).toBe(1);
    // Policy staff see their own province only.
    expect(await page.locator('[data-rule-set^="CN-NM"]').count()).toBe(0);
    await expect.poll(async () => (await inForce.textContent()) ?? '').toContain('山东省2023年');
    await check('versions');
  });

  it('opens the 2024 draft from 2023 and uploads the prepared files', async () => {
    await expect.poll(() => page.getByLabel('年度', { exact: true }).inputValue()).toBe('2024');
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await page.waitForURL(`${platform.url}/policy/drafts/CN-SD/2024`);
    await expect.poll(async () => (await page.getByTestId('draft-source').textContent()) ?? '').toContain('CN-SD/2023');
    await expect.poll(() => editor().inputValue()).toContain('"feeItems"');
    await check('draft-new-year');
    await page.setInputFiles('#rule-upload', allFiles(prepared));
    await expect.poll(async () => (await page.locator('.draft__files .alert').textContent()) ?? '').toContain('decisions/paymentChannel.json');
    await check('uploaded');
  });

  it('a negative fee is an error as it is typed, at its JSON path and line; fixing it clears it', async () => {
    await openFile('parameters.json');
    await editText((text) => text.replace(/"amountFen": 2\b/, '"amountFen": -2'));
    await expect.poll(async () => (await page.getByTestId('editor-status').textContent()) ?? '').toContain('1 处错误');
    const problem = page.locator('[data-testid="editor-problems"] button[data-path="/feeItems/items/0/amountFen"]');
    await expect.poll(async () => (await problem.textContent()) ?? '').toMatch(/第 \d+ 行第 \d+ 列 \/feeItems\/items\/0\/amountFen：数值太小/);
    expect(await editor().getAttribute('aria-invalid')).toBe('true');
    await check('inline-schema-error');
    await problem.click();
    await editText((text) => text.replace('"amountFen": -2', '"amountFen": 2'));
    await expect.poll(async () => (await page.getByTestId('editor-status').textContent()) ?? '').toContain('格式正确');
  });

  it('a misspelled window passes the schema, and the server’s checks name the file and path on saving', async () => {
    await editText((text) => text.replace('"registration": {', '"registraton": {'));
    await expect.poll(async () => (await page.getByTestId('editor-status').textContent()) ?? '').toContain('格式正确');
    await page.getByRole('button', { name: '保存草稿', exact: true }).click();
    const findings = page.getByTestId('findings');
    await expect.poll(async () => (await findings.textContent()) ?? '').toContain('服务器校验发现');
    expect(await findings.locator('tr[data-file="parameters.json"][data-path="/windows/registraton"]').count()).toBe(1);
    expect(await findings.locator('tr[data-file="flow.json"][data-path="/window"]').textContent()).toContain('registraton');
    await check('server-findings');
    // The finding opens its file; the officer corrects the name and saves again.
    await findings.getByRole('button', { name: '打开 parameters.json' }).click();
    await editText((text) => text.replace('"registraton": {', '"registration": {'));
    await page.getByRole('button', { name: '保存草稿', exact: true }).click();
    await expect.poll(async () => (await findings.textContent()) ?? '').toContain('服务器校验通过');
  });

  it('sees the year-on-year preview: the policy that changes and the outcomes, counted', async () => {
    const preview = page.getByTestId('preview');
    await expect.poll(async () => (await page.getByTestId('preview-validity').textContent().catch(() => '')) ?? '', { timeout: 20_000 }).toContain('草稿有效');
    const changes = (await page.getByTestId('policy-changes').textContent()) ?? '';
    expect(changes).toContain('报名（REGISTRATION）：报名 0.01 元 → 报名 0.02 元');
    expect(changes).toContain('青岛市（370200）的考生：银联支付（UNIONPAY） → 光大支付（CEB）');
    expect(changes).toContain('新增 莱芜市（371200）');
    expect(await preview.locator('tr[data-source="CASE"] td').first().textContent()).toBe('26');
    expect(await page.getByTestId('outcome-changes').locator('li').count()).toBeGreaterThan(0);
    await check('preview');
  });

  it('tries Qingdao’s payment channel under the draft and under 2023, explained in Chinese, and adds it to the preview', async () => {
    await page.getByLabel('决定', { exact: true }).selectOption('paymentChannel');
    await page.getByLabel('情况（JSON）', { exact: true }).fill('{"examCity": "370200"}');
    await page.getByRole('button', { name: '试算', exact: true }).click();
    const tries = page.getByTestId('tries');
    await expect.poll(async () => (await tries.locator('.explanation').count())).toBe(2);
    const [draft, inForce] = await tries.locator('.explanation').allTextContents();
    expect(draft).toContain('光大');
    expect(draft).toContain('青岛');
    expect(inForce).toContain('银联');
    await check('try-decision');
    await page.getByRole('button', { name: '加入预览样例', exact: true }).click();
    await page.getByRole('button', { name: '刷新预览', exact: true }).click();
    await expect.poll(async () => (await page.getByTestId('preview').locator('tr[data-source="SAMPLE"] td').allTextContents()).join(',')).toBe('1,1');
  });

  it('publishes with a reason, confirming each placeholder, and finds it in force with its history', async () => {
    const publish = page.getByRole('button', { name: '发布', exact: true });
    await publish.click();
    // Without a reason nothing is sent; the error is beside the field and takes focus.
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.name')).toBe('reason');
    const boxes = page.locator('input[type="checkbox"][name^="confirm:"]');
    expect(await boxes.count()).toBeGreaterThan(0);
    await page.getByLabel('发布理由', { exact: true }).fill('2024 年招生：报名提前、报名费调整，青岛改由光大支付，新增莱芜考点与技能大赛免试类型');
    for (const box of await boxes.all()) await box.check();
    await check('publish');
    await publish.click();
    await expect.poll(async () => (await page.getByTestId('published').textContent().catch(() => '')) ?? '', { timeout: 20_000 }).toContain('已发布');
    await check('published');
    await page.getByRole('link', { name: '返回版本列表' }).first().click();
    await page.waitForURL(`${platform.url}/policy`);
    const set = page.locator('[data-rule-set="CN-SD/2024"][data-status="IN_FORCE"]');
    await expect.poll(() => set.count()).toBe(1);
    await expect.poll(async () => (await set.locator('table').textContent()) ?? '').toContain('青岛改由光大支付');
    // Who published it is named, with their role; the actor is kept beside it for the record.
    const publisher = set.locator('td[data-publisher^="staff:"]');
    expect(await publisher.textContent()).toBe('李政策（政策管理员）');
    await check('versions-after');
    // The console's own words follow the language switch; the rules' content stays as published.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(async () => (await page.locator('h1').first().textContent()) ?? '').toBe('Rule versions');
    await expect.poll(async () => await publisher.textContent()).toBe('李政策 (Policy officer)');
    await check('versions-english');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    expect(errors).toEqual([]);
  });

  it('shares one staff session with the review console: a reviewer signed in there is told here that rules are not theirs', async () => {
    const reviewer = await platform.createStaff({ username: 'sd.province.console', role: 'PROVINCE_REVIEWER', province: 'CN-SD' });
    await page.getByRole('button', { name: '退出', exact: true }).click();
    await page.waitForURL(`${platform.url}/policy/login`);
    await page.goto(`${platform.url}/review/login`);
    await page.getByLabel('用户名', { exact: true }).fill(reviewer.username);
    await page.getByLabel('密码', { exact: true }).fill(reviewer.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${platform.url}/review`);
    await page.goto(`${platform.url}/policy`);
    await expect.poll(async () => (await page.locator('[role="alert"]').allTextContents()).join('')).toContain('不是政策管理员');
    expect(await page.locator('[data-rule-set]').count()).toBe(0);
    await check('not-policy-staff');
    expect(errors).toEqual([]);
  });

  it('and the other way round: a policy officer who opens the review console is told it is not theirs, and stays signed in', async () => {
    await page.goto(`${platform.url}/policy`);
    await page.getByRole('button', { name: '退出', exact: true }).click();
    await page.waitForURL(`${platform.url}/policy/login`);
    await page.getByLabel('用户名', { exact: true }).fill('sd.policy.console');
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${platform.url}/policy`);
    await page.goto(`${platform.url}/review`);
    await expect.poll(async () => (await page.locator('[role="alert"]').allTextContents()).join('')).toContain('不是审核人员');
    await check('review-not-reviewer');
    await page.goto(`${platform.url}/policy`);
    await expect.poll(async () => page.locator('[data-rule-set]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
