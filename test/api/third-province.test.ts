import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, logIn, register, resetPassword, sendCode } from './flows.ts';

/**
 * Hainan 2027 is a fictional province-year kept in rules/test-provinces. It differs from both seeds in its steps,
 * fees, payment channel and sign-in factors, and no TypeScript knows it: these tests prove a province is data.
 */
describe('a third province added as rule files only', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    const roots = [DEFAULT_RULES_DIR, path.join(path.dirname(DEFAULT_RULES_DIR), 'test-provinces')].join(path.delimiter);
    p = await startPlatform('sqlite', { ZSB_RULES_DIR: roots });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('is listed among the provinces, with its exam session, next to the two seeds', async () => {
    const r = await p.graphql<{ provinces: { code: string }[]; examSessions: { id: string }[] }>('{ provinces { code } examSessions { id } }');
    expect(r.data?.provinces.map((x) => x.code)).toEqual(['CN-HI', 'CN-NM', 'CN-SD']);
    expect(r.data?.examSessions.map((s) => s.id)).toContain('CN-HI-2027');
  });

  it('a candidate registers with consent and an SMS code, and signs in with password and SMS code but no captcha', async () => {
    const policy = await p.graphql<{ accountPolicy: { loginFactors: string[]; registration: { captcha: boolean; consentRequired: boolean } } }>('{ accountPolicy(province: "CN-HI") { loginFactors registration { captcha consentRequired } } }');
    expect(policy.data?.accountPolicy).toEqual({ loginFactors: ['PASSWORD', 'SMS'], registration: { captcha: false, consentRequired: true } });
    const idNumber = residentId('460100');
    const phone = phoneNumber();
    await sendCode(p, { province: 'CN-HI', purpose: 'REGISTER', phone });
    const registered = await register(p, { province: 'CN-HI', idNumber, phone, smsCode: p.smsCode(phone), password: 'Coconut2027', passwordConfirmation: 'Coconut2027', acceptedPrivacyPolicy: true });
    expect(registered.error).toBeNull();
    expect(p.outbox(phone).at(-1)?.text).toContain('【海南省考试局】');

    expect((await logIn(p, { province: 'CN-HI', idNumber, password: 'Coconut2027' })).error?.code).toBe('SMS_CODE_REQUIRED');
    await sendCode(p, { province: 'CN-HI', purpose: 'LOGIN', idNumber });
    const signedIn = await logIn(p, { province: 'CN-HI', idNumber, password: 'Coconut2027', smsCode: p.smsCode(phone) });
    expect(signedIn.ok).toBe(true);

    const resetInput = { province: 'CN-HI', idNumber, phone, newPassword: 'Mango2027x', newPasswordConfirmation: 'Mango2027x' };
    await sendCode(p, { province: 'CN-HI', purpose: 'RESET_PASSWORD', idNumber, phone });
    expect((await resetPassword(p, { ...resetInput, smsCode: p.smsCode(phone) })).error?.code).toBe('CAPTCHA_REQUIRED');
    expect((await resetPassword(p, { ...resetInput, smsCode: p.smsCode(phone), ...(await p.solvedCaptcha()) })).ok).toBe(true);
  });

  it("its rules answer with its own step order, fees and payment channel, each decision with its explanation", async () => {
    const r = await p.graphql<{
      registrationRules: { steps: { code: string }[] };
      feeQuote: { totalFen: number; explanation: { fired: boolean }[] };
      paymentChannel: { channel: { code: string } };
    }>('{ registrationRules(province: "CN-HI") { steps { code } } feeQuote(province: "CN-HI", facts: { candidateType: "REGULAR", exempt: false, subjectGroup: "SCIENCE" }) { totalFen explanation { fired } } paymentChannel(province: "CN-HI", facts: { candidateType: "REGULAR" }) { channel { code } } }');
    const steps = r.data!.registrationRules.steps.map((s) => s.code);
    expect(steps.indexOf('PAYMENT')).toBeLessThan(steps.indexOf('MATERIALS'));
    expect(r.data!.feeQuote.totalFen).toBe(11000);
    expect(r.data!.feeQuote.explanation.filter((e) => e.fired).length).toBeGreaterThan(1);
    expect(r.data!.paymentChannel.channel.code).toBe('WECHAT_PAY');
  });

  it('a Hainan account answers with its own rules when the candidate asks without naming the province', async () => {
    const idNumber = residentId('460100');
    const phone = phoneNumber();
    await sendCode(p, { province: 'CN-HI', purpose: 'REGISTER', phone });
    const { tokens } = await register(p, { province: 'CN-HI', idNumber, phone, smsCode: p.smsCode(phone), password: 'Coconut2027', passwordConfirmation: 'Coconut2027', acceptedPrivacyPolicy: true });
    const r = await p.graphql<{ registrationRules: { province: string; title: string } }>('{ registrationRules { province title } }', undefined, bearer(tokens!.accessToken));
    expect(r.data?.registrationRules.province).toBe('CN-HI');
  });
});
