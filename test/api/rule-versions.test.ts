import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, loadCallerSecret, sealCaller, type Principal } from '@zsb/platform';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { DecisionRecord } from '../../subgraphs/exams/src/modules/policy/decision-record.entity.ts';
import { RuleSetPublication } from '../../subgraphs/exams/src/modules/policy/rule-set-publication.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, registerShandong } from './flows.ts';
import { completeStep, file, handOverFiles, markPaid, must, myRegistration, photo, showStep, startRegistration } from './registration-flows.ts';

const REGISTRATION_OPEN = '2023-04-01T10:00:00+08:00';
const PAYMENT_OPEN = '2023-04-12T10:00:00+08:00';

const personal = (phone: string) => ({
  politicalStatus: '03',
  birthDate: '1995-01-01',
  gender: '1',
  ethnicity: '01',
  phone,
  foreignLanguage: 'ENGLISH',
  mailingAddress: '山东省青岛市市南区考试路8号',
  postcode: '266000',
  email: 'candidate@example.com',
  householdProvince: '370000',
  householdCity: '370200',
  candidateCategory: '1',
});

/** A scratch copy of the rules (publishing must not touch the repository's) and an empty drafts folder. */
function scratchRules(): { rulesRoot: string; draftsRoot: string } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-versions-'));
  const rulesRoot = path.join(scratch, 'provinces');
  fs.cpSync(DEFAULT_RULES_DIR, rulesRoot, { recursive: true });
  return { rulesRoot, draftsRoot: path.join(scratch, 'drafts') };
}

/** A draft of Shandong 2023 in which Qingdao's candidates pay through CEB instead of UnionPay. */
function writeQingdaoCebDraft(rulesRoot: string, draftsRoot: string): void {
  const draft = path.join(draftsRoot, 'CN-SD', '2023');
  fs.rmSync(draft, { recursive: true, force: true });
  fs.cpSync(path.join(rulesRoot, 'CN-SD', '2023'), draft, { recursive: true });
  const channelFile = path.join(draft, 'decisions', 'paymentChannel.json');
  const decision = JSON.parse(fs.readFileSync(channelFile, 'utf8'));
  for (const rule of decision.rules) rule.event.params.channel = 'CEB';
  for (const example of decision.cases) example.expect = { channel: 'CEB' };
  fs.writeFileSync(channelFile, JSON.stringify(decision, null, 2));
}

async function staffToken(p: TestPlatform, username: string, displayName?: string): Promise<string> {
  const { password } = await p.createStaff({ username, displayName, role: 'POLICY_STAFF', province: 'CN-SD' });
  const r = await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($u: String!, $p: String!) { logInStaff(username: $u, password: $p) { tokens { accessToken } } }', { u: username, p: password });
  return r.data!.logInStaff.tokens.accessToken;
}

async function publishDraft(p: TestPlatform, token: string, reason: string) {
  const listed = await p.graphql<{ dryRunRuleSetDraft: { placeholders: { id: string }[] } }>('{ dryRunRuleSetDraft(province: "CN-SD", examYear: 2023) { placeholders { id } } }', undefined, bearer(token));
  const confirm = listed.data!.dryRunRuleSetDraft.placeholders.map((x) => x.id);
  const r = await p.graphql<{ publishRuleSetDraft: { ok: boolean; error: unknown; ruleSetHash: string; previousHash: string } }>(
    'mutation($confirm: [String!]!, $reason: String!) { publishRuleSetDraft(province: "CN-SD", examYear: 2023, confirmPlaceholders: $confirm, reason: $reason) { ok error { code message } ruleSetHash previousHash } }',
    { confirm, reason },
    bearer(token),
  );
  return r.data!.publishRuleSetDraft;
}

const CHANNEL = '{ paymentChannel(province: "CN-SD", facts: { examCity: "370200" }) { channel { code } ruleSetHash } }';

