import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '@zsb/platform';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { DecisionRecord } from '../../subgraphs/exams/src/modules/policy/decision-record.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { writeShandong2024Draft } from '../support/shandong-2024.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer } from './flows.ts';

type RuleFile = { name: string; content: string };

/** A draft folder's files as text by file name, as a tool would send them. */
function filesOf(folder: string): RuleFile[] {
  return [
    ...fs.readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => ({ name, content: fs.readFileSync(path.join(folder, name), 'utf8') })),
    ...fs.readdirSync(path.join(folder, 'decisions')).map((name) => ({ name: `decisions/${name}`, content: fs.readFileSync(path.join(folder, 'decisions', name), 'utf8') })),
  ];
}

const SAVE = 'mutation($province: String!, $year: Int!, $files: [RuleFileInput!]!) { saveRuleSetDraft(province: $province, examYear: $year, files: $files) { ok error { code message field } problems { file path message } draftHash files } }';
type Saved = { saveRuleSetDraft: { ok: boolean; error: { code: string; message: string } | null; problems: { file: string; path: string; message: string }[] | null; draftHash: string | null; files: string[] | null } };

const DRY_RUN = `query($samples: [DecisionSampleInput!]!) { dryRunRuleSetDraft(province: "CN-SD", examYear: 2024, samples: $samples) {
  valid compared changedCount comparedWithRuleSet publishedHash draftHash text
  counts { source compared changed } policyChanges { area kind code name text } changes { source decision situation text before after } } }`;
type DryRun = {
  dryRunRuleSetDraft: {
    valid: boolean;
    compared: number;
    changedCount: number;
    comparedWithRuleSet: string | null;
    publishedHash: string | null;
    draftHash: string;
    text: string;
    counts: { source: string; compared: number; changed: number }[];
    policyChanges: { area: string; kind: string; code: string; name: string; text: string }[];
    changes: { source: string; decision: string; situation: string; text: string }[];
  };
};

