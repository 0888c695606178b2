import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '@zsb/platform';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { DecisionRecord } from '../../subgraphs/exams/src/modules/policy/decision-record.entity.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, registerInnerMongolia, registerShandong, rosterCsv } from './flows.ts';

const TRACE = 'explanation { rule fired conditions { fact operator value factValue passed } reference { document title section choice } } ruleSetHash';

describe('province rules through the API', () => {
  let p: TestPlatform;
  let nm: string;
  let sd: string;
  beforeAll(async () => {
    p = await startPlatform('sqlite');
    nm = (await registerInnerMongolia(p, residentId('150102'), phoneNumber())).tokens!.accessToken;
    const onRoster = residentId('370102');
    await p.importRoster('CN-SD-2023', rosterCsv([{ idNumber: onRoster, name: '考生', track: '3+2' }]));
    sd = (await registerShandong(p, onRoster, phoneNumber())).tokens!.accessToken;
  });
  afterAll(async () => {
    await p?.stop();
  });

  const ask = async <T>(token: string, query: string, variables?: Record<string, unknown>) => {
    const r = await p.graphql<T>(query, variables, bearer(token));
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };

  it("an Inner Mongolia candidate is shown the manual's seven steps after the notice, in order", async () => {
    const { registrationRules } = await ask<{ registrationRules: { steps: { position: number; number: number | null; title: string }[]; texts: { code: string; acknowledgement: string; downloadable: boolean }[]; formFields: { code: string; locksAt: string | null }[] } }>(
      nm,
      '{ registrationRules { steps { position number title } texts { code acknowledgement downloadable } formFields { code locksAt } } }',
    );
    expect(registrationRules.steps.map((s) => s.title)).toEqual(['考生须知', '选择考生类型', '信息填报', '材料上传', '身份信息采集', '考试缴费', '资格审核', '报名完成']);
    // The notice comes before the manual's numbered steps 1/7 to 7/7.
    expect(registrationRules.steps.map((s) => s.number)).toEqual([null, 1, 2, 3, 4, 5, 6, 7]);
    // No confirmation step: key fields lock when the candidate confirms and pays.
    expect(registrationRules.formFields.find((f) => f.code === 'name')?.locksAt).toBe('PAYMENT');
    expect(registrationRules.texts.find((t) => t.code === 'NOTICE')?.acknowledgement).toBe('我已阅读并知晓须知内容及要求');
    expect(registrationRules.texts.find((t) => t.code === 'INTEGRITY_PLEDGE')?.downloadable).toBe(true);
  });

  it("a Shandong candidate is shown the manual's steps, the pledge with its 3-second countdown, and the roster fields read-only", async () => {
    const { registrationRules } = await ask<{
      registrationRules: {
        texts: { code: string; countdownSeconds: number; acknowledgement: string }[];
        formFields: { label: string; readOnly: boolean; prefill: string | null; locksAt: string | null; options: { code: string }[] }[];
        steps: { title: string; locks: string[] }[];
        examCities: { code: string }[];
        windows: { name: string; from: string; until: string; dailyFrom: string; dailyUntil: string }[];
      };
    }>(sd, '{ registrationRules { steps { title locks } texts { code countdownSeconds acknowledgement } formFields { label readOnly prefill locksAt options { code } } examCities { code } windows { name from until dailyFrom dailyUntil } } }');
    expect(registrationRules.steps.map((s) => s.title)).toEqual(['报考承诺', '采集个人照片', '填写个人信息', '选报专业范围及选择考试地点', '确认报考信息', '网上缴费', '信息预览']);
    expect(registrationRules.texts.find((t) => t.code === 'PLEDGE')).toMatchObject({ countdownSeconds: 3, acknowledgement: '我已阅读并承诺' });
    const field = (label: string) => registrationRules.formFields.find((f) => f.label.startsWith(label));
    expect(field('毕业专业名称')).toMatchObject({ readOnly: true, prefill: 'roster.majorName' });
    expect(field('户籍所在省')?.locksAt).toBe('CONFIRMATION');
    expect(field('证件类型')?.options.map((o) => o.code)).toContain('HK_MACAO_PERMIT');
    // 确认报考信息 locks the household, the exam city, 是否兼报 and the subjects (manual 2.5).
    expect(registrationRules.steps.find((s) => s.title === '确认报考信息')?.locks).toEqual(['householdProvince', 'householdCity', 'examCity', 'dualApplication', 'subjectGroup']);
    expect(registrationRules.examCities).toHaveLength(16);
    expect(registrationRules.windows.find((w) => w.name === 'payment')).toMatchObject({ from: '2023-04-12', until: '2023-04-14', dailyFrom: '09:00', dailyUntil: '17:00' });
  });

  it('a Qingdao candidate pays by UnionPay and a Heze candidate by CEB, each with the rule that decided it', async () => {
    const query = `query($facts: JSONObject!) { paymentChannel(facts: $facts) { channel { code name } ${TRACE} } }`;
    type Answer = { paymentChannel: { channel: { code: string }; explanation: { rule: string; fired: boolean; reference: { document: string; section: string } }[]; ruleSetHash: string } };
    const qingdao = (await ask<Answer>(sd, query, { facts: { examCity: '370200' } })).paymentChannel;
    expect(qingdao.channel.code).toBe('UNIONPAY');
    const fired = qingdao.explanation.filter((r) => r.fired);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired[0].reference.section).toMatch(/网上缴费/);
    expect((await ask<Answer>(sd, query, { facts: { examCity: '371700' } })).paymentChannel.channel.code).toBe('CEB');
    expect(qingdao.ruleSetHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the fee quote of the manual's subject group is 报名, 计算机, 大学英语 and 其他教育, 0.04 yuan in all", async () => {
    const { feeQuote } = await ask<{ feeQuote: { lines: { name: string; amountFen: number }[]; totalFen: number; explanation: { fired: boolean }[] } }>(
      sd,
      `query($facts: JSONObject!) { feeQuote(facts: $facts) { lines { code name amountFen } totalFen ${TRACE} } }`,
      { facts: { candidateType: 'GENERAL', subjectGroup: 'MEDICINE' } },
    );
    expect(feeQuote.lines.map((l) => l.name)).toEqual(['报名', '计算机', '大学英语', '其他教育']);
    expect(feeQuote.totalFen).toBe(4);
    expect(feeQuote.explanation.some((r) => r.fired)).toBe(true);
  });

  it('是否兼报 is offered to a 3+2 candidate with 否 as default, and not to others', async () => {
    const query = `query($facts: JSONObject!) { decide(decision: dualApplication, facts: $facts) { outcome ${TRACE} } }`;
    expect((await ask<{ decide: { outcome: unknown } }>(sd, query, { facts: { candidateType: 'THREE_PLUS_TWO' } })).decide.outcome).toEqual({ offered: true, default: false });
    expect((await ask<{ decide: { outcome: { offered: boolean } } }>(sd, query, { facts: { candidateType: 'GENERAL' } })).decide.outcome.offered).toBe(false);
  });

  it('a decision comes with its explanation in Chinese for policy staff: names, 元, and each condition in words', async () => {
    const { decide } = await ask<{ decide: { explanationText: string } }>(sd, '{ decide(decision: paymentChannel, facts: { examCity: "370200" }) { explanationText } }');
    expect(decide.explanationText).toContain('结果：通过银联支付（UNIONPAY）缴费');
    expect(decide.explanationText).toContain('报考城市为青岛市（370200）：成立');
    expect(decide.explanationText).toContain('依据：《山东省2023年普通高等教育专升本系统（考生端-普通考生）用户手册 V1.0》 2.6 网上缴费');
    const fee = await ask<{ decide: { explanationText: string } }>(nm, '{ decide(decision: feeQuote, facts: { candidateType: "FRESH_GRADUATE" }) { explanationText } }');
    expect(fee.decide.explanationText).toContain('合计 150.00 元');
  });

  it('a 3+2 candidate who answers 否 to 是否兼报 registers for the 3+2 route only: 不需要考试 and nothing to pay', async () => {
    const r = await ask<{ decide: { outcome: { examRequired: boolean; label: string } }; feeQuote: { totalFen: number } }>(
      sd,
      '{ decide(decision: examRequirement, facts: { candidateType: "THREE_PLUS_TWO", dualApplication: false }) { outcome } feeQuote(facts: { candidateType: "THREE_PLUS_TWO", dualApplication: false }) { totalFen } }',
    );
    expect(r.decide.outcome).toMatchObject({ examRequired: false, label: '不需要考试' });
    expect(r.feeQuote.totalFen).toBe(0);
  });

  it('the unified exam cannot be applied for alongside 退役大学生士兵免试, and an exempt candidate needs no exam', async () => {
    const eligibility = await ask<{ decide: { outcome: { eligible: boolean; message: string } } }>(sd, `{ decide(decision: applicationEligibility, facts: { candidateType: "GENERAL", appliedForRetiredSoldierExemption: true }) { outcome } }`);
    expect(eligibility.decide.outcome.eligible).toBe(false);
    expect(eligibility.decide.outcome.message).toContain('不得兼报');
    const exam = await ask<{ decide: { outcome: { examRequired: boolean; label: string } } }>(sd, `{ decide(decision: examRequirement, facts: { candidateType: "RETIRED_SOLDIER_EXEMPT" }) { outcome } }`);
    expect(exam.decide.outcome).toMatchObject({ examRequired: false, label: '不需要考试' });
  });

  it('an Inner Mongolia award-exempt candidate must upload the award certificate besides the student card and status report', async () => {
    const { requiredMaterials } = await ask<{ requiredMaterials: { materials: { code: string; formats: string[]; maxBytes: number }[] } }>(
      nm,
      `query($facts: JSONObject!) { requiredMaterials(facts: $facts) { materials { code name formats maxBytes unedited } ${TRACE} } }`,
      { facts: { candidateType: 'AWARD_EXEMPT', exempt: true } },
    );
    expect(requiredMaterials.materials.map((m) => m.code)).toEqual(['STUDENT_CARD', 'STUDENT_STATUS_REPORT', 'AWARD_CERTIFICATE']);
    expect(requiredMaterials.materials[0]).toMatchObject({ maxBytes: 10 * 1024 * 1024 });
    expect(requiredMaterials.materials[0].formats).toEqual(expect.arrayContaining(['jpg']));
  });

  it('an Inner Mongolia candidate pays through Alipay and is told there is no refund after paying', async () => {
    const data = await ask<{ paymentChannel: { channel: { code: string } }; registrationRules: { refundAfterPayment: boolean } }>(
      nm,
      '{ paymentChannel(facts: { candidateType: "FRESH_GRADUATE" }) { channel { code } } registrationRules { refundAfterPayment } }',
    );
    expect(data.paymentChannel.channel.code).toBe('ALIPAY');
    expect(data.registrationRules.refundAfterPayment).toBe(false);
  });

  it("Shandong's rules, which say nothing about refunds, do not answer that a paid fee is refundable", async () => {
    const data = await ask<{ registrationRules: { refundAfterPayment: boolean | null } }>(sd, '{ registrationRules { refundAfterPayment } }');
    expect(data.registrationRules.refundAfterPayment).toBeNull();
  });

  it("a Shandong 校荐 candidate's type is named as the manual names it", async () => {
    const data = await ask<{ registrationRules: { candidateTypes: { code: string; name: string }[] } }>(sd, '{ registrationRules { candidateTypes { code name } } }');
    expect(data.registrationRules.candidateTypes.find((t) => t.code === 'GENERAL')?.name).toBe('校荐考生');
  });

  it('facts a decision does not know, or of the wrong type, are refused with a specific error', async () => {
    const unknown = await p.graphql('{ feeQuote(facts: { favouriteColour: "red" }) { totalFen } }', undefined, bearer(sd));
    expect(unknown.errors?.[0].extensions?.code).toBe('FACTS_INVALID');
    expect(unknown.errors?.[0].message).toContain('favouriteColour');
    const wrongType = await p.graphql('{ feeQuote(facts: { exempt: "no" }) { totalFen } }', undefined, bearer(sd));
    expect(wrongType.errors?.[0].message).toContain('"exempt" must be boolean');
  });

  it('a fact the decision needs is refused when missing, and an exempt that contradicts the candidate type is refused, rather than a fee of 0', async () => {
    const missing = await p.graphql('{ feeQuote(facts: { subjectGroup: "MEDICINE" }) { totalFen } }', undefined, bearer(sd));
    expect(missing.errors?.[0].extensions?.code).toBe('FACTS_INVALID');
    expect(missing.errors?.[0].message).toContain('"candidateType" is needed');
    const contradicting = await p.graphql('{ feeQuote(facts: { candidateType: "GENERAL", exempt: true, subjectGroup: "MEDICINE" }) { totalFen } }', undefined, bearer(sd));
    expect(contradicting.errors?.[0].extensions?.code).toBe('FACTS_INVALID');
    expect(contradicting.errors?.[0].message).toContain('contradicts candidateType');
  });

  it('an anonymous caller names the province; without one the API says it is needed', async () => {
    expect((await p.graphql<{ registrationRules: { province: string } }>('{ registrationRules(province: "CN-SD") { province } }')).data?.registrationRules.province).toBe('CN-SD');
    expect((await p.graphql('{ registrationRules { province } }')).errors?.[0].extensions?.code).toBe('PROVINCE_REQUIRED');
  });

  it('an account records the rule-set version it was registered under', async () => {
    const me = await ask<{ me: { ruleSetHash: string } }>(sd, '{ me { ruleSetHash } }');
    const rules = await ask<{ registrationRules: { ruleSetHash: string } }>(sd, '{ registrationRules { ruleSetHash } }');
    expect(me.me.ruleSetHash).toBe(rules.registrationRules.ruleSetHash);
  });
});

