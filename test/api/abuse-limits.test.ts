import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dependencies } from '../../subgraphs/candidates/src/context.ts';
import { LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_ID, LOGIN_FAILURES_PER_ID_AND_ADDRESS } from '../../subgraphs/candidates/src/modules/account/account.service.ts';
import { SMS_LIMITS } from '../../subgraphs/candidates/src/modules/verification/sms.service.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { logIn, registerInnerMongolia, registerShandong, rosterCsv, sendCode } from './flows.ts';

describe.each(DATABASES)('abuse limits (%s)', (dialect) => {
  let p: TestPlatform;
  const onRoster = Array.from({ length: 3 }, () => residentId('370102'));
  let argon2Runs: () => number;
  let addresses = 0;
  /** A fresh client address for each part of a test, as a proxy in front of the gateway reports it. */
  const from = () => ({ 'x-forwarded-for': `10.${40 + dialect.length}.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}` });

  beforeAll(async () => {
    p = await startPlatform(dialect, { ZSB_TRUST_PROXY_HOPS: '1' });
    await p.importRoster('CN-SD-2023', rosterCsv(onRoster.map((idNumber, i) => ({ idNumber, name: `考生${i}` }))));
    // Every argon2 run goes through the hasher's verify or hash (a check for an unknown ID runs verify too).
    const passwords = (p.subgraphs.candidates.dependencies as Dependencies).passwords;
    const verify = vi.spyOn(passwords, 'verify');
    const hash = vi.spyOn(passwords, 'hash');
    argon2Runs = () => verify.mock.calls.length + hash.mock.calls.length;
  });
  beforeEach(() => {
    vi.clearAllMocks();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await p?.stop();
  });

  type Outcome = { ok: boolean; error: { code: string } | null };
  const codes = (data: Record<string, Outcome> | undefined) => Object.values(data ?? {}).map((o) => o.error?.code ?? 'OK');
  /** The minute between two codes for one target passes (its window closes), the day's counts stay. */
  const minutePasses = () => p.subgraphs.candidates.orm.em.getConnection().execute('update rate_counter set expires_at = 0 where expires_at - window_start <= 60000');

  it('thirty aliased sign-ins in one request through the gateway run one password check; the others are refused with their code', async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    vi.clearAllMocks();
    const address = from();
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: logInCandidate(input: { province: "CN-NM", idNumber: "${idNumber}", password: "Guess${i}word" }) { ok error { code } }`);
    const result = await p.graphql<Record<string, Outcome>>(`mutation { ${aliases.join(' ')} }`, undefined, address);
    expect(result.errors).toBeUndefined();
    expect(codes(result.data)).toEqual(['INVALID_CREDENTIALS', ...Array(29).fill('ONE_PASSWORD_CHECK_PER_REQUEST')]);
    expect(argon2Runs()).toBe(1);
    // Only the one that ran was counted: this address is far from locked out of the ID.
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, address)).ok).toBe(true);
  });

  it('staff sign-in, registration and password reset share the one password check of a request', async () => {
    const { username } = await p.createStaff({ username: `limits.${dialect}`, role: 'PROVINCE_REVIEWER', province: 'CN-NM' });
    vi.clearAllMocks();
    const phone = phoneNumber();
    const result = await p.graphql<Record<string, Outcome>>(
      `mutation {
        staff: logInStaff(username: "${username}", password: "not-the-password") { ok error { code } }
        candidate: logInCandidate(input: { province: "CN-NM", idNumber: "${residentId('150102')}", password: "Guess1word" }) { ok error { code } }
        registration: registerCandidate(input: { province: "CN-NM", idNumber: "${residentId('150102')}", phone: "${phone}", smsCode: "123456", password: "Grassland2026", passwordConfirmation: "Grassland2026" }) { ok error { code } }
        reset: resetPassword(input: { province: "CN-NM", idNumber: "${residentId('150102')}", phone: "${phone}", smsCode: "123456", newPassword: "Grassland2026", newPasswordConfirmation: "Grassland2026" }) { ok error { code } }
      }`,
      undefined,
      from(),
    );
    expect(codes(result.data)).toEqual(['INVALID_CREDENTIALS', ...Array(3).fill('ONE_PASSWORD_CHECK_PER_REQUEST')]);
    expect(argon2Runs()).toBe(1);
  });

  it(`one address alone cannot lock an ID for everyone; ${LOGIN_FAILURES_PER_ID.max} failures from several addresses lock it for all of them`, async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    const stranger = from();
    const hammered: string[] = [];
    for (let i = 0; i < LOGIN_FAILURES_PER_ID.max + LOGIN_FAILURES_PER_ID_AND_ADDRESS.max; i++) hammered.push((await logIn(p, { province: 'CN-NM', idNumber, password: `Wrong${i}pass` }, stranger)).error!.code);
    expect(hammered.slice(0, LOGIN_FAILURES_PER_ID_AND_ADDRESS.max)).toEqual(Array(LOGIN_FAILURES_PER_ID_AND_ADDRESS.max).fill('INVALID_CREDENTIALS'));
    expect(new Set(hammered.slice(LOGIN_FAILURES_PER_ID_AND_ADDRESS.max))).toEqual(new Set(['LOGIN_LOCKED']));
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, from())).ok).toBe(true);

    // The success started the ID's count again; now as many failures as allowed, each address staying under its own lock.
    const perAddress = LOGIN_FAILURES_PER_ID_AND_ADDRESS.max;
    const outcomes: string[] = [];
    for (let a = 0; a < Math.ceil(LOGIN_FAILURES_PER_ID.max / perAddress); a++) {
      const address = from();
      for (let i = 0; i < Math.min(perAddress, LOGIN_FAILURES_PER_ID.max - a * perAddress); i++) outcomes.push((await logIn(p, { province: 'CN-NM', idNumber, password: `Wrong${a}x${i}` }, address)).error!.code);
    }
    expect(outcomes).toEqual(Array(LOGIN_FAILURES_PER_ID.max).fill('INVALID_CREDENTIALS'));
    const locked = await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, from());
    expect(locked.error?.code).toBe('LOGIN_LOCKED');
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(LOGIN_FAILURES_PER_ID.windowSeconds);
  });

  it(`one address gets ${LOGIN_FAILURES_PER_ADDRESS.max} failed sign-ins in 15 minutes whatever the IDs, and its successful sign-ins do not count`, async () => {
    const idNumber = residentId('150102');
    await registerInnerMongolia(p, idNumber, phoneNumber());
    const school = from();
    const outcomes: string[] = [];
    for (let i = 0; i < LOGIN_FAILURES_PER_ADDRESS.max; i++) {
      // Classmates sign in successfully all along; only the failures use up the address's allowance.
      if (i % 25 === 0) expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, school)).ok).toBe(true);
      outcomes.push((await logIn(p, { province: 'CN-NM', idNumber: residentId('150102'), password: 'Grassland2026' }, school)).error!.code);
    }
    expect(outcomes).toEqual(Array(LOGIN_FAILURES_PER_ADDRESS.max).fill('INVALID_CREDENTIALS'));
    const refused = await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, school);
    expect(refused.error?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(LOGIN_FAILURES_PER_ADDRESS.windowSeconds);
    // Staff sign-in from there is refused alike; another address is not affected.
    const staff = await p.graphql<{ logInStaff: Outcome }>('mutation { logInStaff(username: "nobody", password: "x") { ok error { code } } }', undefined, school);
    expect(staff.data?.logInStaff.error?.code).toBe('TOO_MANY_REQUESTS');
    expect((await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' }, from())).ok).toBe(true);
  });

  it(`a phone receives at most ${SMS_LIMITS.perPhoneDay.max} codes a day, whichever province asks`, async () => {
    const phone = phoneNumber();
    const address = from();
    const half = SMS_LIMITS.perPhoneDay.max / 2;
    for (let i = 0; i < SMS_LIMITS.perPhoneDay.max; i++) {
      const input = i < half ? { province: 'CN-NM', purpose: 'REGISTER', phone } : { province: 'CN-SD', purpose: 'REGISTER', phone, ...(await p.solvedCaptcha()) };
      expect((await p.graphql<{ sendSmsCode: Outcome }>('mutation($input: SendSmsCodeInput!) { sendSmsCode(input: $input) { ok error { code } } }', { input }, address)).data?.sendSmsCode.ok).toBe(true);
      await minutePasses();
    }
    expect(p.outbox(phone)).toHaveLength(SMS_LIMITS.perPhoneDay.max);
    expect((await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone })).error?.code).toBe('SMS_DAILY_LIMIT');
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone, ...(await p.solvedCaptcha()) })).error?.code).toBe('SMS_DAILY_LIMIT');
    expect((await sendCode(p, { province: 'CN-NM', purpose: 'RESET_PASSWORD', idNumber: residentId('150102'), phone })).error?.code).toBe('SMS_DAILY_LIMIT');
    expect(p.outbox(phone)).toHaveLength(SMS_LIMITS.perPhoneDay.max);
  });

  it("past its daily cap, the phone of an ID number's account gets no sign-in code, and the answer still reads as for an unknown ID", async () => {
    const phone = phoneNumber();
    await registerShandong(p, onRoster[0], phone);
    await minutePasses();
    for (let i = p.outbox(phone).length; i < SMS_LIMITS.perPhoneDay.max - 1; i++) {
      expect((await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone })).ok).toBe(true);
      await minutePasses();
    }
    const signInCode = async () => sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idType: 'RESIDENT_ID', idNumber: onRoster[0], ...(await p.solvedCaptcha()) });
    const last = await signInCode();
    expect(last.ok).toBe(true);
    expect(p.outbox(phone)).toHaveLength(SMS_LIMITS.perPhoneDay.max);
    expect(p.outbox(phone).at(-1)?.text).toContain('登录验证码');
    await minutePasses();
    const over = await signInCode();
    const unknown = await sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idType: 'RESIDENT_ID', idNumber: residentId('370102'), ...(await p.solvedCaptcha()) });
    expect(over).toEqual(unknown);
    expect(over.ok).toBe(true);
    expect(p.outbox(phone)).toHaveLength(SMS_LIMITS.perPhoneDay.max);
  });
});