describe.each(DATABASES)('drafts through the API and the year-on-year preview (%s)', (dialect) => {
  let p: TestPlatform;
  let scratch: string;
  let token: string;
  let files: RuleFile[];
  const file = (name: string) => files.find((f) => f.name === name)!;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-drafts-'));
    const rulesRoot = path.join(scratch, 'provinces');
    fs.cpSync(DEFAULT_RULES_DIR, rulesRoot, { recursive: true });
    p = await startPlatform(dialect, { ZSB_RULES_DIR: rulesRoot, ZSB_RULES_DRAFTS_DIR: path.join(scratch, 'drafts') });
    const { password } = await p.createStaff({ username: 'sd.policy.drafts', role: 'POLICY_STAFF', province: 'CN-SD' });
    token = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($p: String!) { logInStaff(username: "sd.policy.drafts", password: $p) { tokens { accessToken } } }', { p: password })).data!.logInStaff.tokens.accessToken;
    // The policy officer's 2024 draft, prepared elsewhere (in a tool, not on the server).
    files = filesOf(writeShandong2024Draft(path.join(scratch, 'elsewhere')));
  });
  afterAll(async () => {
    await p?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const save = async (variables: Record<string, unknown>, who = token) => {
    const r = await p.graphql<Saved>(SAVE, { province: 'CN-SD', year: 2024, ...variables }, bearer(who));
    return r.data?.saveRuleSetDraft ?? (r.errors as never);
  };

  it('a draft is handed over as JSON by file name, validated as publishing validates it; problems come back by file and path', async () => {
    const saved = await save({ files });
    expect(saved).toMatchObject({ ok: true, problems: [], draftHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // A change to one file keeps the others; its problem is named by the file as sent and the JSON path.
    const parameters = JSON.parse(file('parameters.json').content) as { feeItems: { items: { amountFen: number }[] } };
    parameters.feeItems.items[0].amountFen = -1;
    const broken = await save({ files: [{ name: 'parameters.json', content: JSON.stringify(parameters) }] });
    expect(broken).toMatchObject({ ok: true, draftHash: null, files: ['parameters.json'] });
    expect(broken.problems).toContainEqual(expect.objectContaining({ file: 'parameters.json', path: '/feeItems/items/0/amountFen' }));
    const dry = await p.graphql<DryRun>(DRY_RUN, { samples: [] }, bearer(token));
    expect(dry.data?.dryRunRuleSetDraft).toMatchObject({ valid: false, compared: 0 });
    expect(dry.data?.dryRunRuleSetDraft.text).toContain('parameters.json /feeItems/items/0/amountFen');
    // A file that is not JSON: its line and column.
    const syntax = await save({ files: [{ name: 'form.json', content: '{\n  "fields": [\n}' }] });
    expect(syntax.problems).toContainEqual(expect.objectContaining({ file: 'form.json', message: expect.stringContaining('第 3 行') }));
    expect(await save({ files: [file('parameters.json'), file('form.json')] })).toMatchObject({ ok: true, problems: [], draftHash: saved.draftHash });
  });

  it('refuses file names it does not know, contents that are not JSON objects, and staff of another province', async () => {
    expect(await save({ files: [{ name: '../../../etc/passwd.json', content: '{}' }] })).toMatchObject({ ok: false, error: { code: 'DRAFT_FILES_INVALID' } });
    expect(await save({ files: [{ name: 'decisions/lunch.json', content: '{}' }] })).toMatchObject({ ok: false, error: { code: 'DRAFT_FILES_INVALID' } });
    expect(await save({ files: [file('texts.json'), file('texts.json')] })).toMatchObject({ ok: false, error: { code: 'DRAFT_FILES_INVALID' } });
    expect(await save({ files: [] })).toMatchObject({ ok: false, error: { code: 'DRAFT_FILES_INVALID' } });
    expect(await save({ files: [{ name: 'texts.json', content: ' '.repeat(2_000_001) }] })).toMatchObject({ ok: false, error: { code: 'DRAFT_FILES_INVALID' } });
    expect(fs.readdirSync(path.join(scratch, 'drafts')).filter((name) => name.startsWith('.'))).toEqual([]);
    const { password } = await p.createStaff({ username: 'nm.policy.drafts', role: 'POLICY_STAFF', province: 'CN-NM' });
    const other = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($p: String!) { logInStaff(username: "nm.policy.drafts", password: $p) { tokens { accessToken } } }', { p: password })).data!.logInStaff.tokens.accessToken;
    const refused = await p.graphql<Saved>(SAVE, { province: 'CN-SD', year: 2024, files }, bearer(other));
    expect(refused.errors?.[0].extensions?.code ?? refused.data?.saveRuleSetDraft.error?.code).toBe('FORBIDDEN');
  });

  it('the dry run of a new year compares it with the year before: policy, example cases, samples and recorded registrations, counted and in Chinese', async () => {
    // Two registrations' decisions recorded under 2023: a Qingdao candidate's channel and a Heze candidate's.
    const em = p.subgraphs.exams.orm.em.fork();
    const hash = (await p.graphql<{ paymentChannel: { ruleSetHash: string } }>('{ paymentChannel(province: "CN-SD", facts: { examCity: "370200" }) { ruleSetHash } }')).data!.paymentChannel.ruleSetHash;
    const record = (subjectId: string, examCity: string, channel: string) =>
      em.create(DecisionRecord, { decision: 'paymentChannel', ruleSetId: 'CN-SD/2023', ruleSetHash: hash, subjectType: 'Registration', subjectId, facts: { examCity }, outcome: { channel }, decidedAt: new Date() });
    await em.persistAndFlush([record('3f1e0c9e-0000-4000-8000-000000000001', '370200', 'UNIONPAY'), record('3f1e0c9e-0000-4000-8000-000000000002', '371700', 'CEB')]);

    const samples = [{ name: '技能大赛获奖考生', decision: 'applicationEligibility', facts: { candidateType: 'SKILLS_CHAMPION' } }, { name: '青岛考生', facts: { examCity: '370200' } }];
    const dry = (await p.graphql<DryRun>(DRY_RUN, { samples }, bearer(token))).data!.dryRunRuleSetDraft;
    expect(dry).toMatchObject({ valid: true, comparedWithRuleSet: 'CN-SD/2023', publishedHash: null });
    const count = (source: string) => dry.counts.find((c) => c.source === source)!;
    expect(count('CASE')).toMatchObject({ compared: 26, changed: 7 });
    expect(count('SAMPLE').changed).toBe(2);
    expect(count('RECORDED')).toMatchObject({ compared: 2, changed: 1 });
    expect(dry.compared).toBe(dry.counts.reduce((n, c) => n + c.compared, 0));
    expect(dry.changedCount).toBe(10);
    expect(dry.policyChanges.map((c) => c.text)).toEqual(expect.arrayContaining(['报名（REGISTRATION）：报名 0.01 元 → 报名 0.02 元', '青岛市（370200）的考生：银联支付（UNIONPAY） → 光大支付（CEB）', '新增 莱芜市（371200）：莱芜市']));
    expect(dry.changes.find((c) => c.source === 'RECORDED')?.text).toBe('【缴费渠道】已记录 报名 3f1e0c9e：通过银联支付（UNIONPAY）缴费 → 通过光大支付（CEB）缴费');
    expect(dry.text).toContain('【逐年对比】CN-SD/2023 现行版本');
    expect(dry.text).toContain(`二、结论的改变：共 ${dry.compared} 条：10 条结论改变`);
    expect(dry.text).toContain('  已记录的报名：共 2 条：1 条结论改变');
  });

  it('publishing the new year records and audits what the dry run found, not "0 changed outcomes"', async () => {
    const listed = (await p.graphql<{ dryRunRuleSetDraft: { placeholders: { id: string }[] } }>('{ dryRunRuleSetDraft(province: "CN-SD", examYear: 2024) { placeholders { id } } }', undefined, bearer(token))).data!.dryRunRuleSetDraft;
    const r = await p.graphql<{ publishRuleSetDraft: { ok: boolean; compared: number; changedOutcomes: number; ruleSetHash: string } }>(
      'mutation($confirm: [String!]!) { publishRuleSetDraft(province: "CN-SD", examYear: 2024, confirmPlaceholders: $confirm, reason: "2024 年招生：新增考点与免试类型，青岛改由光大支付") { ok error { code message } compared changedOutcomes ruleSetHash } }',
      { confirm: listed.placeholders.map((x) => x.id) },
      bearer(token),
    );
    expect(r.data?.publishRuleSetDraft).toMatchObject({ ok: true, changedOutcomes: 8 });
    const audit = await p.subgraphs.exams.orm.em.fork().findOneOrFail(AuditEntry, { action: 'rules.publish', subjectId: 'CN-SD/2024' });
    expect(audit.details).toMatchObject({ changedOutcomes: 8, compared: r.data!.publishRuleSetDraft.compared, reason: expect.stringContaining('2024 年招生') });
    expect(r.data!.publishRuleSetDraft.compared).toBeGreaterThan(26);
    // Now in force for Shandong (it took effect on 1 January 2024).
    const channel = await p.graphql<{ paymentChannel: { channel: { code: string }; ruleSetHash: string } }>('{ paymentChannel(province: "CN-SD", facts: { examCity: "370200" }) { channel { code } ruleSetHash } }');
    expect(channel.data?.paymentChannel).toEqual({ channel: { code: 'CEB' }, ruleSetHash: r.data!.publishRuleSetDraft.ruleSetHash });
  });
});