describe.each(DATABASES)('rule-set versions kept in the database (%s)', (dialect) => {
  let p: TestPlatform;
  let folders: ReturnType<typeof scratchRules>;
  let policy: string;
  const people = { early: { id: residentId('370102'), phone: phoneNumber() }, late: { id: residentId('370102'), phone: phoneNumber() } };
  const tokens: Record<string, string> = {};
  const at = (instant: string) => p.clock.set(instant, 'CN-SD');

  beforeAll(async () => {
    folders = scratchRules();
    p = await startPlatform(dialect, { ZSB_RULES_DIR: folders.rulesRoot, ZSB_RULES_DRAFTS_DIR: folders.draftsRoot });
    await p.importRoster('CN-SD-2023', ['证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型', ...Object.values(people).map((x, i) => `${x.id},考生${i},13000,青岛职业技术学院,620403,医学影像技术,普通`)].join('\n'));
    for (const [who, person] of Object.entries(people)) tokens[who] = (await registerShandong(p, person.id, person.phone)).tokens!.accessToken;
    policy = await staffToken(p, 'sd.policy.versions', '王政策');
  });
  afterAll(async () => {
    await p?.stop();
    fs.rmSync(path.dirname(folders.rulesRoot), { recursive: true, force: true });
  });

  it('after a restart, a registration made under an older version of the same year is still decided under it, until staff re-evaluate it', async () => {
    // A Qingdao candidate registers and confirms under the version the rule files hold: UnionPay.
    const token = tokens.early;
    at(REGISTRATION_OPEN);
    const started = must(await startRegistration(p, token));
    must(await showStep(p, token, started.id, 'PLEDGE'));
    at('2023-04-01T10:00:03+08:00');
    must(await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true }));
    expect((await handOverFiles(p, started.id, 'PHOTO', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });
    must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', personal(people.early.phone)));
    const older = started.ruleSetHash;

    // Policy staff publish a version in which Qingdao pays through CEB; the rule files still hold the older one.
    writeQingdaoCebDraft(folders.rulesRoot, folders.draftsRoot);
    const published = await publishDraft(p, policy, '青岛考生改由光大支付缴费（测试）');
    expect(published).toMatchObject({ ok: true, previousHash: older });
    const newer = published.ruleSetHash;
    expect(fs.existsSync(path.join(folders.rulesRoot, 'CN-SD', '2023', 'ruleset.json'))).toBe(true);

    await p.restartSubgraph('exams');

    // The publication survived the restart although the files differ: the version in force is the newer one.
    expect((await p.graphql<{ paymentChannel: { channel: { code: string }; ruleSetHash: string } }>(CHANNEL)).data?.paymentChannel).toEqual({ channel: { code: 'CEB' }, ruleSetHash: newer });
    // The registration goes on under its own version, as it was pinned, and decides UnionPay.
    at('2023-04-01T10:05:00+08:00');
    must(await completeStep(p, token, started.id, 'EXAM_CHOICE', { examCity: '370200', subjectGroup: 'MEDICINE' }));
    const confirmed = must(await completeStep(p, token, started.id, 'CONFIRMATION', { confirmed: true }));
    expect(confirmed.ruleSetHash).toBe(older);
    at(PAYMENT_OPEN);
    expect((await myRegistration(p, token))!.payment).toMatchObject({ readyToPay: true, channel: { code: 'UNIONPAY' } });
    const records = await p.subgraphs.exams.orm.em.fork().find(DecisionRecord, { subjectId: started.id });
    expect(new Set(records.map((r) => r.ruleSetHash))).toEqual(new Set([older]));

    // A registration started now is pinned to the newer version.
    at(REGISTRATION_OPEN);
    expect(must(await startRegistration(p, tokens.late)).ruleSetHash).toBe(newer);

    // Only policy staff move a registration to the version in force, with a reason; audited, old records kept.
    const reevaluate = (reason: string, who = policy) =>
      p.graphql<{ reevaluateRegistration: { ok: boolean; error: { code: string } | null; ruleSetHash: string; previousHash: string; retaken: number } }>(
        'mutation($id: ID!, $reason: String!) { reevaluateRegistration(registrationId: $id, reason: $reason) { ok error { code message } ruleSetHash previousHash retaken changed } }',
        { id: started.id, reason },
        bearer(who),
      );
    expect((await reevaluate('   ')).data?.reevaluateRegistration).toMatchObject({ ok: false, error: { code: 'REEVALUATION_REASON_REQUIRED' } });
    expect((await reevaluate('x', token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    at(PAYMENT_OPEN);
    const moved = (await reevaluate('考生申请按新政策缴费')).data?.reevaluateRegistration;
    expect(moved).toMatchObject({ ok: true, ruleSetHash: newer, previousHash: older });
    expect(moved!.retaken).toBeGreaterThan(0);
    const after = (await myRegistration(p, token))!;
    expect(after.ruleSetHash).toBe(newer);
    expect(after.payment).toMatchObject({ channel: { code: 'CEB' } });
    expect((await reevaluate('again')).data?.reevaluateRegistration).toMatchObject({ ok: false, error: { code: 'REGISTRATION_ALREADY_CURRENT' } });
    const em = p.subgraphs.exams.orm.em.fork();
    const kept = await em.find(DecisionRecord, { subjectId: started.id });
    expect(kept.filter((r) => r.ruleSetHash === older).every((r) => r.supersededAt)).toBe(true);
    expect(kept.some((r) => r.ruleSetHash === newer && !r.supersededAt)).toBe(true);
    expect(await em.find(AuditEntry, { action: 'registration.repin' })).toEqual([expect.objectContaining({ subjectId: started.id, details: expect.objectContaining({ reason: '考生申请按新政策缴费', previousHash: older, ruleSetHash: newer }) })]);

    // Both versions are listed, newest first, with who published them (the member of staff by name, through the
    // candidates subgraph) and why.
    type Publisher = { displayName: string; role: string; username: string } | null;
    const list = await p.graphql<{ ruleSets: { province: string; examYear: number; status: string; publications: { sequence: number; contentHash: string; previousHash: string | null; publishedBy: string; publisher: Publisher; reason: string; confirmedPlaceholders: string[] }[] }[] }>(
      '{ ruleSets { province examYear status publications { sequence contentHash previousHash publishedBy publisher { displayName role username } reason confirmedPlaceholders } } }',
      undefined,
      bearer(policy),
    );
    const shandong = list.data!.ruleSets.find((s) => s.province === 'CN-SD' && s.examYear === 2023 && s.status === 'IN_FORCE')!;
    expect(shandong.publications.map((x) => [x.sequence, x.contentHash, x.previousHash, x.publishedBy.replace(/:.*/, '')])).toEqual([
      [2, newer, older, 'staff'],
      [1, older, null, 'files'],
    ]);
    expect(list.errors).toBeUndefined();
    expect(shandong.publications.map((x) => x.publisher)).toEqual([{ displayName: '王政策', role: 'POLICY_STAFF', username: 'sd.policy.versions' }, null]);
    expect(shandong.publications[0].reason).toBe('青岛考生改由光大支付缴费（测试）');
    expect(shandong.publications[0].confirmedPlaceholders).toContain('parameters.json/feeItems');
  });

  it("a publisher's details are resolved for staff only: a candidate, a partner or nobody reaching the reference is refused", async () => {
    const publishedBy = (await p.subgraphs.exams.orm.em.fork().find(RuleSetPublication, { ruleSetId: 'CN-SD/2023' })).map((x) => x.publishedBy).find((x) => x.startsWith('staff:'))!;
    const query = `{ _entities(representations: [{ __typename: "StaffMember", id: "${publishedBy.slice('staff:'.length)}" }]) { ... on StaffMember { displayName role username province } } }`;
    const secret = loadCallerSecret(p.config);
    const asPrincipal = async (principal: Principal) => {
      const response = await fetch(p.subgraphs.candidates.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zsb-caller': sealCaller({ principal, clientIp: '10.0.0.9', requestId: `staff-ref-${Math.random()}` }, secret) },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: { _entities: unknown[] }; errors?: { extensions?: { code?: string } }[] };
    };
    const reviewer: Principal = { kind: 'staff', staffId: '00000000-0000-4000-8000-000000000001', role: 'PROVINCE_REVIEWER', province: 'CN-SD', sessionId: 's' };
    expect((await asPrincipal(reviewer)).data?._entities).toEqual([{ displayName: '王政策', role: 'POLICY_STAFF', username: 'sd.policy.versions', province: 'CN-SD' }]);
    const refused: [Principal, string][] = [
      [{ kind: 'candidate', accountId: '00000000-0000-4000-8000-000000000002', province: 'CN-SD', sessionId: 's' }, 'FORBIDDEN'],
      [{ kind: 'partner', keyId: '00000000000000ab', name: '对接', scopes: ['accounts.read', 'accounts.read.identity'] }, 'FORBIDDEN'],
      [{ kind: 'anonymous' }, 'UNAUTHENTICATED'],
    ];
    for (const [principal, code] of refused) {
      const answer = await asPrincipal(principal);
      expect(answer.data?._entities ?? [null]).toEqual([null]);
      expect(answer.errors?.[0].extensions?.code).toBe(code);
    }
    // Through the gateway a candidate cannot reach a publication at all.
    expect((await p.graphql('{ ruleSets { publications { publisher { displayName } } } }', undefined, bearer(tokens.early))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a paid registration is not re-pinned to a version that quotes another fee', async () => {
    // The later candidate registers under the CEB version and pays its 0.04 元.
    const token = tokens.late;
    at(REGISTRATION_OPEN);
    const started = must(await startRegistration(p, token));
    must(await showStep(p, token, started.id, 'PLEDGE'));
    at('2023-04-01T10:00:03+08:00');
    must(await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true }));
    expect((await handOverFiles(p, started.id, 'PHOTO', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });
    must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', personal(people.late.phone)));
    must(await completeStep(p, token, started.id, 'EXAM_CHOICE', { examCity: '370200', subjectGroup: 'MEDICINE' }));
    must(await completeStep(p, token, started.id, 'CONFIRMATION', { confirmed: true }));
    at(PAYMENT_OPEN);
    expect((await markPaid(p, started.id, 4)).body).toMatchObject({ completed: true });
    // A version in which 报名 costs 0.02 元.
    writeQingdaoCebDraft(folders.rulesRoot, folders.draftsRoot);
    const draft = path.join(folders.draftsRoot, 'CN-SD', '2023');
    const parameters = JSON.parse(fs.readFileSync(path.join(draft, 'parameters.json'), 'utf8'));
    parameters.feeItems.items[0].amountFen = 2;
    fs.writeFileSync(path.join(draft, 'parameters.json'), JSON.stringify(parameters));
    for (const file of ['decisions/feeQuote.json', 'flow.json']) {
      const full = path.join(draft, file);
      fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace(/"totalFen": 4\b/g, '"totalFen": 5').replace(/("code": "REGISTRATION", "name": "报名", "amountFen": )1\b/g, '$12'));
    }
    expect(await publishDraft(p, policy, '报名费调整')).toMatchObject({ ok: true });
    const before = (await myRegistration(p, token))!;
    const r = await p.graphql<{ reevaluateRegistration: { ok: boolean; error: { code: string; message: string } } }>(
      'mutation($id: ID!) { reevaluateRegistration(registrationId: $id, reason: "按新收费标准") { ok error { code message } } }',
      { id: started.id },
      bearer(policy),
    );
    expect(r.data?.reevaluateRegistration).toMatchObject({ ok: false, error: { code: 'REEVALUATION_CHANGES_PAID_FEE', message: expect.stringContaining('已缴费 0.04 元，按现行版本应缴 0.05 元') } });
    const after = (await myRegistration(p, token))!;
    expect([after.ruleSetHash, after.version, after.status]).toEqual([before.ruleSetHash, before.version, before.status]);
  });

  it('publishing needs a reason, and a draft identical to the version in force is not published again', async () => {
    writeQingdaoCebDraft(folders.rulesRoot, folders.draftsRoot);
    expect(await publishDraft(p, policy, ' ')).toMatchObject({ ok: false, error: { code: 'PUBLICATION_REASON_REQUIRED' } });
    expect(await publishDraft(p, policy, '青岛改由光大支付，报名费恢复')).toMatchObject({ ok: true });
    // The same draft again: the version in force already.
    writeQingdaoCebDraft(folders.rulesRoot, folders.draftsRoot);
    expect(await publishDraft(p, policy, '再次发布')).toMatchObject({ ok: false, error: { code: 'DRAFT_UNCHANGED' } });
  });

  it('two publications of a year at once: one is published, the other refused, and an older version may be published again', async () => {
    // Going back to the files' version (UnionPay for Qingdao), which was published before: allowed, as a new publication.
    const draft = path.join(folders.draftsRoot, 'CN-SD', '2023');
    fs.rmSync(draft, { recursive: true, force: true });
    fs.cpSync(path.join(folders.rulesRoot, 'CN-SD', '2023'), draft, { recursive: true });
    const outcomes = await Promise.all([publishDraft(p, policy, '恢复银联支付 A'), publishDraft(p, policy, '恢复银联支付 B')]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect((outcomes.find((o) => !o.ok)!.error as { code: string }).code).toMatch(/^(PUBLICATION_CONCURRENT|DRAFT_NOT_FOUND)$/);
    const rows = await p.subgraphs.exams.orm.em.fork().find(RuleSetPublication, { ruleSetId: 'CN-SD/2023' }, { orderBy: { sequence: 'asc' } });
    // The files' version, the CEB version, the fee version, the CEB version again, and the files' version again.
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[4]).toMatchObject({ contentHash: rows[0].contentHash, previousHash: rows[1].contentHash });
    expect(rows[3].contentHash).toBe(rows[1].contentHash);
    expect((await p.graphql<{ paymentChannel: { channel: { code: string } } }>(CHANNEL)).data?.paymentChannel.channel.code).toBe('UNIONPAY');
  });
});

describe.each(DATABASES)('replicas follow a publication (%s)', (dialect) => {
  let p: TestPlatform;
  let folders: ReturnType<typeof scratchRules>;

  beforeAll(async () => {
    folders = scratchRules();
    p = await startPlatform(dialect, { ZSB_RULES_DIR: folders.rulesRoot, ZSB_RULES_DRAFTS_DIR: folders.draftsRoot });
  });
  afterAll(async () => {
    await p?.stop();
    fs.rmSync(path.dirname(folders.rulesRoot), { recursive: true, force: true });
  });

  it('two running copies of the exams subgraph on one database both answer with a newly published version within 5 s', async () => {
    const replica = await p.startReplica('exams');
    const ask = async () => (await p.subgraphGraphql<{ paymentChannel: { channel: { code: string }; ruleSetHash: string } }>(replica, CHANNEL)).data!.paymentChannel;
    const before = await ask();
    expect(before.channel.code).toBe('UNIONPAY');
    const policy = await staffToken(p, 'sd.policy.replicas');
    writeQingdaoCebDraft(folders.rulesRoot, folders.draftsRoot);
    const published = await publishDraft(p, policy, '青岛考生改由光大支付缴费（测试）');
    const publishedAt = Date.now();
    expect(published).toMatchObject({ ok: true, previousHash: before.ruleSetHash });
    // The copy that published answers with it at once; the other within seconds, without a restart.
    expect((await p.graphql<{ paymentChannel: { ruleSetHash: string } }>(CHANNEL)).data?.paymentChannel.ruleSetHash).toBe(published.ruleSetHash);
    let answer = await ask();
    while (answer.ruleSetHash !== published.ruleSetHash && Date.now() - publishedAt < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await ask();
    }
    expect(answer).toEqual({ channel: { code: 'CEB' }, ruleSetHash: published.ruleSetHash });
    expect(Date.now() - publishedAt).toBeLessThan(5000);
    // The candidates subgraph (accounts policy) follows the exams subgraph's publications too, without a restart.
    const accountsHash = async () => (await p.graphql<{ accountPolicy: { ruleSetHash: string } }>('{ accountPolicy(province: "CN-SD") { ruleSetHash } }')).data?.accountPolicy.ruleSetHash;
    let seen = await accountsHash();
    while (seen !== published.ruleSetHash && Date.now() - publishedAt < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await accountsHash();
    }
    expect(seen).toBe(published.ruleSetHash);
  });
});
