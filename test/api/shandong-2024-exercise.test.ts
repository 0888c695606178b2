/**
 * The policy officer's year, through the API a policy console uses: Shandong 2024 drafted from 2023 with a new fee, a
 * new registration window, Qingdao's candidates moved to another payment channel, a new exam city and a new candidate
 * type exempt from the exam. Each change must be one edit where it belongs — counted here as the JSON paths that differ
 * between the year moved forward and the draft — and the new city and type must then work through the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer } from './flows.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rule files edited as the JSON they are
type Json = any;
type RuleFiles = Map<string, Json>;

/** A rule set's files by name (`parameters.json`, `decisions/feeQuote.json`, …), parsed. */
function readFiles(folder: string): RuleFiles {
  const files: RuleFiles = new Map();
  for (const name of fs.readdirSync(folder).filter((n) => n.endsWith('.json')).sort()) files.set(name, JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')));
  for (const name of fs.readdirSync(path.join(folder, 'decisions')).sort()) files.set(`decisions/${name}`, JSON.parse(fs.readFileSync(path.join(folder, 'decisions', name), 'utf8')));
  return files;
}

const copy = (files: RuleFiles): RuleFiles => new Map([...files].map(([name, data]) => [name, structuredClone(data)]));

/**
 * The JSON Pointers at which two documents differ: a value changed, or an object key or array item added or removed
 * (named once, not by its contents).
 */
function changedPaths(before: unknown, after: unknown, pointer = ''): string[] {
  if (before === after) return [];
  const container = (v: unknown) => v !== null && typeof v === 'object';
  if (!container(before) || !container(after) || Array.isArray(before) !== Array.isArray(after)) return [pointer];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((key) => (!(key in a) || !(key in b) ? [`${pointer}/${key}`] : changedPaths(a[key], b[key], `${pointer}/${key}`)));
}

/** Every changed path of a rule set, as `file /pointer`. */
function diff(before: RuleFiles, after: RuleFiles): { file: string; path: string }[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((file) => changedPaths(before.get(file), after.get(file)).map((p) => ({ file, path: p })));
}

/** Example cases (a decision's `cases`, the flow's `cases`) follow a change of policy; they are not policy themselves. */
const isExample = ({ path: p }: { path: string }) => p.startsWith('/cases/');

const SAVE = 'mutation($files: [RuleFileInput!]!) { saveRuleSetDraft(province: "CN-SD", examYear: 2024, files: $files) { ok error { code message } problems { file path message } draftHash files } }';
const DRY_RUN = `query($samples: [DecisionSampleInput!]!) { dryRunRuleSetDraft(province: "CN-SD", examYear: 2024, samples: $samples) {
  valid problems { file path message } compared changedCount comparedWithRuleSet text
  placeholders { id file path }
  policyChanges { area kind code name text } changes { source decision situation text } } }`;
const PUBLISH =
  'mutation($confirm: [String!]!, $reason: String!) { publishRuleSetDraft(province: "CN-SD", examYear: 2024, confirmPlaceholders: $confirm, reason: $reason) { ok error { code message } ruleSetHash compared changedOutcomes } }';
const DECIDE = 'query($decision: DecisionName!, $facts: JSONObject!) { decide(province: "CN-SD", decision: $decision, facts: $facts) { outcome ruleSetHash explanationText } }';

describe('the Shandong 2024 exercise through the policy API', () => {
  let p: TestPlatform;
  let scratch: string;
  let token: string;
  /** 2023 as published, and 2023 moved to 2024 (dates and 年 of the texts), before any change of policy. */
  let published: RuleFiles;
  let movedForward: RuleFiles;
  let draft: RuleFiles;
  /** What each change of policy edited, by change. */
  const edits = new Map<string, { file: string; path: string }[]>();

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-exercise-'));
    const rulesRoot = path.join(scratch, 'provinces');
    fs.cpSync(DEFAULT_RULES_DIR, rulesRoot, { recursive: true });
    p = await startPlatform('sqlite', { ZSB_RULES_DIR: rulesRoot, ZSB_RULES_DRAFTS_DIR: path.join(scratch, 'drafts') });
    const { password } = await p.createStaff({ username: 'sd.policy.exercise', role: 'POLICY_STAFF', province: 'CN-SD' });
    token = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($p: String!) { logInStaff(username: "sd.policy.exercise", password: $p) { tokens { accessToken } } }', { p: password })).data!
      .logInStaff.tokens.accessToken;

    published = readFiles(path.join(DEFAULT_RULES_DIR, 'CN-SD', '2023'));
    // The year moved forward, as `new-year` and the checks of meaning lead to: every 2023 date and 2023年 becomes 2024.
    movedForward = new Map([...published].map(([name, data]) => [name, JSON.parse(JSON.stringify(data).replaceAll('2023', '2024'))]));
    draft = copy(movedForward);

    // Each change of policy, made where it belongs, with the example cases it makes wrong brought up to date.
    const change = (name: string, make: () => void) => {
      const before = copy(draft);
      make();
      edits.set(name, diff(before, draft));
    };
    const parameters = () => draft.get('parameters.json');
    const decision = (name: string) => draft.get(`decisions/${name}.json`);
    change('fee', () => {
      parameters().feeItems.items.find((f: Json) => f.code === 'REGISTRATION').amountFen = 5000;
      // Examples that state the total follow: 0.04 元 becomes 50.03 元.
      for (const example of decision('feeQuote').cases) {
        if (example.expect.totalFen === 4) example.expect.totalFen = 5003;
        for (const line of example.expect.lines ?? []) if (line.code === 'REGISTRATION') line.amountFen = 5000;
      }
      const flow = draft.get('flow.json');
      for (const example of flow.cases) {
        const text = JSON.stringify(example);
        if (/"totalFen":4\b|0\.04 元/.test(text)) Object.assign(example, JSON.parse(text.replace(/"totalFen":4\b/g, '"totalFen":5003').replaceAll('0.04 元', '50.03 元').replace(/("code":"REGISTRATION","name":"报名","amountFen":)1\b/g, '$15000')));
      }
    });
    change('window', () => {
      parameters().windows.registration.from = '2024-03-25';
      const early = draft.get('flow.json').cases.find((c: Json) => c.name.startsWith('3 月 31 日报名开始之前'));
      early.name = early.name.replace('3 月 31 日', '3 月 25 日');
      early.at = '2024-03-24T12:00:00+08:00';
    });
    change('channel', () => {
      const qingdao = decision('paymentChannel').rules.find((r: Json) => JSON.stringify(r.conditions).includes('"equal","value":"370200"'));
      qingdao.event.params.channel = 'CEB';
      for (const example of decision('paymentChannel').cases) {
        if (example.expect.channel === 'UNIONPAY') {
          example.expect.channel = 'CEB';
          example.name = example.name.replace('银联支付', '光大支付');
        }
      }
    });
    change('city', () => parameters().examCities.items.push({ code: '371200', name: '莱芜市' }));
    change('candidateType', () =>
      parameters().candidateTypes.items.push({ code: 'SKILLS_CHAMPION', name: '技能大赛获奖考生', exempt: true, description: '省级以上技能大赛获奖，免于统一考试。' }),
    );
  });
  afterAll(async () => {
    await p?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('each change of policy is one edit in one file: the city and the candidate type in parameters.json alone, no decision repeats them', () => {
    const policy = (name: string) => edits.get(name)!.filter((e) => !isExample(e));
    expect(policy('fee')).toEqual([{ file: 'parameters.json', path: '/feeItems/items/0/amountFen' }]);
    expect(policy('window')).toEqual([{ file: 'parameters.json', path: '/windows/registration/from' }]);
    expect(policy('channel')).toEqual([{ file: 'decisions/paymentChannel.json', path: '/rules/0/event/params/channel' }]);
    expect(policy('city')).toEqual([{ file: 'parameters.json', path: '/examCities/items/16' }]);
    expect(policy('candidateType')).toEqual([{ file: 'parameters.json', path: '/candidateTypes/items/3' }]);
    // A city or a candidate type touches nothing else at all, not even an example.
    expect(edits.get('city')).toHaveLength(1);
    expect(edits.get('candidateType')).toHaveLength(1);
    // The whole draft against the year moved forward: five edits of policy, the rest examples that follow them.
    const all = diff(movedForward, draft);
    expect(all.filter((e) => !isExample(e))).toHaveLength(5);
    expect(new Set(all.filter((e) => !isExample(e)).map((e) => e.file))).toEqual(new Set(['parameters.json', 'decisions/paymentChannel.json']));
    expect(all.filter((e) => e.file === 'facts.json' || (e.file.startsWith('decisions/') && e.file !== 'decisions/paymentChannel.json' && e.file !== 'decisions/feeQuote.json'))).toEqual([]);
    // Moving the year itself changed dates and 年 only.
    for (const { file, path: pointer } of diff(published, movedForward)) {
      const at = (files: RuleFiles) => pointer.split('/').slice(1).reduce((v: Json, key) => v?.[key], files.get(file));
      expect(String(at(movedForward))).toBe(String(at(published)).replaceAll('2023', '2024'));
    }
  });

  it('the draft is handed over by file name, checked, dry-run with a year-on-year preview in Chinese, and published with a reason', async () => {
    const files = [...draft].map(([name, data]) => ({ name, content: `${JSON.stringify(data, null, 2)}\n` }));
    const saved = (await p.graphql<{ saveRuleSetDraft: Json }>(SAVE, { files }, bearer(token))).data!.saveRuleSetDraft;
    expect(saved).toMatchObject({ ok: true, problems: [], draftHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(saved.files).toContain('facts.json');

    const samples = [
      { name: '莱芜考生', decision: 'paymentChannel', facts: { examCity: '371200' } },
      { name: '莱芜的校荐考生', decision: 'feeQuote', facts: { candidateType: 'GENERAL', examCity: '371200', subjectGroup: 'MEDICINE', appliedForRetiredSoldierExemption: false } },
      { name: '技能大赛获奖考生', decision: 'examRequirement', facts: { candidateType: 'SKILLS_CHAMPION' } },
    ];
    const dry = (await p.graphql<{ dryRunRuleSetDraft: Json }>(DRY_RUN, { samples }, bearer(token))).data!.dryRunRuleSetDraft;
    expect(dry).toMatchObject({ valid: true, problems: [], comparedWithRuleSet: 'CN-SD/2023' });
    const changes = dry.policyChanges.map((c: Json) => c.text);
    // Each change named in Chinese, with names beside codes and the fee in 元.
    expect(changes).toEqual(
      expect.arrayContaining([
        '报名（REGISTRATION）：报名 0.01 元 → 报名 50.00 元',
        '报名（registration）：2023-03-31 至 2023-04-04 → 2024-03-25 至 2024-04-04',
        '青岛市（370200）的考生：银联支付（UNIONPAY） → 光大支付（CEB）',
        '新增 莱芜市（371200）：莱芜市',
        expect.stringMatching(/^新增 技能大赛获奖考生（SKILLS_CHAMPION）：.*免试：是/),
      ]),
    );
    expect(dry.text).toContain('【逐年对比】CN-SD/2023');
    // The samples: a candidate of the new city and one of the new type are decided by the draft, refused by 2023.
    const sampled = dry.changes.filter((c: Json) => c.source === 'SAMPLE').map((c: Json) => c.text);
    expect(sampled).toEqual(expect.arrayContaining([expect.stringMatching(/^【缴费渠道】莱芜考生：无法作出（.*） → 通过光大支付（CEB）缴费$/), expect.stringMatching(/^【是否需要考试】技能大赛获奖考生：无法作出（.*） → 不需要考试/)]));

    // Publishing refuses while a placeholder is not confirmed, then publishes with the reason.
    const reason = '2024 年招生：报名费调整、报名提前至 3 月 25 日、青岛改由光大支付、新增莱芜考点与技能大赛获奖免试考生';
    const refused = (await p.graphql<{ publishRuleSetDraft: Json }>(PUBLISH, { confirm: [], reason }, bearer(token))).data!.publishRuleSetDraft;
    expect(refused).toMatchObject({ ok: false, error: { code: 'PLACEHOLDERS_UNCONFIRMED' } });
    const published = (await p.graphql<{ publishRuleSetDraft: Json }>(PUBLISH, { confirm: dry.placeholders.map((x: Json) => x.id), reason }, bearer(token))).data!.publishRuleSetDraft;
    expect(published).toMatchObject({ ok: true, ruleSetHash: saved.draftHash });
    expect(published.changedOutcomes).toBeGreaterThan(0);
  });

  it('a candidate of the new city and one of the new candidate type are decided through the API, explained in Chinese', async () => {
    const decide = async (decision: string, facts: Record<string, unknown>) => {
      const r = await p.graphql<{ decide: { outcome: Json; ruleSetHash: string; explanationText: string } }>(DECIDE, { decision, facts });
      expect(r.errors).toBeUndefined();
      return r.data!.decide;
    };
    const laiwu = await decide('paymentChannel', { examCity: '371200' });
    expect(laiwu.outcome).toEqual({ channel: 'CEB' });
    expect(laiwu.explanationText).toContain('报考城市：莱芜市（371200）');
    expect((await decide('paymentChannel', { examCity: '370200' })).outcome).toEqual({ channel: 'CEB' });
    const fee = await decide('feeQuote', { candidateType: 'GENERAL', examCity: '371200', subjectGroup: 'MEDICINE', appliedForRetiredSoldierExemption: false });
    expect(fee.outcome).toMatchObject({ totalFen: 5003 });
    expect(fee.explanationText).toContain('报名 50.00 元');

    const champion = await decide('examRequirement', { candidateType: 'SKILLS_CHAMPION' });
    expect(champion.outcome).toMatchObject({ examRequired: false, label: '不需要考试' });
    expect(champion.explanationText).toContain('考生类型：技能大赛获奖考生（SKILLS_CHAMPION）');
    expect(champion.explanationText).toContain('是否免试：是（由考生类型得出）');
    expect((await decide('feeQuote', { candidateType: 'SKILLS_CHAMPION' })).outcome).toMatchObject({ items: [], totalFen: 0 });
    expect((await decide('applicationEligibility', { candidateType: 'SKILLS_CHAMPION' })).outcome).toEqual({ eligible: true });
    expect((await decide('dualApplication', { candidateType: 'SKILLS_CHAMPION' })).outcome).toMatchObject({ offered: false });
    expect(laiwu.ruleSetHash).toBe(champion.ruleSetHash);
  });
});
