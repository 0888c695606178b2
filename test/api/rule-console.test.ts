import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR } from '@zsb/rules';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { writeShandong2024Draft } from '../support/shandong-2024.ts';
import { bearer } from './flows.ts';

/*
 * What the policy console reads besides drafts' checks and previews: a province-year's files as text (the draft's,
 * else the version's, else the latest year's moved to the new year), the JSON Schemas to check them as they are typed,
 * and a decision taken by the draft with its explanation in Chinese. Policy staff of the province only.
 */

type Files = { ruleSetDraftFiles: { source: string; ruleSetId: string | null; files: { name: string; content: string; schema: string }[] } };

describe('the policy console’s reads', () => {
  let p: TestPlatform;
  let scratch: string;
  let token: string;
  let other: string;

  const logIn = async (username: string, role: 'POLICY_STAFF' | 'PROVINCE_REVIEWER', province: string) => {
    const { password } = await p.createStaff({ username, role, province });
    return (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($u: String!, $p: String!) { logInStaff(username: $u, password: $p) { tokens { accessToken } } }', { u: username, p: password })).data!.logInStaff.tokens.accessToken;
  };
  const files = (year: number, who = token) => p.graphql<Files>('query($y: Int!) { ruleSetDraftFiles(province: "CN-SD", examYear: $y) { source ruleSetId files { name content schema } } }', { y: year }, bearer(who));

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-console-'));
    const rulesRoot = path.join(scratch, 'provinces');
    fs.cpSync(DEFAULT_RULES_DIR, rulesRoot, { recursive: true });
    p = await startPlatform('sqlite', { ZSB_RULES_DIR: rulesRoot, ZSB_RULES_DRAFTS_DIR: path.join(scratch, 'drafts') });
    token = await logIn('sd.policy.console-api', 'POLICY_STAFF', 'CN-SD');
    other = await logIn('nm.policy.console-api', 'POLICY_STAFF', 'CN-NM');
  });
  afterAll(async () => {
    await p?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('a new year starts from the latest year’s files, its manifest moved to the year; each file names its schema', async () => {
    const r = (await files(2024)).data!.ruleSetDraftFiles;
    expect(r).toMatchObject({ source: 'NEW_YEAR', ruleSetId: 'CN-SD/2023' });
    const manifest = JSON.parse(r.files.find((f) => f.name === 'ruleset.json')!.content) as { examYear: number; title: string; effective: { from: string } };
    expect(manifest).toMatchObject({ examYear: 2024, title: expect.stringContaining('2024年'), effective: { from: '2024-01-01' } });
    expect(r.files.find((f) => f.name === 'parameters.json')?.schema).toBe('parameters.schema.json');
    expect(r.files.find((f) => f.name === 'decisions/feeQuote.json')?.schema).toBe('decision.schema.json');
    expect((await files(2023)).data!.ruleSetDraftFiles).toMatchObject({ source: 'VERSION', ruleSetId: 'CN-SD/2023' });
  });

  it('once saved, the draft’s own text comes back, and the draft decides with its explanation in Chinese', async () => {
    const start = (await files(2024)).data!.ruleSetDraftFiles.files;
    const parameters = start.find((f) => f.name === 'parameters.json')!.content.replace('"registration": {', '"registraton": {');
    const saved = await p.graphql<{ saveRuleSetDraft: { ok: boolean } }>(
      'mutation($files: [RuleFileInput!]!) { saveRuleSetDraft(province: "CN-SD", examYear: 2024, files: $files) { ok } }',
      { files: start.map((f) => ({ name: f.name, content: f.name === 'parameters.json' ? parameters : f.content })) },
      bearer(token),
    );
    expect(saved.data?.saveRuleSetDraft.ok).toBe(true);
    const draft = (await files(2024)).data!.ruleSetDraftFiles;
    expect(draft.source).toBe('DRAFT');
    expect(draft.files.find((f) => f.name === 'parameters.json')?.content).toBe(parameters);
    const TRY = '{ tryRuleSetDraftDecision(province: "CN-SD", examYear: 2024, decision: paymentChannel, facts: { examCity: "370200" }) { outcome explanationText ruleSetId } }';
    // An invalid draft cannot decide: the first finding says why.
    const refused = await p.graphql(TRY, undefined, bearer(token));
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringContaining('registraton'), extensions: { code: 'DRAFT_INVALID' } });
    // The officer's 2024 files (2023 moved forward, dates and all, Qingdao paying through CEB): a valid draft.
    const prepared = writeShandong2024Draft(path.join(scratch, 'prepared'));
    const names = [...fs.readdirSync(prepared).filter((n) => n.endsWith('.json')), ...fs.readdirSync(path.join(prepared, 'decisions')).map((n) => `decisions/${n}`)];
    const valid = await p.graphql<{ saveRuleSetDraft: { problems: unknown[] } }>(
      'mutation($files: [RuleFileInput!]!) { saveRuleSetDraft(province: "CN-SD", examYear: 2024, files: $files) { problems { file path message } } }',
      { files: names.map((name) => ({ name, content: fs.readFileSync(path.join(prepared, name), 'utf8') })) },
      bearer(token),
    );
    expect(valid.data?.saveRuleSetDraft.problems).toEqual([]);
    const tried = await p.graphql<{ tryRuleSetDraftDecision: { outcome: { channel: string }; explanationText: string; ruleSetId: string } }>(TRY, undefined, bearer(token));
    expect(tried.data?.tryRuleSetDraftDecision).toMatchObject({ outcome: { channel: 'CEB' }, ruleSetId: 'CN-SD/2024', explanationText: expect.stringContaining('青岛') });
  });

  it('gives the schemas with their ids, and refuses staff of another province', async () => {
    const schemas = await p.graphql<{ ruleFileSchemas: { file: string; schema: { $id: string } }[] }>('{ ruleFileSchemas { file schema } }', undefined, bearer(token));
    expect(schemas.data?.ruleFileSchemas.find((s) => s.file === 'common.schema.json')?.schema.$id).toBe('https://zsb.example/rules/common.schema.json');
    const refused = await files(2024, other);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
