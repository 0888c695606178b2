import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR, InvalidRuleSetError, loadRuleSet, type RuleProblem } from './load.ts';
import { holds } from './meaning.ts';

const TEST_PROVINCES = path.join(DEFAULT_RULES_DIR, '..', 'test-provinces');

/** A copy of a real rule set in a temporary folder (as `<root>/<province>/<year>`), to break on purpose. */
function copyOf(id: string, as = id): { root: string; folder: string } {
  const [province, year] = id.split('/');
  const source = fs.existsSync(path.join(DEFAULT_RULES_DIR, province)) ? DEFAULT_RULES_DIR : TEST_PROVINCES;
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-meaning-')), 'provinces');
  const folder = path.join(root, ...as.split('/'));
  fs.cpSync(path.join(source, province, year), folder, { recursive: true });
  return { root, folder };
}

/** Changes one JSON file of the copy (its data as loosely typed as the JSON it is). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function edit(folder: string, file: string, change: (data: any) => void): void {
  const full = path.join(folder, file);
  const data = JSON.parse(fs.readFileSync(full, 'utf8'));
  change(data);
  fs.writeFileSync(full, JSON.stringify(data, null, 2));
}

function problemsOf({ root, folder }: { root: string; folder: string }): RuleProblem[] {
  try {
    loadRuleSet(folder, root);
  } catch (error) {
    if (error instanceof InvalidRuleSetError) return error.problems;
    throw error;
  }
  return [];
}

describe('checks of meaning', () => {
  it('the real rule sets pass every check of meaning', () => {
    for (const id of ['CN-SD/2023', 'CN-NM/2026', 'CN-HI/2027']) expect(problemsOf(copyOf(id))).toEqual([]);
  });

  it('a window whose end is before its start', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'parameters.json', (p) => (p.windows.changes.until = '2023-04-02'));
    expect(problemsOf(set)).toContainEqual({
      file: 'provinces/CN-SD/2023/parameters.json',
      path: '/windows/changes/until',
      message: '「申请修改报名信息」的截止日期 2023-04-02 早于开始日期 2023-04-12：这个时间段一天也不开放',
    });
  });

  it('a payment window that opens before registration', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'parameters.json', (p) => (p.windows.payment.from = '2023-03-20'));
    expect(problemsOf(set)).toEqual([
      { file: 'provinces/CN-SD/2023/parameters.json', path: '/windows/payment/from', message: '「网上缴费」从 2023-03-20 开始，早于「报名」的开始日期 2023-03-31：考生要先报名才能网上缴费' },
    ]);
  });

  it('a payment window that closes before registration does', () => {
    const set = copyOf('CN-NM/2026');
    edit(set.folder, 'parameters.json', (p) => (p.windows.payment.until = '2026-03-05'));
    expect(problemsOf(set)).toEqual([
      { file: 'provinces/CN-NM/2026/parameters.json', path: '/windows/payment/until', message: '「考试缴费」在 2026-03-05 截止，早于「报名」的截止日期 2026-03-08：最后几天报名的考生将无法考试缴费' },
    ]);
  });

  it('inverted daily hours', () => {
    const set = copyOf('CN-HI/2027');
    edit(set.folder, 'parameters.json', (p) => (p.windows.registration.dailyHours = { from: '22:00', until: '08:00' }));
    expect(problemsOf(set)).toEqual([
      { file: 'provinces/CN-HI/2027/parameters.json', path: '/windows/registration/dailyHours/until', message: '「报名」每天的结束时间 08:00 不晚于开始时间 22:00：每天都不会开放（是否把开始和结束写反了？）' },
    ]);
  });

  it("a new year copied forward keeps last year's dates and text: every one is reported", () => {
    // What `new-year CN-SD 2023 2024` writes: the year, the title and the effective date change, nothing else.
    const set = copyOf('CN-SD/2023', 'CN-SD/2024');
    edit(set.folder, 'ruleset.json', (m) => {
      m.examYear = 2024;
      m.title = m.title.replace('2023', '2024');
      m.effective = { from: '2024-01-01' };
    });
    const problems = problemsOf(set);
    expect(problems).toContainEqual({
      file: 'provinces/CN-SD/2024/parameters.json',
      path: '/windows/registration/from',
      message: '「报名」的日期 2023-03-31 不在 2024 年前后；这是 2024 年的规则，日期应在 2023-09-01 至 2024-12-31 之间：是否沿用了上一年的日期？',
    });
    // The flow's example times are reported once, at the first, with how many there are.
    expect(problems.filter((p) => p.file.endsWith('flow.json'))).toEqual([
      { file: 'provinces/CN-SD/2024/flow.json', path: '/caseDefaults/at', message: expect.stringMatching(/^示例的时间 2023-04-01T10:00:00\+08:00 不在 2024 年前后（示例中共有 \d+ 处这样的时间）；/) },
    ]);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'provinces/CN-SD/2024/texts.json', path: '/texts/0/body/0', message: expect.stringMatching(/^文字中写着「2023年」，而这是 2024 年的规则/) }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'provinces/CN-SD/2024/parameters.json', path: '/paymentChannels/notices/2' }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'provinces/CN-SD/2024/accounts.json', path: '/login/notices/1' }));
    // The manual of 2023 may well be cited by the 2024 rules, and an English choice may name a year: neither is text candidates read.
    expect(problems.filter((p) => p.path.includes('/reference'))).toEqual([]);
  });

  it('an effective date of another year', () => {
    const set = copyOf('CN-NM/2026');
    edit(set.folder, 'ruleset.json', (m) => (m.effective.from = '2025-01-01'));
    expect(problemsOf(set)).toEqual([
      { file: 'provinces/CN-NM/2026/ruleset.json', path: '/effective/from', message: '生效日期 2025-01-01 不在 2026 年前后；这是 2026 年的规则，日期应在 2025-09-01 至 2026-12-31 之间：是否沿用了上一年的日期？' },
    ]);
  });

  it('"2025年" left in a 2026 text or step title', () => {
    const set = copyOf('CN-NM/2026');
    edit(set.folder, 'texts.json', (t) => (t.texts[0].body[0] = t.texts[0].body[0].replace('2026年', '2025年')));
    edit(set.folder, 'flow.json', (f) => (f.steps[1].title = '2025年选择考生类型'));
    const problems = problemsOf(set);
    expect(problems).toContainEqual({
      file: 'provinces/CN-NM/2026/texts.json',
      path: '/texts/0/body/0',
      message: '文字中写着「2025年」，而这是 2026 年的规则：是否沿用了上一年的文字？（“…一、本系统用于办理2025年内蒙古自治区普通高等教…”）',
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'provinces/CN-NM/2026/flow.json', path: '/steps/1/title' }));
    expect(problems).toHaveLength(2);
  });

  it('a misspelt window name, with the window probably meant', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'flow.json', (f) => (f.steps.find((s: { code: string }) => s.code === 'PAYMENT').window = 'paymnet'));
    expect(problemsOf(set)).toContainEqual({
      file: 'provinces/CN-SD/2023/flow.json',
      path: '/steps/5/window',
      message: '时间窗口「paymnet」在 parameters.json 的 windows 中不存在（已有：registration、payment、changes）；是否应为「payment」（网上缴费）？',
    });
  });

  it('a window no step uses (its name misspelt where it is defined)', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'parameters.json', (p) => {
      p.windows.chagnes = p.windows.changes;
      delete p.windows.changes;
    });
    const problems = problemsOf(set);
    expect(problems).toContainEqual({ file: 'provinces/CN-SD/2023/parameters.json', path: '/windows/chagnes', message: '「申请修改报名信息」（chagnes）没有被 flow.json 的任何步骤、审核或修改途径使用：是否写错了窗口名称？' });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'provinces/CN-SD/2023/flow.json', message: expect.stringContaining('是否应为「chagnes」') }));
  });

  it('a city the payment channel decision routes nowhere', () => {
    const set = copyOf('CN-SD/2023');
    const cities = (JSON.parse(fs.readFileSync(path.join(set.folder, 'parameters.json'), 'utf8')) as { examCities: { items: { code: string }[] } }).examCities.items.map((c) => c.code);
    edit(set.folder, 'decisions/paymentChannel.json', (d) => {
      const others = cities.filter((c: string) => c !== '370200' && c !== '371700');
      d.rules[1].conditions = { all: [{ fact: 'examCity', operator: 'in', value: others }] };
    });
    expect(problemsOf(set)).toEqual([
      { file: 'provinces/CN-SD/2023/decisions/paymentChannel.json', path: '/rules', message: '报考城市为菏泽市（371700）的考生没有缴费渠道：没有一条规则对其成立，也没有 default。请为该市加上规则或给出 default' },
    ]);
  });

  it('a duplicate city code', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'parameters.json', (p) => p.examCities.items.push({ code: '370200', name: '青岛' }));
    expect(problemsOf(set)).toContainEqual({ file: 'provinces/CN-SD/2023/parameters.json', path: '/examCities/items/16/code', message: '城市代码 370200 重复出现（第 2 项「青岛市」和第 17 项「青岛」），每个代码只能列一次' });
  });

  it('a fee typed in 元 instead of 分', () => {
    const set = copyOf('CN-HI/2027');
    edit(set.folder, 'parameters.json', (p) => (p.feeItems.items[1].amountFen = 30));
    expect(problemsOf(set)).toEqual([
      {
        file: 'provinces/CN-HI/2027/parameters.json',
        path: '/feeItems/items/1/amountFen',
        message: '「大学英语考试费」的金额 30 分即 0.30 元，低于 10 元：金额以分为单位，是否按元填写了？（30 元应写作 3000）如确为占位值，请在 feeItems 的 reference 中标注 "placeholder": true',
      },
    ]);
  });

  it("Shandong's 0.01 元 screenshot fees pass only because they are marked as placeholders", () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'parameters.json', (p) => delete p.feeItems.reference.placeholder);
    expect(problemsOf(set).map((p) => p.path)).toEqual([0, 1, 2, 3].map((i) => `/feeItems/items/${i}/amountFen`));
  });

  it('a condition comparing a fact with a code that does not exist', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'decisions/paymentChannel.json', (d) => (d.rules[0].conditions.all[0].value = '370299'));
    edit(set.folder, 'decisions/dualApplication.json', (d) => (d.rules[1].conditions.all[0].value = 'THREE_PLUS_ONE'));
    const problems = problemsOf(set);
    expect(problems).toContainEqual({
      file: 'provinces/CN-SD/2023/decisions/paymentChannel.json',
      path: '/rules/0/conditions/all/0/value',
      message: expect.stringMatching(/^条件比较的报考城市「370299」不在 parameters.json 的 examCities 中（已有：济南市（370100）、青岛市（370200）、.*）：这个条件对任何考生都不会按预期成立$/),
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'provinces/CN-SD/2023/decisions/dualApplication.json', path: '/rules/1/conditions/all/0/value', message: expect.stringContaining('名单类别「THREE_PLUS_ONE」不在 roster.json 的 tracks 中') }));
  });

  it('a city added to parameters.json alone is allowed at once, since facts.json takes the allowed cities from there', async () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'parameters.json', (p) => p.examCities.items.push({ code: '371800', name: '新城市' }));
    expect(problemsOf(set)).toEqual([]);
    const { DecisionEngine } = await import('./engine.ts');
    const decision = await new DecisionEngine(loadRuleSet(set.folder, set.root)).decide('paymentChannel', { examCity: '371800' });
    expect(decision.outcome).toEqual({ channel: 'CEB' });
  });

  it('allowed values written out by hand instead of taken from the list are reported where a code of the list is missing', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'facts.json', (f) => {
      delete f.facts.examCity.enumFrom;
      f.facts.examCity.enum = ['370100', '370200', '370399'];
    });
    const problems = problemsOf(set);
    expect(problems).toContainEqual({ file: 'provinces/CN-SD/2023/facts.json', path: '/facts/examCity/enum/2', message: '可选的报考城市「370399」不在 parameters.json 的 examCities 中' });
    expect(problems).toContainEqual({
      file: 'provinces/CN-SD/2023/facts.json',
      path: '/facts/examCity/enum',
      message: 'parameters.json 的 examCities列有报考城市「菏泽市（371700）」，但 examCity 的可选值（enum）中没有它：这样的考生会被拒绝（FACTS_INVALID）。请把 enum 换成 "enumFrom"，可选值就随该列表而定',
    });
  });

  it('a condition value that does not exist is reported in a shared condition too, at its place in facts.json', () => {
    const set = copyOf('CN-SD/2023');
    edit(set.folder, 'facts.json', (f) => (f.conditions.asksDualApplication.all[0].value = 'THREE_PLUS_ONE'));
    expect(problemsOf(set)).toContainEqual(
      expect.objectContaining({ file: 'provinces/CN-SD/2023/facts.json', path: '/conditions/asksDualApplication/all/0/value', message: expect.stringContaining('名单类别「THREE_PLUS_ONE」不在 roster.json 的 tracks 中') }),
    );
  });

  it('a required material with no upload step', () => {
    const set = copyOf('CN-NM/2026');
    edit(set.folder, 'flow.json', (f) => {
      f.steps = f.steps.filter((s: { code: string }) => s.code !== 'MATERIALS');
      for (const change of f.changes ?? []) change.fields = change.fields.filter((x: string) => !/^[A-Z]/.test(x));
      f.changes = (f.changes ?? []).filter((c: { fields: string[] }) => c.fields.length);
    });
    const problems = problemsOf(set);
    expect(problems).toContainEqual({
      file: 'provinces/CN-NM/2026/decisions/requiredMaterials.json',
      path: '/default/items/0',
      message: expect.stringMatching(/^要求上传材料「.+（[A-Z_]+）」，但 flow.json 没有材料上传（MATERIALS）步骤：考生无处上传。请在流程中加上 MATERIALS 步骤，或去掉这项要求$/),
    });
  });

  it('a placeholder must say what it stands in for', () => {
    const set = copyOf('CN-HI/2027');
    edit(set.folder, 'parameters.json', (p) => (p.windows.review.reference.placeholder = true));
    expect(problemsOf(set)).toEqual([{ file: 'provinces/CN-HI/2027/parameters.json', path: '/windows/review/reference/placeholder', message: '占位值须在 choice 中写明它代替的是什么、应从哪份文件取得正式值' }]);
  });
});

describe('the condition evaluator behind the routing check', () => {
  it('agrees with json-rules-engine on undefined facts and the default operators', () => {
    expect(holds({ all: [] }, {})).toBe(true);
    expect(holds({ any: [] }, {})).toBe(false);
    expect(holds({ fact: 'examCity', operator: 'notEqual', value: '370200' }, {})).toBe(true);
    expect(holds({ fact: 'subjects', operator: 'contains', value: 'ENGLISH' }, {})).toBe(false);
    expect(holds({ not: { fact: 'exempt', operator: 'equal', value: true } }, { exempt: false })).toBe(true);
    expect(holds({ fact: 'examCity', operator: 'in', value: ['370100'] }, { examCity: '370100' })).toBe(true);
    // Anything it does not know, it does not guess.
    expect(holds({ fact: 'examCity', operator: 'startsWith', value: '37' }, { examCity: '370100' })).toBeUndefined();
    expect(holds({ fact: 'a', operator: 'equal', value: { fact: 'b' } }, {})).toBeUndefined();
  });
});
