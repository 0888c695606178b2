import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DecisionEngine, runCases } from './engine.ts';
import { explainInChinese } from './explain-zh.ts';
import { decisionFacts, inlineConditions } from './facts.ts';
import { DEFAULT_RULES_DIR, loadRuleSet } from './load.ts';
import { runFlowCases } from './flow-cases.ts';
import { contentHashOf, contentOf, ruleSetFromContent } from './versions.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

/** A copy of a shipped rule set with parameters.json changed, loaded. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withParameters(id: string, change: (parameters: any) => void): { folder: string } {
  const [province, year] = id.split('/');
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-facts-')), 'provinces', province, year);
  fs.cpSync(path.join(DEFAULT_RULES_DIR, province, year), folder, { recursive: true });
  const file = path.join(folder, 'parameters.json');
  const parameters = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(parameters);
  fs.writeFileSync(file, JSON.stringify(parameters, null, 2));
  return { folder };
}

describe('facts declared once', () => {
  it('every decision takes its facts from facts.json, with the allowed values of the list each names', () => {
    const set = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-SD', '2023'));
    const cities = set.parameters.examCities!.items.map((c) => c.code);
    for (const name of Object.keys(set.decisions) as (keyof typeof set.decisions)[]) {
      const facts = decisionFacts(set, name);
      expect(facts.examCity.enum).toEqual(cities);
      expect(facts.exempt).toMatchObject({ type: 'boolean', derivedFrom: 'candidateType' });
    }
    expect(decisionFacts(set, 'paymentChannel').examCity.required).toBe(true);
    expect(decisionFacts(set, 'feeQuote').subjectGroup.requiredWhen).toEqual({ condition: 'sitsUnifiedExam' });
  });

  it('a shared condition is written out in place where a rule names it', () => {
    const set = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-SD', '2023'));
    const rule = set.decisions.feeQuote.rules[1];
    expect(rule.conditions).toEqual({ all: [{ condition: 'sitsUnifiedExam' }, { fact: 'subjects', operator: 'contains', value: 'COMPUTER' }] });
    expect(inlineConditions(rule.conditions, set.facts.conditions)).toEqual({ all: [set.facts.conditions!.sitsUnifiedExam, { fact: 'subjects', operator: 'contains', value: 'COMPUTER' }] });
  });

  it('a city, a candidate type or a payment channel added to parameters.json alone passes check, and decisions, cases and explain work for it', async () => {
    const { folder } = withParameters('CN-SD/2023', (p) => {
      p.examCities.items.push({ code: '371200', name: '莱芜市' });
      p.candidateTypes.items.push({ code: 'SKILLS_CHAMPION', name: '技能大赛获奖考生', exempt: true });
      p.paymentChannels.items.push({ code: 'WECHAT_PAY', name: '微信支付' });
    });
    const set = loadRuleSet(folder);
    const engine = new DecisionEngine(set);
    expect((await runCases(engine)).filter((r) => !r.passed)).toEqual([]);
    expect((await runFlowCases(set)).filter((r) => !r.passed)).toEqual([]);
    const channel = await engine.decide('paymentChannel', { examCity: '371200' });
    expect(channel.outcome).toEqual({ channel: 'CEB' });
    expect(explainInChinese(set, channel).join('\n')).toContain('报考城市：莱芜市（371200）');
    const exam = await engine.decide('examRequirement', { candidateType: 'SKILLS_CHAMPION' });
    expect(exam.outcome).toMatchObject({ examRequired: false });
    expect(exam.facts).toEqual({ candidateType: 'SKILLS_CHAMPION', exempt: true });
    expect(explainInChinese(set, exam).join('\n')).toContain('是否免试：是（由考生类型得出）');
    expect((await engine.decide('feeQuote', { candidateType: 'SKILLS_CHAMPION' })).outcome).toMatchObject({ items: [], totalFen: 0 });
    // The CLI checks and explains it too, without a stack trace.
    const root = path.dirname(path.dirname(folder));
    expect(execFileSync('node', ['--import', 'tsx', CLI, 'check', '--dir', root], { encoding: 'utf8' })).toContain('0 failed');
    const factsFile = path.join(path.dirname(root), 'facts-in.json');
    fs.writeFileSync(factsFile, JSON.stringify({ examCity: '371200' }));
    expect(execFileSync('node', ['--import', 'tsx', CLI, 'explain', folder, 'paymentChannel', factsFile], { encoding: 'utf8' })).toContain('结果：通过光大支付（CEB）缴费');
  }, 60_000);

  it('a version stored before facts were declared once (each decision with its own facts) still decides as it did', async () => {
    const set = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-SD', '2023'));
    const { facts: _facts, ...content } = structuredClone(contentOf(set));
    for (const name of Object.keys(content.decisions) as (keyof typeof content.decisions)[]) {
      const decision = content.decisions[name] as unknown as Record<string, unknown>;
      decision.facts = Object.fromEntries(
        Object.entries(decisionFacts(set, name)).map(([fact, declared]) => [fact, declared.requiredWhen ? { ...declared, requiredWhen: inlineConditions(declared.requiredWhen, set.facts.conditions) } : declared]),
      );
      decision.rules = set.decisions[name].rules.map((rule) => ({ ...rule, conditions: inlineConditions(rule.conditions, set.facts.conditions) }));
      delete decision.required;
      delete decision.requiredWhen;
    }
    const legacy = ruleSetFromContent(content, contentHashOf(content as never));
    const [now, then] = [new DecisionEngine(set), new DecisionEngine(legacy)];
    for (const [name, facts] of [
      ['feeQuote', { candidateType: 'THREE_PLUS_TWO', dualApplication: true, subjectGroup: 'MEDICINE' }],
      ['paymentChannel', { examCity: '370200' }],
      ['applicationEligibility', { candidateType: 'GENERAL', appliedForRetiredSoldierExemption: true }],
    ] as const) {
      expect((await then.decide(name, facts)).outcome).toEqual((await now.decide(name, facts)).outcome);
    }
    await expect(then.decide('feeQuote', { candidateType: 'GENERAL' })).rejects.toThrow(/"subjectGroup" is needed/);
  });
});
