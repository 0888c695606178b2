import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { DEFAULT_RULES_DIR, InvalidRuleSetError, loadRuleSet } from './load.ts';

function copyOfRules(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-rules-'));
  fs.cpSync(DEFAULT_RULES_DIR, path.join(dir, 'provinces'), { recursive: true });
  return path.join(dir, 'provinces');
}

function problemsOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidRuleSetError) return error.problems;
    throw error;
  }
  throw new Error('expected the rule set to be refused');
}

describe('rule sets', () => {
  it('the shipped rule sets of both seed provinces load and validate', () => {
    const catalog = RuleCatalog.load();
    expect(catalog.all().map((s) => s.id)).toEqual(expect.arrayContaining(['CN-NM/2026', 'CN-SD/2023']));
    expect(catalog.get('CN-SD', 2023)!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a misspelt property is refused with the file and the JSON path that holds it', () => {
    const root = copyOfRules();
    const file = path.join(root, 'CN-SD', '2023', 'accounts.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.login.factor = data.login.factors;
    delete data.login.factors;
    fs.writeFileSync(file, JSON.stringify(data));
    const problems = problemsOf(() => loadRuleSet(path.join(root, 'CN-SD', '2023'), root));
    expect(problems).toContainEqual({ file: 'provinces/CN-SD/2023/accounts.json', path: '/login', message: 'unknown property "factor"' });
    expect(problems).toContainEqual({ file: 'provinces/CN-SD/2023/accounts.json', path: '/login', message: "must have required property 'factors'" });
  });

  it('a value outside its allowed set is refused naming the allowed values', () => {
    const root = copyOfRules();
    const file = path.join(root, 'CN-NM', '2026', 'accounts.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.passwordReset.shape = 'EMAIL';
    fs.writeFileSync(file, JSON.stringify(data));
    expect(problemsOf(() => RuleCatalog.load(root))).toContainEqual({ file: 'provinces/CN-NM/2026/accounts.json', path: '/passwordReset/shape', message: 'must be one of "PHONE_AND_SMS", "MASKED_PHONE"' });
  });

  it('a reference to a document the manifest does not name is refused', () => {
    const root = copyOfRules();
    const file = path.join(root, 'CN-NM', '2026', 'accounts.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.login.reference.document = 'circular-2026-17';
    fs.writeFileSync(file, JSON.stringify(data));
    expect(problemsOf(() => RuleCatalog.load(root))[0]).toMatchObject({ path: '/login/reference/document', message: expect.stringContaining('circular-2026-17') });
  });

  it('a province requiring the roster without a roster file is refused', () => {
    const root = copyOfRules();
    fs.rmSync(path.join(root, 'CN-SD', '2023', 'roster.json'));
    expect(problemsOf(() => RuleCatalog.load(root))).toContainEqual({ file: 'provinces/CN-SD/2023/roster.json', path: '', message: 'is required when accounts.json requires the roster' });
  });

  it('broken JSON is refused naming the file', () => {
    const root = copyOfRules();
    fs.writeFileSync(path.join(root, 'CN-NM', '2026', 'ruleset.json'), '{ "province": ');
    expect(problemsOf(() => RuleCatalog.load(root))[0]).toMatchObject({ file: 'provinces/CN-NM/2026/ruleset.json', message: 'JSON 格式错误，第 1 行第 15 列：这里缺少值（是否多了一个逗号，或漏写了值？）' });
  });

  it('a byte-order mark (as Windows editors save UTF-8) is not content; a comment is not JSON', () => {
    const root = copyOfRules();
    const file = path.join(root, 'CN-NM', '2026', 'ruleset.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `\uFEFF${text}`);
    expect(loadRuleSet(path.join(root, 'CN-NM', '2026'), root).manifest.examYear).toBe(2026);
    fs.writeFileSync(file, text.replace('{', '{\n  // 2026\n'));
    expect(problemsOf(() => loadRuleSet(path.join(root, 'CN-NM', '2026'), root))).toEqual([{ file: 'provinces/CN-NM/2026/ruleset.json', path: '', message: 'JSON 格式错误，第 2 行第 3 列：JSON 中不能写注释' }]);
  });

  it('a JSON syntax error deep in a file gives its line and column', () => {
    const root = copyOfRules();
    const file = path.join(root, 'CN-SD', '2023', 'parameters.json');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"name": "网上缴费"'));
    lines[at] = lines[at].replace('"name": "网上缴费",', '"name": "网上缴费"');
    fs.writeFileSync(file, lines.join('\n'));
    expect(problemsOf(() => loadRuleSet(path.join(root, 'CN-SD', '2023'), root))).toEqual([
      { file: 'provinces/CN-SD/2023/parameters.json', path: '', message: `JSON 格式错误，第 ${at + 2} 行第 7 列：缺少逗号 ,` },
    ]);
  });

  it('formatting and key order do not change the content hash; a changed value does', () => {
    const root = copyOfRules();
    const before = RuleCatalog.load(root).get('CN-NM', 2026)!.contentHash;
    const file = path.join(root, 'CN-NM', '2026', 'accounts.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(data).reverse()), null, 4));
    expect(RuleCatalog.load(root).get('CN-NM', 2026)!.contentHash).toBe(before);
    data.password.maxLength = 24;
    fs.writeFileSync(file, JSON.stringify(data));
    expect(RuleCatalog.load(root).get('CN-NM', 2026)!.contentHash).not.toBe(before);
  });

  it('the rule set in force is the latest one already effective', () => {
    const catalog = RuleCatalog.load();
    expect(catalog.current('CN-SD', new Date('2023-06-01'))?.manifest.examYear).toBe(2023);
    expect(catalog.current('CN-NM', new Date('2025-06-01'))).toBeUndefined();
  });

  it("a rule set comes into force at midnight of its own time zone, not of UTC", () => {
    const catalog = RuleCatalog.load();
    // 00:30 on 1 January 2023 in Beijing is still 31 December in UTC.
    expect(catalog.current('CN-SD', new Date('2022-12-31T16:30:00Z'))?.manifest.examYear).toBe(2023);
    expect(catalog.current('CN-SD', new Date('2022-12-31T15:30:00Z'))).toBeUndefined();
  });

  it('a window with a daily closing before its opening, or a window a flow names that parameters.json lacks, is refused', () => {
    const root = copyOfRules();
    const parameters = path.join(root, 'CN-SD', '2023', 'parameters.json');
    const data = JSON.parse(fs.readFileSync(parameters, 'utf8'));
    data.windows.payment.dailyHours = { from: '17:00', until: '09:00' };
    fs.writeFileSync(parameters, JSON.stringify(data));
    const flowFile = path.join(root, 'CN-SD', '2023', 'flow.json');
    const flow = JSON.parse(fs.readFileSync(flowFile, 'utf8'));
    flow.steps[5].window = 'lunchBreak';
    fs.writeFileSync(flowFile, JSON.stringify(flow));
    const problems = problemsOf(() => loadRuleSet(path.join(root, 'CN-SD', '2023'), root));
    expect(problems).toContainEqual({ file: 'provinces/CN-SD/2023/parameters.json', path: '/windows/payment/dailyHours/until', message: '「网上缴费」每天的结束时间 09:00 不晚于开始时间 17:00：每天都不会开放（是否把开始和结束写反了？）' });
    expect(problems).toContainEqual({ file: 'provinces/CN-SD/2023/flow.json', path: '/steps/5/window', message: '时间窗口「lunchBreak」在 parameters.json 的 windows 中不存在（已有：registration、payment、changes）' });
  });
});
