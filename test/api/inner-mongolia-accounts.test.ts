import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId, withWrongCheckChar } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { SmsChallenge } from '../../subgraphs/candidates/src/modules/verification/sms-challenge.entity.ts';
import { phoneTarget, targetDigest } from '../../subgraphs/candidates/src/modules/verification/sms.service.ts';
import { bearer, logIn, register, registerInnerMongolia, resetPassword, sendCode } from './flows.ts';

describe.each(DATABASES)('Inner Mongolia accounts (%s)', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    // The tests play candidates at several addresses, as a proxy in front of the gateway would report them.
    p = await startPlatform(dialect, { ZSB_TRUST_PROXY_HOPS: '1' });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a candidate registers with ID number, phone, SMS code and password, then signs in with ID number and password alone', async () => {
    const idNumber = residentId('150102');
    const phone = phoneNumber();
    const registered = await registerInnerMongolia(p, idNumber, phone);
    expect(registered.error).toBeNull();
    expect(registered.ok).toBe(true);
    expect(registered.account).toMatchObject({ province: 'CN-NM', idNumber, phone, examSession: { id: 'CN-NM-2026', title: '2026年内蒙古自治区普通高等教育专升本考试' } });
    expect(p.outbox(phone).at(-1)?.text).toMatch(/^【内蒙古自治区教育考试院】您的注册账号验证码为\d{6}，10分钟内有效/);

    const signedIn = await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' });
    expect(signedIn.ok).toBe(true);
    const me = await p.graphql<{ me: { idNumber: string } }>('{ me { idNumber } }', undefined, bearer(signedIn.tokens!.accessToken));
    expect(me.data?.me.idNumber).toBe(idNumber);
  });

  it('an ID number may hold only one account', async () => {
    const idNumber = residentId('150102');
    expect((await registerInnerMongolia(p, idNumber, phoneNumber())).ok).toBe(true);
    const again = await registerInnerMongolia(p, idNumber, phoneNumber());
    expect(again).toMatchObject({ ok: false, error: { code: 'ACCOUNT_EXISTS', field: 'idNumber' } });
  });

  it('a lower-case x as the check character is accepted and stored upper-case', async () => {
    let idNumber = residentId('150102');
    while (!idNumber.endsWith('X')) idNumber = residentId('150102');
    const registered = await registerInnerMongolia(p, idNumber.toLowerCase(), phoneNumber());
    expect(registered.account?.idNumber).toBe(idNumber);
  });

  it.each([
    ['a wrong check digit', { idNumber: 'wrong' }, 'ID_NUMBER_INVALID', 'idNumber', '校验位'],
    ['a birth date that does not exist', { idNumber: 'feb30' }, 'ID_NUMBER_INVALID', 'idNumber', '出生日期'],
    ['an empty ID number', { idNumber: '' }, 'ID_NUMBER_REQUIRED', 'idNumber', '请输入证件号码'],
    ['a phone with 10 digits', { phone: '1391234567' }, 'PHONE_INVALID', 'phone', '11位'],
    ['a password without digits', { password: 'OnlyLetters', passwordConfirmation: 'OnlyLetters' }, 'PASSWORD_TOO_WEAK', 'password', '数字'],
    ['a password of 7 characters', { password: 'Abc1234', passwordConfirmation: 'Abc1234' }, 'PASSWORD_TOO_WEAK', 'password', '8-20'],
    ['a confirmation that differs', { passwordConfirmation: 'Grassland2027' }, 'PASSWORD_MISMATCH', 'passwordConfirmation', '不一致'],
    ['an ID type the province does not accept', { idType: 'HK_MACAO_PERMIT' }, 'ID_TYPE_NOT_ACCEPTED', 'idType', '证件类型'],
    ['an unknown province', { province: 'CN-XX' }, 'PROVINCE_UNKNOWN', 'province', '暂未开放'],
  ] as [string, Record<string, string>, string, string, string][])('registration with %s is refused with a specific error and creates nothing', async (_name, change, code, field, words) => {
    const valid = residentId('150102');
    const phone = phoneNumber();
    const input: Record<string, unknown> = { province: 'CN-NM', idNumber: valid, phone, smsCode: '000000', password: 'Grassland2026', passwordConfirmation: 'Grassland2026', ...change };
    if (change.idNumber === 'wrong') input.idNumber = withWrongCheckChar(valid);
    if (change.idNumber === 'feb30') input.idNumber = '150102' + '20010230' + '123' + 'X';
    const result = await register(p, input);
    expect(result).toMatchObject({ ok: false, error: { code, field }, account: null, tokens: null });
    expect(result.error!.message).toContain(words);
    expect((await logIn(p, { province: 'CN-NM', idNumber: valid, password: 'Grassland2026' })).error?.code).toBe('INVALID_CREDENTIALS');
  });

  it('an SMS code works once, only for its purpose and phone, and five wrong guesses spend it', async () => {
    const phone = phoneNumber();
    expect((await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone })).resendAfterSeconds).toBe(60);
    const code = p.smsCode(phone)!;
    expect(code).toMatch(/^\d{6}$/);
    const base = { province: 'CN-NM', idNumber: residentId('150102'), password: 'Grassland2026', passwordConfirmation: 'Grassland2026' };
    // Another phone cannot use it.
    expect((await register(p, { ...base, phone: phoneNumber(), smsCode: code })).error?.code).toBe('SMS_CODE_EXPIRED');
    // Wrong guesses count down, then the code is spent even when right.
    for (let i = 0; i < 5; i++) {
      const wrong = String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      expect((await register(p, { ...base, phone, smsCode: wrong })).error?.code).toBe('SMS_CODE_INVALID');
    }
    expect((await register(p, { ...base, phone, smsCode: code })).error).toMatchObject({ code: 'SMS_CODE_EXPIRED', message: '验证码错误次数过多，请重新获取' });
  });

  it('guessing a code with many requests at once still allows only five guesses', async () => {
    const phone = phoneNumber();
    await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone });
    const code = p.smsCode(phone)!;
    const base = { province: 'CN-NM', idNumber: residentId('150102'), phone, password: 'Grassland2026', passwordConfirmation: 'Grassland2026' };
    const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => register(p, { ...base, smsCode: wrong(i) })));
    expect(outcomes.filter((o) => o.error?.code === 'SMS_CODE_INVALID').length).toBeLessThanOrEqual(5);
    expect((await register(p, { ...base, smsCode: code })).error?.code).toBe('SMS_CODE_EXPIRED');
  });

  it('a code that met an ID number already registered is spent, so one code cannot test many ID numbers', async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    const phone = phoneNumber();
    await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone });
    const code = p.smsCode(phone);
    const taken = await register(p, { province: 'CN-NM', idNumber, phone, smsCode: code, password: 'Grassland2026', passwordConfirmation: 'Grassland2026' });
    expect(taken.error?.code).toBe('ACCOUNT_EXISTS');
    const next = await register(p, { province: 'CN-NM', idNumber: residentId('150102'), phone, smsCode: code, password: 'Grassland2026', passwordConfirmation: 'Grassland2026' });
    expect(next.error?.code).toBe('SMS_CODE_EXPIRED');
  });

  it('Inner Mongolia signs in without SMS, so a sign-in code is not sent', async () => {
    const sent = await sendCode(p, { province: 'CN-NM', purpose: 'LOGIN', idNumber: residentId('150102') });
    expect(sent.error?.code).toBe('SMS_PURPOSE_INVALID');
  });

  it('many wrong passwords sent at once still lock after five', async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    const headers = { 'x-forwarded-for': '10.9.0.1' };
    await Promise.all(Array.from({ length: 12 }, (_, i) => logIn(p, { province: 'CN-NM', idNumber, password: `Wrong${i}pass` }, headers)));
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, headers)).error?.code).toBe('LOGIN_LOCKED');
  });

  it('a stranger failing from another address does not lock the candidate out', async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    for (let i = 0; i < 6; i++) await logIn(p, { province: 'CN-NM', idNumber, password: `Wrong${i}pass` }, { 'x-forwarded-for': '10.9.0.2' });
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Wrong9pass' }, { 'x-forwarded-for': '10.9.0.2' })).error?.code).toBe('LOGIN_LOCKED');
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, { 'x-forwarded-for': '10.9.0.3' })).ok).toBe(true);
  });

  it('a wrong recovery code reads the same whether or not the ID number is registered with that phone', async () => {
    const idNumber = residentId('150102');
    const phone = phoneNumber();
    await registerInnerMongolia(p, idNumber, phone);
    const stranger = { idNumber: residentId('150102'), phone: phoneNumber() };
    const outcomes = [];
    for (const who of [{ idNumber, phone }, stranger]) {
      await sendCode(p, { province: 'CN-NM', purpose: 'RESET_PASSWORD', ...who });
      const code = p.smsCode(phone) ?? '000000';
      const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
      outcomes.push(await resetPassword(p, { province: 'CN-NM', ...who, smsCode: wrong, newPassword: 'NewSteppe2026', newPasswordConfirmation: 'NewSteppe2026' }));
    }
    expect(outcomes[0].error).toEqual(outcomes[1].error);
    expect(outcomes[0].error?.code).toBe('SMS_CODE_INVALID');
  });

  it('an SMS code is single use', async () => {
    const phone = phoneNumber();
    const first = await registerInnerMongolia(p, residentId('150102'), phone);
    expect(first.ok).toBe(true);
    const reuse = await register(p, { province: 'CN-NM', idNumber: residentId('150102'), phone, smsCode: p.smsCode(phone), password: 'Grassland2026', passwordConfirmation: 'Grassland2026' });
    expect(reuse.error?.code).toBe('SMS_CODE_EXPIRED');
  });

  it('an SMS code expires after ten minutes', async () => {
    const phone = phoneNumber();
    await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone });
    const em = p.subgraphs.candidates.orm.em.fork();
    const challenge = await em.findOneOrFail(SmsChallenge, { targetDigest: targetDigest(em, phoneTarget(phone)) });
    expect(challenge.expiresAt.getTime() - challenge.createdAt.getTime()).toBeLessThanOrEqual(600_000);
    await p.subgraphs.candidates.orm.em.fork().nativeUpdate(SmsChallenge, { id: challenge.id }, { expiresAt: new Date(Date.now() - 1000) });
    const late = await register(p, { province: 'CN-NM', idNumber: residentId('150102'), phone, smsCode: p.smsCode(phone), password: 'Grassland2026', passwordConfirmation: 'Grassland2026' });
    expect(late.error).toMatchObject({ code: 'SMS_CODE_EXPIRED', message: '短信验证码已失效，请重新获取' });
  });

  it('asking for a second code within a minute is refused with the seconds to wait', async () => {
    const phone = phoneNumber();
    expect((await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone })).ok).toBe(true);
    const again = await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone });
    expect(again).toMatchObject({ ok: false, error: { code: 'SMS_TOO_FREQUENT' } });
    expect(again.resendAfterSeconds).toBeGreaterThan(50);
    expect(p.outbox(phone)).toHaveLength(1);
  });

  it('signing out ends the session at once: the access token and the refresh token stop working', async () => {
    const registered = await registerInnerMongolia(p, residentId('150102'), phoneNumber());
    const { accessToken, refreshToken } = registered.tokens!;
    expect((await p.graphql('{ me { id } }', undefined, bearer(accessToken))).data).toBeTruthy();
    const out = await p.graphql<{ logOut: { ok: boolean } }>('mutation { logOut { ok } }', undefined, bearer(accessToken));
    expect(out.data?.logOut.ok).toBe(true);
    const after = await p.graphql('{ me { id } }', undefined, bearer(accessToken));
    expect(after.status).toBe(401);
    expect(after.errors?.[0].extensions?.code).toBe('SESSION_ENDED');
    const refreshed = await p.graphql<{ refreshSession: { ok: boolean; error: { code: string } } }>('mutation($t: String!) { refreshSession(refreshToken: $t) { ok error { code } } }', { t: refreshToken });
    expect(refreshed.data?.refreshSession).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
  });

  it('forgot password: ID number, phone and SMS code set a new password, end every session, and the old password stops working', async () => {
    const idNumber = residentId('150102');
    const phone = phoneNumber();
    const registered = await registerInnerMongolia(p, idNumber, phone);
    // In use just before: the gateway has seen the session live, and must still refuse it on the very next request.
    expect((await p.graphql('{ me { id } }', undefined, bearer(registered.tokens!.accessToken))).status).toBe(200);
    const sent = await sendCode(p, { province: 'CN-NM', purpose: 'RESET_PASSWORD', idNumber, phone });
    expect(sent).toMatchObject({ ok: true, resendAfterSeconds: 60 });
    const reset = await resetPassword(p, { province: 'CN-NM', idNumber, phone, smsCode: p.smsCode(phone), newPassword: 'NewSteppe2026', newPasswordConfirmation: 'NewSteppe2026' });
    expect(reset).toMatchObject({ ok: true, error: null });
    expect((await p.graphql('{ me { id } }', undefined, bearer(registered.tokens!.accessToken))).status).toBe(401);
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' })).error?.code).toBe('INVALID_CREDENTIALS');
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'NewSteppe2026' })).ok).toBe(true);
  });

  it('asking for a recovery code answers the same whether or not the ID number has an account with that phone, and sends nothing for a stranger', async () => {
    const idNumber = residentId('150102');
    const phone = phoneNumber();
    await registerInnerMongolia(p, idNumber, phone);
    const strangerPhone = phoneNumber();
    const known = await sendCode(p, { province: 'CN-NM', purpose: 'RESET_PASSWORD', idNumber, phone });
    const wrongPhone = await sendCode(p, { province: 'CN-NM', purpose: 'RESET_PASSWORD', idNumber, phone: strangerPhone });
    const unknown = await sendCode(p, { province: 'CN-NM', purpose: 'RESET_PASSWORD', idNumber: residentId('150102'), phone: phoneNumber() });
    expect(wrongPhone).toEqual({ ...known, maskedPhone: wrongPhone.maskedPhone });
    expect(unknown).toEqual({ ...known, maskedPhone: unknown.maskedPhone });
    expect(p.outbox(strangerPhone)).toHaveLength(0);
  });

  it('five wrong passwords lock sign-in for that ID number for at most fifteen minutes, and an unregistered ID number behaves the same', async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    const stranger = residentId('150102');
    for (const id of [idNumber, stranger]) {
      const outcomes = [];
      for (let i = 0; i < 5; i++) outcomes.push((await logIn(p, { province: 'CN-NM', idNumber: id, password: `Wrong${i}pass` })).error?.code);
      expect(outcomes).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
      const locked = await logIn(p, { province: 'CN-NM', idNumber: id, password: 'Grassland2026' });
      expect(locked.error?.code).toBe('LOGIN_LOCKED');
      expect(locked.retryAfterSeconds).toBeGreaterThan(0);
      expect(locked.retryAfterSeconds).toBeLessThanOrEqual(900);
    }
  });

  it('the refusal for a wrong password reads the same for a registered and an unregistered ID number', async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    const known = await logIn(p, { province: 'CN-NM', idNumber, password: 'NotMyPass1' });
    const unknown = await logIn(p, { province: 'CN-NM', idNumber: residentId('150102'), password: 'NotMyPass1' });
    expect(known.error).toEqual(unknown.error);
  });
});
