import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, logIn, register, registerShandong, resetPassword, rosterCsv, sendCode, startReset } from './flows.ts';

const ROSTER_REFUSAL = '该证件类型+证件号不存在于考生名单中，请确认后注册';

describe.each(DATABASES)('Shandong accounts (%s)', (dialect) => {
  let p: TestPlatform;
  const onRoster = Array.from({ length: 12 }, () => residentId('370102'));
  beforeAll(async () => {
    p = await startPlatform(dialect);
    await p.importRoster('CN-SD-2023', rosterCsv(onRoster.map((idNumber, i) => ({ idNumber, name: `考生${i}`, track: i % 2 ? '3+2' : '普通' }))));
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a candidate on the roster registers with ID type, captcha, SMS code and consent, and the account carries the roster name', async () => {
    const phone = phoneNumber();
    const registered = await registerShandong(p, onRoster[0], phone);
    expect(registered.error).toBeNull();
    expect(registered.account).toMatchObject({ province: 'CN-SD', idNumber: onRoster[0], name: '考生0', examSession: { id: 'CN-SD-2023' } });
    expect(p.outbox(phone).at(-1)?.text).toContain('【山东省教育招生考试院】');
  });

  it('an ID number not on the roster is refused with the manual\'s words', async () => {
    const phone = phoneNumber();
    await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, ...(await p.solvedCaptcha()) });
    const refused = await register(p, {
      province: 'CN-SD', idType: 'RESIDENT_ID', idNumber: residentId('370102'), phone, smsCode: p.smsCode(phone),
      password: 'Taishan#2023', passwordConfirmation: 'Taishan#2023', acceptedPrivacyPolicy: true, ...(await p.solvedCaptcha()),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER', message: ROSTER_REFUSAL, field: 'idNumber' } });
  });

  it('registration without ticking the privacy consent is refused', async () => {
    const result = await register(p, { province: 'CN-SD', idNumber: onRoster[1], phone: phoneNumber(), smsCode: '123456', password: 'Taishan#2023', passwordConfirmation: 'Taishan#2023', ...(await p.solvedCaptcha()) });
    expect(result.error).toMatchObject({ code: 'CONSENT_REQUIRED', field: 'acceptedPrivacyPolicy' });
    expect(result.error!.message).toContain('《用户隐私政策》');
  });

  it('the password must mix digits, letters and special characters, 8 to 16 long', async () => {
    const base = { province: 'CN-SD', idNumber: onRoster[1], phone: phoneNumber(), smsCode: '123456', acceptedPrivacyPolicy: true };
    for (const password of ['Taishan2023', 'Taishan#2023Taishan#', 'Ta#1']) {
      const result = await register(p, { ...base, password, passwordConfirmation: password, ...(await p.solvedCaptcha()) });
      expect(result.error?.code).toBe('PASSWORD_TOO_WEAK');
    }
  });

  it('an SMS code is sent only after a solved captcha, and each captcha allows one guess', async () => {
    const phone = phoneNumber();
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone })).error?.code).toBe('CAPTCHA_REQUIRED');
    const captcha = await p.solvedCaptcha();
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, captchaId: captcha.captchaId, captchaAnswer: 'zzzz' })).error?.code).toBe('CAPTCHA_INVALID');
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, ...captcha })).error?.code).toBe('CAPTCHA_EXPIRED');
    expect(p.outbox(phone)).toHaveLength(0);
    const answer = await p.solvedCaptcha();
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, captchaId: answer.captchaId, captchaAnswer: answer.captchaAnswer.toUpperCase() })).ok).toBe(true);
  });

  it('asking again within the minute is refused before the captcha is spent, so the same captcha still works later', async () => {
    const phone = phoneNumber();
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, ...(await p.solvedCaptcha()) })).ok).toBe(true);
    const captcha = await p.solvedCaptcha();
    const tooSoon = await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, ...captcha });
    expect(tooSoon.error?.code).toBe('SMS_TOO_FREQUENT');
    // The captcha was not spent by the early refusal: it still answers for another phone.
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone: phoneNumber(), ...captcha })).ok).toBe(true);
  });

  it('the captcha is a generated PNG image', async () => {
    const r = await p.graphql<{ createCaptcha: { captcha: { imageDataUrl: string } } }>('mutation { createCaptcha { captcha { imageDataUrl } } }');
    const png = Buffer.from(r.data!.createCaptcha.captcha.imageDataUrl.replace('data:image/png;base64,', ''), 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(1000);
  });

  it('signing in needs ID number, password, captcha and the SMS code sent to the bound phone', async () => {
    const phone = phoneNumber();
    await registerShandong(p, onRoster[2], phone);
    const withoutSms = await logIn(p, { province: 'CN-SD', idNumber: onRoster[2], password: 'Taishan#2023', ...(await p.solvedCaptcha()) });
    expect(withoutSms.error?.code).toBe('SMS_CODE_REQUIRED');
    const withoutCaptcha = await logIn(p, { province: 'CN-SD', idNumber: onRoster[2], password: 'Taishan#2023', smsCode: '123456' });
    expect(withoutCaptcha.error?.code).toBe('CAPTCHA_REQUIRED');

    const sent = await sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idType: 'RESIDENT_ID', idNumber: onRoster[2], ...(await p.solvedCaptcha()) });
    expect(sent.ok).toBe(true);
    const code = p.smsCode(phone)!;
    expect(p.outbox(phone).at(-1)?.text).toContain('登录验证码');
    const signedIn = await logIn(p, { province: 'CN-SD', idType: 'RESIDENT_ID', idNumber: onRoster[2], password: 'Taishan#2023', smsCode: code, ...(await p.solvedCaptcha()) });
    expect(signedIn.error).toBeNull();
    const me = await p.graphql<{ me: { name: string } }>('{ me { name } }', undefined, bearer(signedIn.tokens!.accessToken));
    expect(me.data?.me.name).toBe('考生2');
    // The code was spent by signing in.
    const replay = await logIn(p, { province: 'CN-SD', idNumber: onRoster[2], password: 'Taishan#2023', smsCode: code, ...(await p.solvedCaptcha()) });
    expect(replay.error?.code).toBe('SMS_CODE_EXPIRED');
  });

  it('asking for a sign-in code for an ID number with no account answers as for one that has an account', async () => {
    await registerShandong(p, onRoster[3], phoneNumber());
    const known = await sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idNumber: onRoster[3], ...(await p.solvedCaptcha()) });
    const unknown = await sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idNumber: residentId('370102'), ...(await p.solvedCaptcha()) });
    expect(unknown).toEqual(known);
  });

  it('forgot password: ID and captcha show the masked bound phone, then captcha, SMS code and the new password twice reset it', async () => {
    const phone = phoneNumber();
    await registerShandong(p, onRoster[4], phone);
    const started = await startReset(p, { province: 'CN-SD', idType: 'RESIDENT_ID', idNumber: onRoster[4], ...(await p.solvedCaptcha()) });
    expect(started.ok).toBe(true);
    expect(started.maskedPhone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const sent = await sendCode(p, { province: 'CN-SD', purpose: 'RESET_PASSWORD', resetTicket: started.resetTicket, ...(await p.solvedCaptcha()) });
    expect(sent.ok).toBe(true);
    const mismatch = await resetPassword(p, { province: 'CN-SD', resetTicket: started.resetTicket, smsCode: p.smsCode(phone), newPassword: 'Lake@Daming9', newPasswordConfirmation: 'Lake@Daming8' });
    expect(mismatch.error?.code).toBe('PASSWORD_MISMATCH');
    const reset = await resetPassword(p, { province: 'CN-SD', resetTicket: started.resetTicket, smsCode: p.smsCode(phone), newPassword: 'Lake@Daming9', newPasswordConfirmation: 'Lake@Daming9' });
    expect(reset).toMatchObject({ ok: true, error: null });

    await sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idNumber: onRoster[4], ...(await p.solvedCaptcha()) });
    const signedIn = await logIn(p, { province: 'CN-SD', idNumber: onRoster[4], password: 'Lake@Daming9', smsCode: p.smsCode(phone), ...(await p.solvedCaptcha()) });
    expect(signedIn.ok).toBe(true);
  });

  it('forgot password for an ID number with no account shows a masked phone all the same, the same one each time', async () => {
    const stranger = residentId('370102');
    const first = await startReset(p, { province: 'CN-SD', idNumber: stranger, ...(await p.solvedCaptcha()) });
    const second = await startReset(p, { province: 'CN-SD', idNumber: stranger, ...(await p.solvedCaptcha()) });
    expect(first.ok).toBe(true);
    expect(first.maskedPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(second.maskedPhone).toBe(first.maskedPhone);
  });

  it('a forged or expired reset ticket is refused', async () => {
    const result = await resetPassword(p, { province: 'CN-SD', resetTicket: 'eyJhbGciOiJFZERTQSJ9.e30.AAAA', smsCode: '123456', newPassword: 'Lake@Daming9', newPasswordConfirmation: 'Lake@Daming9' });
    expect(result.error?.code).toBe('RESET_TICKET_INVALID');
  });

  it('the Inner Mongolia recovery shape is refused in Shandong, whose rules ask for the masked-phone flow', async () => {
    const result = await startReset(p, { province: 'CN-NM', idNumber: residentId('150102') });
    expect(result.error?.code).toBe('RESET_FLOW_MISMATCH');
  });
});
