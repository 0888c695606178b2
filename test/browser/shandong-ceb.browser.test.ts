import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchChromium, openDevice, settled } from '../support/browser.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { registerShandong, rosterCsv } from '../api/flows.ts';
import { startPaymentPlatform, type PaymentPlatform } from '../api/payment-flows.ts';
import { completeStep, file, handOverFiles, must, photo, showStep, startRegistration } from '../api/registration-flows.ts';

/*
 * End to end: a Shandong candidate sitting in 济南 pays from the browser through CEB (光大支付), as the rules send every
 * city but 青岛: brought to the payment step through the API (the pages before it are walked in
 * registration.browser.test.ts), then on a desktop the payment step opens CEB's page in the payment sandbox, the
 * candidate confirms there and comes back through the gateway's return, paid. Every page of the client is checked
 * with axe-core and photographed into test-results/payment-ceb/.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotDir = path.join(root, 'test-results', 'payment-ceb');

let payments: PaymentPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
  payments = await startPaymentPlatform('sqlite');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await payments?.stop();
});

describe('Shandong 2023 on a desktop, a 济南 candidate', () => {
  it('pays through CEB in the sandbox and comes back paid', async () => {
    const platform = payments.p;
    const idNumber = residentId('370102');
    const phone = phoneNumber();
    platform.clock.set('2023-04-01T10:00:00+08:00', 'CN-SD');
    await platform.importRoster('CN-SD-2023', rosterCsv([{ idNumber, name: '赵泉城', track: '普通', college: '10427' }]));
    const account = await registerShandong(platform, idNumber, phone);
    const token = account.tokens!.accessToken;
    const started = must(await startRegistration(platform, token));
    must(await showStep(platform, token, started.id, 'PLEDGE'));
    platform.clock.set('2023-04-01T10:00:03+08:00', 'CN-SD');
    must(await completeStep(platform, token, started.id, 'PLEDGE', { acknowledged: true }));
    expect((await handOverFiles(platform, started.id, 'PHOTO', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });
    const personal = {
      politicalStatus: '03',
      birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
      gender: Number(idNumber[16]) % 2 ? '1' : '2',
      ethnicity: '01',
      phone,
      foreignLanguage: 'ENGLISH',
      mailingAddress: '山东省济南市历下区考试路1号',
      postcode: '250000',
      email: 'zhao@example.com',
      householdProvince: '370000',
      householdCity: '370100',
      candidateCategory: '1',
    };
    must(await completeStep(platform, token, started.id, 'PERSONAL_INFORMATION', personal));
    must(await completeStep(platform, token, started.id, 'EXAM_CHOICE', { examCity: '370100', subjectGroup: 'MEDICINE' }));
    must(await completeStep(platform, token, started.id, 'CONFIRMATION', { confirmed: true }));

    const page = await openDevice(browser, contexts, { width: 1280, height: 800, mobile: false });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    let shots = 0;
    const check = async (screen: string) => {
      await settled(page);
      shots += 1;
      await page.screenshot({ path: path.join(screenshotDir, `CN-SD-${String(shots).padStart(2, '0')}-${screen}.png`), fullPage: true });
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${screen}: ${v.id} ${v.help}`)).toEqual([]);
    };
    await page.goto(`${platform.url}/`);
    const session = { province: 'CN-SD', refreshToken: account.tokens!.refreshToken, refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    await page.evaluate(`window.localStorage.setItem('zsb.session', ${JSON.stringify(JSON.stringify(session))})`);

    // Inside the payment window and its daily hours: 济南 pays through 光大.
    platform.clock.set('2023-04-12T10:00:00+08:00', 'CN-SD');
    await page.goto(`${platform.url}/CN-SD/registration/steps/PAYMENT`);
    await expect.poll(() => page.getByTestId('payment-panel').isVisible()).toBe(true);
    expect(await page.getByTestId('payment-panel').textContent()).toContain('光大');
    await check('payment-ceb');
    await page.getByRole('button', { name: '确认并缴费' }).click();
    await page.waitForURL((url) => url.toString().startsWith(payments.sandbox.url));
    expect(await page.locator('body').textContent()).toMatch(/CEB|光大/);
    await page.screenshot({ path: path.join(screenshotDir, 'CN-SD-sandbox-ceb.png'), fullPage: true });
    await page.getByRole('button', { name: '确认支付' }).click();
    await page.waitForURL((url) => url.toString().startsWith(platform.url) && url.pathname.endsWith('/steps/PAYMENT'));
    expect(new URL(page.url()).searchParams.get('paymentOrder')).toBeTruthy();
    await expect.poll(() => page.getByTestId('payment-paid').textContent(), { timeout: 30_000 }).toContain('已缴费');
    await expect.poll(() => page.getByTestId('payment-paid').textContent(), { timeout: 30_000 }).not.toContain('正在更新');
    await check('payment-ceb-paid');
    const order = await platform.graphql<{ myPaymentOrders: { channel: string; status: string }[] }>('{ myPaymentOrders { channel status } }', {}, { authorization: `Bearer ${token}` });
    expect(order.data!.myPaymentOrders[0]).toMatchObject({ channel: 'CEB', status: 'PAID' });
    expect(errors).toEqual([]);
  });
});