describe('policy staff', () => {
  let p: TestPlatform;
  let token: string;
  let rulesRoot: string;
  let draftsRoot: string;
  beforeAll(async () => {
    // A copy of the rules that publishing may change, and an empty drafts folder.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-rules-'));
    rulesRoot = path.join(scratch, 'provinces');
    draftsRoot = path.join(scratch, 'drafts');
    fs.cpSync(DEFAULT_RULES_DIR, rulesRoot, { recursive: true });
    p = await startPlatform('sqlite', { ZSB_RULES_DIR: rulesRoot, ZSB_RULES_DRAFTS_DIR: draftsRoot });
    const { password } = await p.createStaff({ username: 'sd.policy', role: 'POLICY_STAFF', province: 'CN-SD' });
    const r = await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation { logInStaff(username: "sd.policy", password: "' + password + '") { tokens { accessToken } } }');
    token = r.data!.logInStaff.tokens.accessToken;
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a draft that moves Qingdao to CEB shows, before publishing, which outcomes change; publishing applies it without a restart', async () => {
    const draft = path.join(draftsRoot, 'CN-SD', '2023');
    fs.cpSync(path.join(rulesRoot, 'CN-SD', '2023'), draft, { recursive: true });
    const channelFile = path.join(draft, 'decisions', 'paymentChannel.json');
    const decision = JSON.parse(fs.readFileSync(channelFile, 'utf8'));
    for (const rule of decision.rules) rule.event.params.channel = 'CEB';
    for (const example of decision.cases) example.expect = { channel: 'CEB' };
    fs.writeFileSync(channelFile, JSON.stringify(decision, null, 2));

    const dry = await p.graphql<{ dryRunRuleSetDraft: { valid: boolean; changedCount: number; changes: { decision: string; before: { channel: string }; after: { channel: string } }[] } }>(
      '{ dryRunRuleSetDraft(province: "CN-SD", examYear: 2023, samples: [{ decision: paymentChannel, facts: { examCity: "370200" } }]) { valid changedCount changes { decision situation before after } } }',
      undefined,
      bearer(token),
    );
    expect(dry.data?.dryRunRuleSetDraft.valid).toBe(true);
    expect(dry.data?.dryRunRuleSetDraft.changedCount).toBeGreaterThan(0);
    expect(dry.data?.dryRunRuleSetDraft.changes.every((c) => c.decision === 'paymentChannel' && c.before.channel === 'UNIONPAY' && c.after.channel === 'CEB')).toBe(true);

    const before = await p.graphql<{ paymentChannel: { channel: { code: string }; ruleSetHash: string } }>('{ paymentChannel(province: "CN-SD", facts: { examCity: "370200" }) { channel { code } ruleSetHash } }');
    // Shandong's undated windows, sample lists and 0.01 元 fees are placeholders: each must be confirmed to publish.
    const listed = await p.graphql<{ dryRunRuleSetDraft: { placeholders: { id: string; choice: string }[] } }>('{ dryRunRuleSetDraft(province: "CN-SD", examYear: 2023) { placeholders { id file path choice section } } }', undefined, bearer(token));
    const placeholders = listed.data!.dryRunRuleSetDraft.placeholders.map((x) => x.id);
    expect(placeholders).toContain('parameters.json/feeItems');
    const publish = (confirm: string[]) =>
      p.graphql<{ publishRuleSetDraft: { ok: boolean; error: { code: string; message: string } | null; ruleSetHash: string; previousHash: string } }>(
        'mutation($confirm: [String!]!) { publishRuleSetDraft(province: "CN-SD", examYear: 2023, confirmPlaceholders: $confirm, reason: "青岛考生改由光大支付缴费") { ok error { code message } ruleSetHash previousHash } }',
        { confirm },
        bearer(token),
      );
    const unconfirmed = await publish(placeholders.slice(1));
    expect(unconfirmed.data?.publishRuleSetDraft).toMatchObject({ ok: false, error: { code: 'PLACEHOLDERS_UNCONFIRMED', message: expect.stringContaining(placeholders[0]) } });
    const mistyped = await publish([...placeholders, 'parameters.json/windows/paymnet']);
    expect(mistyped.data?.publishRuleSetDraft).toMatchObject({ ok: false, error: { code: 'PLACEHOLDERS_UNCONFIRMED', message: expect.stringContaining('parameters.json/windows/paymnet') } });
    // Refused publications changed nothing: the version in force still decides.
    expect((await p.graphql<{ paymentChannel: { ruleSetHash: string } }>('{ paymentChannel(province: "CN-SD", facts: { examCity: "370200" }) { ruleSetHash } }')).data?.paymentChannel.ruleSetHash).toBe(before.data!.paymentChannel.ruleSetHash);
    const published = await publish(placeholders);
    expect(published.data?.publishRuleSetDraft).toMatchObject({ ok: true, previousHash: before.data!.paymentChannel.ruleSetHash });
    const after = await p.graphql<{ paymentChannel: { channel: { code: string }; ruleSetHash: string } }>('{ paymentChannel(province: "CN-SD", facts: { examCity: "370200" }) { channel { code } ruleSetHash } }');
    expect(after.data?.paymentChannel).toEqual({ channel: { code: 'CEB' }, ruleSetHash: published.data!.publishRuleSetDraft.ruleSetHash });
  });

  it('decisions recorded under the old version stay as they were until an audited re-evaluation re-decides them', async () => {
    const em = p.subgraphs.exams.orm.em.fork();
    const old = em.create(DecisionRecord, { decision: 'paymentChannel', ruleSetId: 'CN-SD/2023', ruleSetHash: 'f'.repeat(64), subjectType: 'Application', subjectId: 'a-1', facts: { examCity: '370200' }, outcome: { channel: 'UNIONPAY' }, decidedAt: new Date() });
    // Recorded before the candidate type was needed for a fee: the version in force cannot re-decide it.
    const incomplete = em.create(DecisionRecord, { decision: 'feeQuote', ruleSetId: 'CN-SD/2023', ruleSetHash: 'f'.repeat(64), subjectType: 'Application', subjectId: 'a-2', facts: { exempt: false, subjectGroup: 'MEDICINE' }, outcome: { totalFen: 4 }, decidedAt: new Date() });
    await em.persistAndFlush([old, incomplete]);
    const r = await p.graphql<{ reevaluateRecordedDecisions: { ok: boolean; reevaluated: number; changed: number; unresolved: number } }>('mutation { reevaluateRecordedDecisions(province: "CN-SD", examYear: 2023) { ok reevaluated changed unresolved ruleSetHash } }', undefined, bearer(token));
    expect(r.data?.reevaluateRecordedDecisions).toMatchObject({ ok: true, reevaluated: 2, changed: 1, unresolved: 1 });
    const kept = await p.subgraphs.exams.orm.em.fork().find(DecisionRecord, { subjectId: 'a-2' });
    expect(kept.map((x) => [x.ruleSetHash, x.supersededAt ?? null])).toEqual([['f'.repeat(64), null]]);
    const records = await p.subgraphs.exams.orm.em.fork().find(DecisionRecord, { subjectId: 'a-1' }, { orderBy: { decidedAt: 'asc' } });
    expect(records.map((x) => [x.outcome.channel, !!x.supersededAt])).toEqual([['UNIONPAY', true], ['CEB', false]]);
    const audit = await p.subgraphs.exams.orm.em.fork().find(AuditEntry, { action: { $in: ['rules.publish', 'rules.reevaluate'] } });
    expect(audit.map((a) => a.action).sort()).toEqual(['rules.publish', 'rules.reevaluate']);
  });

  it('a broken draft is refused with the file and the path of the problem', async () => {
    const draft = path.join(draftsRoot, 'CN-SD', '2023');
    fs.cpSync(path.join(rulesRoot, 'CN-SD', '2023'), draft, { recursive: true });
    const file = path.join(draft, 'parameters.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.feeItems.items[0].amountFen = -1;
    fs.writeFileSync(file, JSON.stringify(data));
    const dry = await p.graphql<{ dryRunRuleSetDraft: { valid: boolean; problems: { file: string; path: string; message: string }[] } }>('{ dryRunRuleSetDraft(province: "CN-SD", examYear: 2023) { valid problems { file path message } } }', undefined, bearer(token));
    expect(dry.data?.dryRunRuleSetDraft.valid).toBe(false);
    expect(dry.data?.dryRunRuleSetDraft.problems[0]).toMatchObject({ file: expect.stringContaining('parameters.json'), path: '/feeItems/items/0/amountFen' });
    const published = await p.graphql<{ publishRuleSetDraft: { ok: boolean; error: { code: string } } }>('mutation { publishRuleSetDraft(province: "CN-SD", examYear: 2023, reason: "试发布") { ok error { code message } } }', undefined, bearer(token));
    expect(published.data?.publishRuleSetDraft).toMatchObject({ ok: false, error: { code: 'DRAFT_INVALID' } });
    fs.rmSync(draft, { recursive: true, force: true });
  });

  it('only policy staff of the province may see drafts or publish', async () => {
    const { password } = await p.createStaff({ username: 'nm.policy', role: 'POLICY_STAFF', province: 'CN-NM' });
    const other = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation { logInStaff(username: "nm.policy", password: "' + password + '") { tokens { accessToken } } }')).data!.logInStaff.tokens.accessToken;
    const refused = await p.graphql('{ dryRunRuleSetDraft(province: "CN-SD", examYear: 2023) { valid } }', undefined, bearer(other));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const list = await p.graphql<{ ruleSets: { province: string; status: string; contentHash: string; publications: { contentHash: string; publishedBy: string }[] }[] }>(
      '{ ruleSets { province examYear status contentHash publications { contentHash previousHash publishedAt publishedBy changedOutcomes } } }',
      undefined,
      bearer(token),
    );
    const inForce = list.data!.ruleSets.filter((s) => s.status === 'IN_FORCE');
    expect(inForce.map((s) => s.province).sort()).toEqual(['CN-NM', 'CN-SD']);
    // Shandong's version in force is the one published in the first test, and its history says who published it.
    const shandong = inForce.find((s) => s.province === 'CN-SD')!;
    expect(shandong.publications[0]).toMatchObject({ contentHash: shandong.contentHash, publishedBy: expect.stringMatching(/^staff:/) });
  });
});
