import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, loadCallerSecret, maskIdNumber, maskName, maskPhone, REDACTED, Refusal, sealCaller, type Principal } from '@zsb/platform';
import type { Dependencies } from '../../subgraphs/candidates/src/context.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { everyStoredValue } from '../support/stored-text.ts';
import { bearer, logIn, register, registerInnerMongolia, registerShandong, resetPassword, rosterCsv, sendCode, startReset } from './flows.ts';

const ROSTER_QUERY = '{ rosterEntries(examSessionId: "CN-SD-2023", limit: 200) { totalCount entries { id idNumber name collegeCode } } }';
type RosterAnswer = { rosterEntries: { totalCount: number; entries: { id: string; idNumber: string; name: string; collegeCode: string }[] } };

describe.each(DATABASES)('personal data (%s)', (dialect) => {
  let p: TestPlatform;
  const lines: string[] = [];
  const names = ['慕容翀', '司徒璟瑜', '欧阳玥'];
  const onRoster = names.map(() => residentId('370102'));
  const strangers = [residentId('370102'), residentId('370102'), residentId('150102')];
  const innerMongolian = residentId('150102');
  const phones = { first: phoneNumber(), second: phoneNumber(), stranger: phoneNumber(), innerMongolian: phoneNumber() };
  /** Everything personal the tests type or import: none of it may be stored in clear or logged. */
  const personal = [...onRoster, ...strangers, innerMongolian, ...Object.values(phones), ...names];
  const tokens: Record<string, string> = {};
  let accountId = '';

  const audits = () => p.subgraphs.candidates.orm.em.fork().find(AuditEntry, { action: 'personal-data.read' }, { orderBy: { at: 'asc' } });
  const asPartner = (key: string) => p.graphql<RosterAnswer>(ROSTER_QUERY, undefined, { 'x-api-key': key });

  beforeAll(async () => {
    p = await startPlatform(dialect, {}, { logSink: (_level, line) => lines.push(line) });
    await p.importRoster('CN-SD-2023', rosterCsv(onRoster.map((idNumber, i) => ({ idNumber, name: names[i], college: i === 2 ? '13000' : '10427' }))));
    for (const [key, member] of Object.entries({
      province: { username: 'sd.pd.province', role: 'PROVINCE_REVIEWER', province: 'CN-SD' },
      college: { username: 'sd.pd.college', role: 'COLLEGE_REVIEWER', province: 'CN-SD', collegeCode: '10427' },
    } as const)) {
      const { password } = await p.createStaff(member);
      const signedIn = await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($u: String!, $p: String!) { logInStaff(username: $u, password: $p) { tokens { accessToken } } }', { u: member.username, p: password });
      tokens[key] = signedIn.data!.logInStaff.tokens.accessToken;
    }
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('registration, sign-in, recovery and rate limits find people by blind index, and nothing personal is stored in clear anywhere', async () => {
    // Roster check at registration, and the roster name carried to the account.
    const registered = await registerShandong(p, onRoster[0], phones.first);
    expect(registered).toMatchObject({ ok: true, account: { idNumber: onRoster[0], phone: phones.first, name: names[0] } });
    accountId = registered.account!.id;
    // One account per ID number.
    expect((await registerShandong(p, onRoster[0], phones.second)).error?.code).toBe('ACCOUNT_EXISTS');
    // Not on the roster.
    await sendCode(p, { province: 'CN-SD', purpose: 'REGISTER', phone: phones.stranger, ...(await p.solvedCaptcha()) });
    const refused = await register(p, {
      province: 'CN-SD', idType: 'RESIDENT_ID', idNumber: strangers[0], phone: phones.stranger, smsCode: p.smsCode(phones.stranger),
      password: 'Taishan#2023', passwordConfirmation: 'Taishan#2023', acceptedPrivacyPolicy: true, ...(await p.solvedCaptcha()),
    });
    expect(refused.error?.code).toBe('NOT_ON_ROSTER');

    // A sign-in code goes to the phone bound to the ID number (the challenge's target holds the ID number).
    await sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idType: 'RESIDENT_ID', idNumber: onRoster[0], ...(await p.solvedCaptcha()) });
    const signedIn = await logIn(p, { province: 'CN-SD', idNumber: onRoster[0], password: 'Taishan#2023', smsCode: p.smsCode(phones.first), ...(await p.solvedCaptcha()) });
    expect(signedIn.error).toBeNull();
    expect((await sendCode(p, { province: 'CN-SD', purpose: 'LOGIN', idNumber: strangers[1], ...(await p.solvedCaptcha()) })).ok).toBe(true);

    // Recovery checks that the code went to the bound phone.
    const started = await startReset(p, { province: 'CN-SD', idNumber: onRoster[0], ...(await p.solvedCaptcha()) });
    expect(started.maskedPhone).toBe(maskPhone(phones.first));
    await sendCode(p, { province: 'CN-SD', purpose: 'RESET_PASSWORD', resetTicket: started.resetTicket, ...(await p.solvedCaptcha()) });
    expect((await resetPassword(p, { province: 'CN-SD', resetTicket: started.resetTicket, smsCode: p.smsCode(phones.first), newPassword: 'Lake@Daming9', newPasswordConfirmation: 'Lake@Daming9' })).ok).toBe(true);

    // Wrong passwords are counted per ID number (in hashed rate buckets) until the ID is locked.
    const innerMongolia = await registerInnerMongolia(p, innerMongolian, phones.innerMongolian);
    expect(innerMongolia.ok).toBe(true);
    tokens.candidate = innerMongolia.tokens!.accessToken;
    let outcome = '';
    for (let attempt = 0; attempt < 50 && outcome !== 'LOGIN_LOCKED'; attempt++) {
      outcome = (await logIn(p, { province: 'CN-NM', idNumber: innerMongolian, password: 'Wrong-2026x' })).error!.code;
      expect(['INVALID_CREDENTIALS', 'LOGIN_LOCKED']).toContain(outcome);
    }
    expect(outcome).toBe('LOGIN_LOCKED');
    expect((await logIn(p, { province: 'CN-NM', idNumber: innerMongolian, password: 'Grassland2026' })).error?.code).toBe('LOGIN_LOCKED');
    expect((await logIn(p, { province: 'CN-NM', idNumber: strangers[2], password: 'Grassland2026' })).error?.code).toBe('INVALID_CREDENTIALS');
    // An ID number typed into the staff sign-in is not kept in the audit log.
    const staffTry = await p.graphql<{ logInStaff: { error: { code: string } } }>('mutation($u: String!) { logInStaff(username: $u, password: "x") { error { code } } }', { u: strangers[2] });
    expect(staffTry.data!.logInStaff.error.code).toBe('INVALID_CREDENTIALS');

    const { tables, text } = await everyStoredValue(p.subgraphs.candidates.orm);
    expect(tables).toEqual(expect.arrayContaining(['candidate_account', 'roster_entry', 'sms_challenge', 'rate_counter', 'audit_entry']));
    expect(text).toContain('"v1.');
    for (const value of personal) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(value.toLowerCase());
    }
    // The birth-date-and-sequence part alone does not show either.
    for (const id of [...onRoster, ...strangers, innerMongolian]) expect(text).not.toContain(id.slice(6, 17));
  });

  it('partners see ID numbers and names masked unless their key holds roster.read.identity; staff see them whole', async () => {
    const whole = (await p.graphql<RosterAnswer>(ROSTER_QUERY, undefined, bearer(tokens.province))).data!.rosterEntries.entries;
    expect(new Set(whole.map((e) => e.idNumber))).toEqual(new Set(onRoster));
    expect(new Set(whole.map((e) => e.name))).toEqual(new Set(names));
    const college = (await p.graphql<RosterAnswer>(ROSTER_QUERY, undefined, bearer(tokens.college))).data!.rosterEntries.entries;
    expect(college.map((e) => e.idNumber).sort()).toEqual(onRoster.slice(0, 2).sort());

    const maskedKey = await p.createPartnerKey({ name: '某市招生系统', scopes: ['roster.read'], province: 'CN-SD' });
    const masked = (await asPartner(maskedKey)).data!.rosterEntries.entries;
    expect(masked).toHaveLength(whole.length);
    for (const entry of masked) {
      const real = whole.find((e) => e.id === entry.id)!;
      expect(entry.idNumber).toBe(maskIdNumber(real.idNumber));
      expect(entry.idNumber).toMatch(/^3701\*{10}[\dX]{4}$/);
      expect(entry.name).toBe(maskName(real.name));
      expect(entry.collegeCode).toBe(real.collegeCode);
    }
    expect(masked.map((e) => e.name).sort()).toEqual(['司**瑜', '慕*翀', '欧*玥'].sort());

    const identityKey = await p.createPartnerKey({ name: '省考试院数据平台', scopes: ['roster.read', 'roster.read.identity'], province: 'CN-SD' });
    expect((await asPartner(identityKey)).data!.rosterEntries.entries).toEqual(whole);
  });

  it('an account reached by a partner is masked the same way, under accounts.read.identity', async () => {
    const secret = loadCallerSecret(p.config);
    const query = `{ _entities(representations: [{ __typename: "CandidateAccount", id: "${accountId}" }]) { ... on CandidateAccount { idNumber phone name } } }`;
    const asPrincipal = async (principal: Principal) => {
      const response = await fetch(p.subgraphs.candidates.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zsb-caller': sealCaller({ principal, clientIp: '10.0.0.9', requestId: `pd-${Math.random()}` }, secret) },
        body: JSON.stringify({ query }),
      });
      return ((await response.json()) as { data: { _entities: { idNumber: string; phone: string; name: string }[] } }).data._entities[0];
    };
    const partner: Principal = { kind: 'partner', keyId: '00000000000000aa', name: '对接', scopes: ['accounts.read'] };
    expect(await asPrincipal(partner)).toEqual({ idNumber: maskIdNumber(onRoster[0]), phone: maskPhone(phones.first), name: maskName(names[0]) });
    expect(await asPrincipal({ ...partner, scopes: ['accounts.read', 'accounts.read.identity'] })).toEqual({ idNumber: onRoster[0], phone: phones.first, name: names[0] });
    const entries = (await audits()).filter((e) => e.actor === 'partner:00000000000000aa');
    expect(entries.map((e) => [e.subjectType, e.details]).sort((a, b) => String((a[1] as { shown: string }).shown).localeCompare(String((b[1] as { shown: string }).shown)))).toEqual([
      ['CandidateAccount', { records: { CandidateAccount: 1 }, fields: { CandidateAccount: ['idNumber', 'name', 'phone'] }, shown: 'masked' }],
      ['CandidateAccount', { records: { CandidateAccount: 1 }, fields: { CandidateAccount: ['idNumber', 'name', 'phone'] }, shown: 'whole' }],
    ]);
  });

  it('each request by staff or a partner that returns personal data leaves one audit entry: who, what kind, how many records', async () => {
    const key = await p.createPartnerKey({ name: '审计核对', scopes: ['roster.read'], province: 'CN-SD' });
    const keyId = key.split('_')[1];
    const before = (await audits()).length;
    await asPartner(key);
    await p.graphql(ROSTER_QUERY, undefined, bearer(tokens.province));
    // No personal field asked for, or the candidate's own data: nothing to audit.
    await p.graphql('{ rosterEntries(examSessionId: "CN-SD-2023") { totalCount entries { collegeCode track } } }', undefined, { 'x-api-key': key });
    expect((await p.graphql<{ me: { idNumber: string } }>('{ me { idNumber phone name } }', undefined, bearer(tokens.candidate))).data?.me.idNumber).toBe(innerMongolian);
    const added = (await audits()).slice(before);
    expect(added).toHaveLength(2);
    expect(added.find((e) => e.actor.startsWith('partner:'))).toMatchObject({
      actor: `partner:${keyId}`,
      subjectType: 'RosterEntry',
      details: { records: { RosterEntry: 3 }, fields: { RosterEntry: ['idNumber', 'name'] }, shown: 'masked' },
      requestId: expect.any(String),
      clientIp: expect.any(String),
    });
    expect(added.find((e) => e.actor.startsWith('staff:'))).toMatchObject({ details: { records: { RosterEntry: 3 }, shown: 'whole' } });
  });

  it('an identity scope is granted only together with its base scope', async () => {
    await expect(p.createPartnerKey({ name: '越权', scopes: ['roster.read.identity'] })).rejects.toThrow(Refusal);
    await expect(p.createPartnerKey({ name: '越权', scopes: ['exams.read', 'accounts.read.identity'] })).rejects.toThrow(/accounts.read.identity 须与 accounts.read 一同授予/);
  });

  it('the logs of all of the above hold no ID number, phone or name, and one slipped into an error message is redacted', async () => {
    expect(lines.length).toBeGreaterThan(3);
    const logged = lines.join('\n');
    for (const value of personal) expect(logged).not.toContain(value);
    expect(logged).not.toContain(REDACTED);

    // A carrier that echoes the number in its error: the failure is logged, the number is not.
    const deps = p.subgraphs.candidates.dependencies as Dependencies;
    const working = deps.sms;
    deps.sms = { name: 'echoing', send: async (message) => Promise.reject(new Error(`carrier refused ${message.phone}`)) };
    try {
      const phone = phoneNumber();
      expect((await sendCode(p, { province: 'CN-NM', purpose: 'REGISTER', phone })).error?.code).toBe('SMS_SEND_FAILED');
      const failure = lines.find((line) => line.includes('sms provider failed'))!;
      expect(failure).toContain(`carrier refused ${REDACTED}`);
      expect(lines.join('\n')).not.toContain(phone);
    } finally {
      deps.sms = working;
    }
  });

  it('when the audit entry cannot be written, the personal data is withheld', async () => {
    const key = await p.createPartnerKey({ name: '审计失败', scopes: ['roster.read'], province: 'CN-SD' });
    const connection = p.subgraphs.candidates.orm.em.getConnection();
    await connection.execute('alter table audit_entry rename to audit_entry_away');
    try {
      const answer = await asPartner(key);
      expect(answer.data?.rosterEntries ?? null).toBeNull();
      expect(answer.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(answer)).not.toContain('3701');
      // Without personal fields nothing needs auditing, and the answer is served.
      expect((await p.graphql<RosterAnswer>('{ rosterEntries(examSessionId: "CN-SD-2023") { totalCount } }', undefined, { 'x-api-key': key })).data?.rosterEntries.totalCount).toBe(3);
    } finally {
      await connection.execute('alter table audit_entry_away rename to audit_entry');
    }
  });
});
