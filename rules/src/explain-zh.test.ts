import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { DecisionEngine } from './engine.ts';
import { explainInChinese, yuan } from './explain-zh.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');
const catalog = RuleCatalog.load();

async function explain(id: string, decision: Parameters<DecisionEngine['decide']>[0], facts: Record<string, unknown>): Promise<string> {
  const [province, year] = id.split('/');
  const set = catalog.get(province, Number(year))!;
  return explainInChinese(set, await new DecisionEngine(set).decide(decision, facts)).join('\n');
}

function factsFile(facts: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-facts-')), 'facts.json');
  fs.writeFileSync(file, typeof facts === 'string' ? facts : JSON.stringify(facts));
  return file;
}

describe('explain for policy staff', () => {
  it('says in Chinese, with names instead of codes, which condition held and which rule decided, citing the manual and the recorded choice', async () => {
    const text = await explain('CN-SD/2023', 'paymentChannel', { examCity: '370200', candidateType: 'GENERAL' });
    expect(text).toContain('结果：通过银联支付（UNIONPAY）缴费');
    expect(text).toContain('  报考城市：青岛市（370200）');
    expect(text).toContain('  名单类别：普通考生（GENERAL）（由考生类型得出）');
    expect(text).toContain('  1. 适用：通过银联支付（UNIONPAY）缴费\n     报考城市为青岛市（370200）：成立\n     依据：《山东省2023年普通高等教育专升本系统（考生端-普通考生）用户手册 V1.0》 2.6 网上缴费\n     取舍说明：手册只写“青岛考生”，未说明如何确定考生所属城市');
    expect(text).toContain('  2. 不适用：通过光大支付（CEB）缴费\n     报考城市不为青岛市（370200）：不成立（实际为青岛市（370200））');
  });

  it('gives fees in 元, says when the amounts are placeholders, and shows any/all groups of conditions', async () => {
    const text = await explain('CN-SD/2023', 'feeQuote', { candidateType: 'THREE_PLUS_TWO', dualApplication: true, subjectGroup: 'MEDICINE' });
    expect(text).toContain('结果：收取：报名 0.01 元、计算机 0.01 元、大学英语 0.01 元、其他教育 0.01 元，合计 0.04 元');
    expect(text).toContain('注意：收费金额是占位值（发布前须替换或确认）');
    expect(text).toContain('       以下至少一项成立：成立\n         名单类别不为3+2考生（THREE_PLUS_TWO）：不成立（实际为3+2考生（THREE_PLUS_TWO））\n         是否兼报为是：成立');
    expect(await explain('CN-NM/2026', 'feeQuote', { candidateType: 'FRESH_GRADUATE' })).toContain('合计 150.00 元');
    expect(yuan(15000)).toBe('150.00 元');
  });

  it('names a shared condition of facts.json before its parts, with whether it held: by its description, else by its name', async () => {
    const facts = { candidateType: 'THREE_PLUS_TWO', dualApplication: false, subjectGroup: 'MEDICINE' };
    const plain = await explain('CN-SD/2023', 'feeQuote', facts);
    expect(plain).toContain(
      [
        '  1. 不适用：收取：报名 0.01 元',
        '     共享条件「须参加全省统一考试（非免试考生；3+2考生仅在兼报时）」（sitsUnifiedExam）：不成立',
        '       是否免试为否：成立',
        '       以下至少一项成立：不成立',
        '         名单类别不为3+2考生（THREE_PLUS_TWO）：不成立（实际为3+2考生（THREE_PLUS_TWO））',
        '         是否兼报为是：不成立（实际为否）',
      ].join('\n'),
    );
    // Inside a rule's own conditions, beside a condition of the rule.
    expect(plain).toMatch(/共享条件「[^」]+」（sitsUnifiedExam）：不成立\n(?: {7}.+\n)+ {5}考试科目包含计算机（COMPUTER）：成立/);

    const set = catalog.get('CN-SD', 2023)!;
    const conditions = set.facts!.conditions!;
    // Without a description, by its name.
    const { description: _description, ...undescribed } = conditions.sitsUnifiedExam;
    const named = { ...set, facts: { ...set.facts!, conditions: { ...conditions, sitsUnifiedExam: undescribed } } };
    const held = explainInChinese(named, await new DecisionEngine(named).decide('feeQuote', { ...facts, dualApplication: true })).join('\n');
    expect(held).toContain('  1. 适用：收取：报名 0.01 元\n     共享条件「sitsUnifiedExam」：成立\n       是否免试为否：成立');
    expect(held).toContain('结果：收取：报名 0.01 元、计算机 0.01 元、大学英语 0.01 元、其他教育 0.01 元，合计 0.04 元');
  });

  it('names materials and says when no rule applied', async () => {
    const text = await explain('CN-NM/2026', 'requiredMaterials', { candidateType: 'FRESH_GRADUATE' });
    expect(text).toMatch(/结果：须上传：.+（STUDENT_CARD）、.+（STUDENT_STATUS_REPORT）/);
    expect(text).toContain('不适用');
  });

  it('the command prints the Chinese explanation, and the developer trace only with --trace', () => {
    const file = factsFile({ examCity: '371700' });
    const plain = execFileSync('node', ['--import', 'tsx', CLI, 'explain', 'CN-SD/2023', 'paymentChannel', file], { encoding: 'utf8' });
    expect(plain).toContain('报考城市为青岛市（370200）：不成立（实际为菏泽市（371700））');
    expect(plain).not.toContain('fired');
    const traced = execFileSync('node', ['--import', 'tsx', CLI, 'explain', 'CN-SD/2023', 'paymentChannel', file, '--trace'], { encoding: 'utf8' });
    expect(traced).toContain('开发者追踪');
    expect(traced).toContain('examCity notEqual "370200"   (was "371700")');
  }, 60_000);

  it('facts a decision refuses, or a facts file that is not JSON, get a clear message and no stack trace', () => {
    const refused = spawnSync('node', ['--import', 'tsx', CLI, 'explain', 'CN-SD/2023', 'paymentChannel', factsFile({ examCity: '371800' })], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('无法按这些情况作出 paymentChannel 决定（FACTS_INVALID）');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const broken = spawnSync('node', ['--import', 'tsx', CLI, 'explain', 'CN-SD/2023', 'paymentChannel', factsFile('{ "examCity": "370200", }')], { encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/JSON 格式错误，第 1 行第 \d+ 列/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
