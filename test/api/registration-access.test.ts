import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, loadCallerSecret, sealedCallerHeader } from '@zsb/platform';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, register, sendCode } from './flows.ts';
import { completeStep, file, handOverFiles, markPaid, must, reviewRegistration, showStep, startRegistration, type RegistrationView } from './registration-flows.ts';

/**
 * Only one's own: every registration operation of one candidate tried with another's identifiers, and every reviewer
 * operation outside the reviewer's college or province, are refused; staff and partner queries stay within reach.
 * Hainan 2027 (a test province) reviews in a college stage and then a provincial one.
 */
const OPEN = '2027-03-02T10:00:00+08:00';

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: { code?: string } }[];
}

describe.each(DATABASES)('registrations are reached only by their candidate and the staff and partners they belong to (%s)', (dialect) => {
  let p: TestPlatform;
  const candidate: Record<'a' | 'b', { token: string; phone: string; idNumber: string; registration?: RegistrationView }> = {} as never;
  const staff: Record<string, string> = {};
  const partners: Record<string, string> = {};

  const ask = async (token: Record<string, string>, query: string, variables: Record<string, unknown> = {}) => (await p.graphql(query, variables, token)) as GraphQLAnswer;
  const code = (answer: GraphQLAnswer, field: string) => (answer.data?.[field] as { error?: { code?: string } } | null)?.error?.code ?? answer.errors?.[0]?.extensions?.code;

  async function signUp(idNumber: string, phone: string): Promise<string> {
    await sendCode(p, { province: 'CN-HI', purpose: 'REGISTER', phone });
    const registered = await register(p, { province: 'CN-HI', idNumber, phone, smsCode: p.smsCode(phone), password: 'Coconut2027', passwordConfirmation: 'Coconut2027', acceptedPrivacyPolicy: true });
    return registered.tokens!.accessToken;
  }

  /** A Hainan candidate of a college, through to the college stage of qualification review. */
  async function toReview(who: 'a' | 'b', collegeCode: string): Promise<RegistrationView> {
    const { token, phone } = candidate[who];
    p.clock.set(OPEN, 'CN-HI');
    const started = must(await startRegistration(p, token));
    must(await showStep(p, token, started.id, 'NOTICE'));
    p.clock.set('2027-03-02T10:00:05+08:00', 'CN-HI');
    must(await completeStep(p, token, started.id, 'NOTICE', { acknowledged: true }));
    must(await completeStep(p, token, started.id, 'CANDIDATE_TYPE', { candidateType: 'REGULAR' }));
    must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', { name: who === 'a' ? '李四海' : '王五山', gender: '1', phone, collegeCode, majorName: '旅游管理', mailingAddress: '海南省三亚市示例路1号', postcode: '572000' }));
    must(await completeStep(p, token, started.id, 'EXAM_CHOICE', { examCity: '460200', subjectGroup: 'SCIENCE' }));
    expect((await markPaid(p, started.id, 11000)).body).toMatchObject({ completed: true });
    expect((await handOverFiles(p, started.id, 'MATERIALS', { STUDENT_STATUS_REPORT: file('pdf') })).body).toMatchObject({ completed: true });
    expect((await handOverFiles(p, started.id, 'PHOTO', { photo: { ...file(), check: 'PENDING' } })).body).toMatchObject({ completed: true, status: 'IN_REVIEW' });
    return started;
  }

  beforeAll(async () => {
    const roots = [DEFAULT_RULES_DIR, path.join(path.dirname(DEFAULT_RULES_DIR), 'test-provinces')].join(path.delimiter);
    p = await startPlatform(dialect, { ZSB_RULES_DIR: roots });
    for (const who of ['a', 'b'] as const) {
      const phone = phoneNumber();
      const idNumber = residentId('460100');
      candidate[who] = { token: await signUp(idNumber, phone), phone, idNumber };
    }
    for (const [key, member] of Object.entries({
      haikou: { username: 'hi.college.1', role: 'COLLEGE_REVIEWER', province: 'CN-HI', collegeCode: 'HI001' },
      sanya: { username: 'hi.college.2', role: 'COLLEGE_REVIEWER', province: 'CN-HI', collegeCode: 'HI002' },
      hainan: { username: 'hi.province', role: 'PROVINCE_REVIEWER', province: 'CN-HI' },
      shandong: { username: 'sd.province', role: 'PROVINCE_REVIEWER', province: 'CN-SD' },
      policy: { username: 'hi.policy', role: 'POLICY_STAFF', province: 'CN-HI' },
    } as const)) {
      const { password } = await p.createStaff(member);
      const r = await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($u: String!, $p: String!) { logInStaff(username: $u, password: $p) { tokens { accessToken } } }', { u: member.username, p: password });
      staff[key] = r.data!.logInStaff.tokens.accessToken;
    }
    partners.hainan = await p.createPartnerKey({ name: 'hainan statistics', scopes: ['registrations.read'], province: 'CN-HI' });
    partners.identity = await p.createPartnerKey({ name: 'hainan admissions', scopes: ['registrations.read', 'registrations.read.identity'], province: 'CN-HI' });
    partners.shandong = await p.createPartnerKey({ name: 'shandong statistics', scopes: ['registrations.read'], province: 'CN-SD' });
    partners.exams = await p.createPartnerKey({ name: 'timetable', scopes: ['exams.read'] });
    candidate.a.registration = await toReview('a', 'HI001');
    candidate.b.registration = await toReview('b', 'HI002');
  });
  afterAll(async () => {
    await p?.stop();
  });

  it("every query and mutation of a candidate is refused on another candidate's registration", async () => {
    const b = bearer(candidate.b.token);
    const theirs = candidate.a.registration!.id;
    const before = await ask(bearer(candidate.a.token), `{ myRegistration { version status } }`);
    const operations: [string, string, Record<string, unknown>][] = [
      ['registration', 'query($id: ID!) { registration(id: $id) { id fields { value } } }', { id: theirs }],
      ['showRegistrationStep', 'mutation($id: ID!) { showRegistrationStep(registrationId: $id, step: "NOTICE") { ok error { code } } }', { id: theirs }],
      ['completeRegistrationStep', 'mutation($id: ID!) { completeRegistrationStep(input: { registrationId: $id, step: "CANDIDATE_TYPE", values: { candidateType: "SKILLS_AWARD" } }) { ok error { code } } }', { id: theirs }],
      ['acknowledgeIntegrityPledge', 'mutation($id: ID!) { acknowledgeIntegrityPledge(registrationId: $id) { ok error { code } } }', { id: theirs }],
      ['requestRegistrationChanges', 'mutation($id: ID!) { requestRegistrationChanges(input: { registrationId: $id, changes: [{ field: "phone", value: "13900000000" }] }) { ok error { code } } }', { id: theirs }],
      ['startRegistration', 'mutation { startRegistration(examSessionId: "CN-SD-2023") { ok error { code } } }', {}],
      ['registrations', '{ registrations(filter: { examSessionId: "CN-HI-2027" }) { totalCount } }', {}],
      ['registrationCounts', '{ registrationCounts(filter: { examSessionId: "CN-HI-2027" }) { count } }', {}],
      ['reviewQueue', '{ reviewQueue(examSessionId: "CN-HI-2027") { totalCount } }', {}],
      ['changeRequests', '{ changeRequests(examSessionId: "CN-HI-2027") { totalCount } }', {}],
      ['reviewRegistration', 'mutation($id: ID!) { reviewRegistration(input: { registrationId: $id, outcome: APPROVE }) { ok error { code } } }', { id: theirs }],
      ['decideChangeRequest', 'mutation($id: ID!) { decideChangeRequest(input: { changeRequestId: $id, approve: true }) { ok error { code } } }', { id: theirs }],
    ];
    const answers: Record<string, string | null | undefined> = {};
    for (const [field, query, variables] of operations) {
      const answer = await ask(b, query, variables);
      answers[field] = field === 'registration' ? (answer.data?.registration === null ? 'null' : JSON.stringify(answer.data)) : code(answer, field);
    }
    expect(answers).toEqual({
      registration: 'null',
      showRegistrationStep: 'REGISTRATION_NOT_FOUND',
      completeRegistrationStep: 'REGISTRATION_NOT_FOUND',
      acknowledgeIntegrityPledge: 'REGISTRATION_NOT_FOUND',
      requestRegistrationChanges: 'REGISTRATION_NOT_FOUND',
      startRegistration: 'EXAM_SESSION_UNKNOWN',
      registrations: 'FORBIDDEN',
      registrationCounts: 'FORBIDDEN',
      reviewQueue: 'FORBIDDEN',
      changeRequests: 'FORBIDDEN',
      reviewRegistration: 'FORBIDDEN',
      decideChangeRequest: 'FORBIDDEN',
    });
    // Their own account reaches their own registration only, and the other one did not change.
    const mine = await ask(b, '{ me { registration { id } } myRegistration { id } }');
    expect(mine.data).toEqual({ me: { registration: { id: candidate.b.registration!.id } }, myRegistration: { id: candidate.b.registration!.id } });
    expect(await ask(bearer(candidate.a.token), `{ myRegistration { version status } }`)).toEqual(before);
    // Nobody signed in reaches anything.
    expect(code(await ask({}, 'query($id: ID!) { registration(id: $id) { id } }', { id: theirs }), 'registration')).toBe('UNAUTHENTICATED');
  });

  it("a college reviewer's queue holds their college's registrations only; outside it they are not found; the province stage follows", async () => {
    const queue = async (token: string) => ((await ask(bearer(token), '{ reviewQueue(examSessionId: "CN-HI-2027") { totalCount nodes { id collegeCode } } }')).data!.reviewQueue as { totalCount: number; nodes: { id: string; collegeCode: string }[] }).nodes.map((n) => n.collegeCode);
    expect(await queue(staff.haikou)).toEqual(['HI001']);
    expect(await queue(staff.sanya)).toEqual(['HI002']);
    expect(await queue(staff.hainan)).toEqual([]);
    // Narrowed by college, exam city and candidate type; a college reviewer naming another college is refused.
    const narrowed = async (token: string, filter: string) => ask(bearer(token), `{ reviewQueue(examSessionId: "CN-HI-2027", filter: { ${filter} }) { totalCount nodes { collegeCode } } }`);
    expect((await narrowed(staff.haikou, 'collegeCode: "HI001", examCity: "460200", candidateType: "REGULAR"')).data!.reviewQueue).toEqual({ totalCount: 1, nodes: [{ collegeCode: 'HI001' }] });
    expect((await narrowed(staff.haikou, 'examCity: "460100"')).data!.reviewQueue).toEqual({ totalCount: 0, nodes: [] });
    expect(code(await narrowed(staff.haikou, 'collegeCode: "HI002"'), 'reviewQueue')).toBe('FORBIDDEN');
    const a = candidate.a.registration!.id;
    const b = candidate.b.registration!.id;
    expect((await reviewRegistration(p, staff.haikou, b, 'APPROVE')).error?.code).toBe('REGISTRATION_NOT_FOUND');
    expect((await ask(bearer(staff.haikou), 'query($id: ID!) { registration(id: $id) { id } }', { id: b })).data).toEqual({ registration: null });
    expect(code(await ask(bearer(staff.haikou), '{ registrations(filter: { examSessionId: "CN-HI-2027", collegeCode: "HI002" }) { totalCount } }'), 'registrations')).toBe('FORBIDDEN');
    expect((await reviewRegistration(p, staff.hainan, a, 'APPROVE')).error?.code).toBe('REVIEWER_NOT_ALLOWED');
    expect((await reviewRegistration(p, staff.shandong, a, 'APPROVE')).error?.code).toBe('REGISTRATION_NOT_FOUND');
    expect(code(await ask(bearer(staff.policy), 'mutation($id: ID!) { reviewRegistration(input: { registrationId: $id, outcome: APPROVE }) { ok error { code } } }', { id: a }), 'reviewRegistration')).toBe('FORBIDDEN');

    const approved = must(await reviewRegistration(p, staff.haikou, a, 'APPROVE'));
    expect(approved).toMatchObject({ status: 'IN_REVIEW', review: { status: 'PENDING', stage: { index: 1, role: 'PROVINCE_REVIEWER', title: '省级复审' } } });
    expect(await queue(staff.haikou)).toEqual([]);
    expect(await queue(staff.hainan)).toEqual(['HI001']);
    expect((await reviewRegistration(p, staff.haikou, a, 'APPROVE')).error?.code).toBe('REVIEWER_NOT_ALLOWED');
    expect(must(await reviewRegistration(p, staff.hainan, a, 'APPROVE')).status).toBe('COMPLETE');
  });

  it("staff lists and counts stay within their college or province, a page at a time; another province's are refused", async () => {
    const list = async (token: Record<string, string>, filter: string, extra = '') => ask(token, `{ registrations(filter: { examSessionId: "CN-HI-2027"${filter} }${extra}) { totalCount hasNextPage endCursor nodes { id collegeCode status } } }`);
    const all = (await list(bearer(staff.hainan), '')).data!.registrations as { totalCount: number; nodes: { id: string; collegeCode: string; status: string }[] };
    expect(all.totalCount).toBe(2);
    expect(((await list(bearer(staff.sanya), '')).data!.registrations as { nodes: { collegeCode: string }[] }).nodes.map((n) => n.collegeCode)).toEqual(['HI002']);
    expect(((await list(bearer(staff.hainan), ', status: COMPLETE'.replace('COMPLETE', '"COMPLETE"'))).data!.registrations as { totalCount: number }).totalCount).toBe(1);
    expect(((await list(bearer(staff.hainan), ', examCity: "460200", candidateType: "REGULAR"')).data!.registrations as { totalCount: number }).totalCount).toBe(2);

    const first = (await list(bearer(staff.hainan), '', ', first: 1')).data!.registrations as { hasNextPage: boolean; endCursor: string; nodes: { id: string }[] };
    expect(first).toMatchObject({ hasNextPage: true, nodes: [{ id: all.nodes[0].id }] });
    const second = (await list(bearer(staff.hainan), '', `, first: 1, after: "${first.endCursor}"`)).data!.registrations as { hasNextPage: boolean; nodes: { id: string }[] };
    expect(second).toMatchObject({ hasNextPage: false, nodes: [{ id: all.nodes[1].id }] });
    expect(code(await list(bearer(staff.hainan), '', ', after: "not-a-cursor"'), 'registrations')).toBe('CURSOR_INVALID');

    const counts = (await ask(bearer(staff.haikou), '{ registrationCounts(filter: { examSessionId: "CN-HI-2027" }) { status count } }')).data!.registrationCounts as { status: string; count: number }[];
    expect(counts.filter((c) => c.count)).toEqual([{ status: 'COMPLETE', count: 1 }]);
    expect(code(await list(bearer(staff.shandong), ''), 'registrations')).toBe('FORBIDDEN');
    expect(code(await ask(bearer(staff.shandong), '{ reviewQueue(examSessionId: "CN-HI-2027") { totalCount } }'), 'reviewQueue')).toBe('FORBIDDEN');
    // Staff read whole personal values within their reach, and every such read is audited.
    const read = await ask(bearer(staff.sanya), 'query($id: ID!) { registration(id: $id) { fields { code value } } }', { id: candidate.b.registration!.id });
    expect((read.data!.registration as { fields: { code: string; value: unknown }[] }).fields.find((f) => f.code === 'phone')!.value).toBe(candidate.b.phone);
    const audits = await p.subgraphs.exams.orm.em.fork().find(AuditEntry, { action: 'personal-data.read' });
    expect(audits.some((a) => a.subjectType === 'Registration' && a.details?.shown === 'whole')).toBe(true);
  });

  it("a partner key sees its province's registrations with personal values masked (whole with the identity scope), and nothing else", async () => {
    const key = (name: string) => ({ 'x-api-key': partners[name] });
    const query = '{ registrations(filter: { examSessionId: "CN-HI-2027" }) { totalCount nodes { id collegeCode candidateType fields { code value display } } } }';
    const masked = (await ask(key('hainan'), query)).data!.registrations as { totalCount: number; nodes: { id: string; fields: { code: string; value: unknown; display: string | null }[] }[] };
    expect(masked.totalCount).toBe(2);
    const b = masked.nodes.find((n) => n.id === candidate.b.registration!.id)!;
    const value = (field: string) => b.fields.find((f) => f.code === field)!.value;
    expect(value('phone')).toBe(`${candidate.b.phone.slice(0, 3)}****${candidate.b.phone.slice(-4)}`);
    expect(value('idNumber')).toBe(`${candidate.b.idNumber.slice(0, 4)}**********${candidate.b.idNumber.slice(-4)}`);
    expect(value('name')).toBe('王**');
    expect(value('mailingAddress')).toBe('海南省******1号');
    expect(value('collegeCode')).toBe('H****');
    expect(b.fields.find((f) => f.code === 'examCity')!.value).toBe('460200');
    expect(JSON.stringify(masked)).not.toContain(candidate.b.phone);

    const whole = (await ask(key('identity'), query)).data!.registrations as { nodes: { id: string; fields: { code: string; value: unknown }[] }[] };
    expect(whole.nodes.find((n) => n.id === candidate.b.registration!.id)!.fields.find((f) => f.code === 'phone')!.value).toBe(candidate.b.phone);
    expect(code(await ask(key('shandong'), query), 'registrations')).toBe('FORBIDDEN');
    expect(code(await ask(key('exams'), query), 'registrations')).toBe('FORBIDDEN');
    expect(code(await ask(key('hainan'), 'query($id: ID!) { registration(id: $id) { changeRequests { id } } }', { id: candidate.b.registration!.id }), 'registration')).toBe('FORBIDDEN');
    expect(code(await ask(key('hainan'), 'mutation($id: ID!) { reviewRegistration(input: { registrationId: $id, outcome: APPROVE }) { ok } }', { id: candidate.b.registration!.id }), 'reviewRegistration')).toBe('FORBIDDEN');
    const audits = await p.subgraphs.exams.orm.em.fork().find(AuditEntry, { action: 'personal-data.read', actor: { $like: 'partner:%' } });
    expect(audits.map((a) => a.details?.shown).sort()).toEqual(['masked', 'whole']);
  });

  it('the hand-over routes answer only sealed platform services', async () => {
    const id = candidate.b.registration!.id;
    const origin = new URL(p.subgraphs.exams.url).origin;
    const unsealed = await fetch(`${origin}/internal/registrations/${id}/payment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amountFen: 1 }) });
    expect(unsealed.status).toBe(401);
    // A candidate's request, even sealed by the gateway, is not a platform service's.
    const seal = sealedCallerHeader(loadCallerSecret(p.config), { kind: 'candidate', accountId: candidate.b.registration!.id, province: 'CN-HI', sessionId: 's' });
    const asCandidate = await fetch(`${origin}/internal/registrations/${id}/payment`, { method: 'POST', headers: { 'content-type': 'application/json', ...seal }, body: JSON.stringify({ amountFen: 1 }) });
    expect(asCandidate.status).toBe(401);
    expect((await p.internal('exams', `/internal/registrations/${id}/payable`)).body).toMatchObject({ registrationId: id, paid: true, readyToPay: false, totalFen: 11000 });
  });
});
