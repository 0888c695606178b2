import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { DecisionEngine, InvalidFactsError, runCases } from './engine.ts';
import { DEFAULT_RULES_DIR, InvalidRuleSetError, loadRuleSet } from './load.ts';

const shandong = () => RuleCatalog.load().get('CN-SD', 2023)!;

function editedCopy(edit: (folder: string) => void): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-engine-')), 'provinces');
  fs.cpSync(DEFAULT_RULES_DIR, root, { recursive: true });
  edit(path.join(root, 'CN-SD', '2023'));
  return path.join(root, 'CN-SD', '2023');
}

describe('decision engine', () => {
  it('every example case of the shipped rule sets passes', async () => {
    for (const set of RuleCatalog.load().all()) {
      const failed = (await runCases(new DecisionEngine(set))).filter((r) => !r.passed);
      expect(failed).toEqual([]);
    }
  });

  it('an outcome carries the trace of every rule, the conditions each read, and the policy section it implements', async () => {
    const decision = await new DecisionEngine(shandong()).decide('paymentChannel', { examCity: '370200' });
    expect(decision.outcome).toEqual({ channel: 'UNIONPAY' });
    expect(decision.ruleSetId).toBe('CN-SD/2023');
    const fired = decision.explanation.filter((r) => r.fired);
    expect(fired).toHaveLength(1);
    expect(fired[0].conditions).toContainEqual(expect.objectContaining({ fact: 'examCity', factValue: '370200', passed: true }));
    expect(fired[0].reference.title).toContain('山东省2023年');
  });

  it('a sum decision adds the amounts of the fee items it names, from the parameters', async () => {
    const { outcome } = await new DecisionEngine(shandong()).decide('feeQuote', { candidateType: 'GENERAL', subjectGroup: 'MEDICINE' });
    expect(outcome).toMatchObject({ totalFen: 4, lines: [{ name: '报名', amountFen: 1 }, { name: '计算机' }, { name: '大学英语' }, { name: '其他教育' }] });
  });

  it('the same facts give the very same decision from the memo, and a memo-less engine agrees', async () => {
    const engine = new DecisionEngine(shandong());
    const first = await engine.decide('dualApplication', { candidateType: 'THREE_PLUS_TWO' });
    expect(await engine.decide('dualApplication', { candidateType: 'THREE_PLUS_TWO' })).toBe(first);
    expect((await new DecisionEngine(shandong(), false).decide('dualApplication', { candidateType: 'THREE_PLUS_TWO' })).outcome).toEqual(first.outcome);
  });

  it('the memo stays bounded: past its limit the least recently used outcome is forgotten and decided again', async () => {
    const engine = new DecisionEngine(shandong(), true, 2);
    const ask = (candidateType: string) => engine.decide('dualApplication', { candidateType });
    const general = await ask('GENERAL');
    const threePlusTwo = await ask('THREE_PLUS_TWO');
    expect(await ask('GENERAL')).toBe(general); // used again: now the most recent
    await ask('RETIRED_SOLDIER_EXEMPT'); // a third pushes out THREE_PLUS_TWO
    expect(await ask('GENERAL')).toBe(general);
    const again = await ask('THREE_PLUS_TWO');
    expect(again).not.toBe(threePlusTwo);
    expect(again).toEqual(threePlusTwo);
  });

  it('exempt and track follow from the candidate type, and the decision records them with the facts it was taken on', async () => {
    const decision = await new DecisionEngine(shandong()).decide('feeQuote', { candidateType: 'RETIRED_SOLDIER_EXEMPT' });
    expect(decision.outcome).toMatchObject({ items: [], totalFen: 0 });
    expect(decision.facts).toEqual({ candidateType: 'RETIRED_SOLDIER_EXEMPT', exempt: true, track: 'RETIRED_SOLDIER_EXEMPT' });
    const general = await new DecisionEngine(shandong()).decide('dualApplication', { candidateType: 'THREE_PLUS_TWO' });
    expect(general.facts).toMatchObject({ exempt: false, track: 'THREE_PLUS_TWO' });
  });

  it('an exempt or track that contradicts the candidate type is refused, as is one given without it', async () => {
    const engine = new DecisionEngine(shandong());
    // An ordinary graduate marked exempt used to skip the exam and pay 0.
    await expect(engine.decide('feeQuote', { candidateType: 'GENERAL', exempt: true, subjectGroup: 'MEDICINE' })).rejects.toThrow(/"exempt" true contradicts candidateType "GENERAL"/);
    await expect(engine.decide('dualApplication', { candidateType: 'GENERAL', track: 'THREE_PLUS_TWO' })).rejects.toThrow(/"track" "THREE_PLUS_TWO" contradicts/);
    await expect(engine.decide('dualApplication', { track: 'THREE_PLUS_TWO' })).rejects.toThrow(/follows from "candidateType", which was not given/);
    // Agreeing with the type, a derived fact may be given (recorded facts of whole applications carry it).
    expect((await engine.decide('feeQuote', { candidateType: 'GENERAL', exempt: false, subjectGroup: 'MEDICINE' })).outcome.totalFen).toBe(4);
  });

  it('a fact the decision needs and did not get is refused, never decided on a silent default', async () => {
    const engine = new DecisionEngine(shandong());
    // A missing exempt used to give a fee of 0.
    const missingType = await engine.decide('feeQuote', { subjectGroup: 'MEDICINE' }).catch((e: unknown) => e);
    expect(missingType).toBeInstanceOf(InvalidFactsError);
    expect((missingType as InvalidFactsError).missing).toEqual(['candidateType']);
    // The subject group is needed only by a candidate who sits the exam; 是否兼报 only by a 3+2 candidate.
    await expect(engine.decide('feeQuote', { candidateType: 'GENERAL' })).rejects.toMatchObject({ missing: ['subjectGroup'] });
    await expect(engine.decide('feeQuote', { candidateType: 'THREE_PLUS_TWO' })).rejects.toMatchObject({ missing: ['dualApplication'] });
    expect((await engine.decide('feeQuote', { candidateType: 'THREE_PLUS_TWO', dualApplication: false })).outcome.totalFen).toBe(0);
    await expect(engine.decide('paymentChannel', {})).rejects.toMatchObject({ missing: ['examCity'] });
  });

  it('a 3+2 candidate who answers 否 to 是否兼报 registers for the 3+2 route only, and one who answers 是 sits the exam', async () => {
    const engine = new DecisionEngine(shandong());
    expect((await engine.decide('examRequirement', { candidateType: 'THREE_PLUS_TWO', dualApplication: false })).outcome).toEqual({ examRequired: false, chooseExamCity: false, chooseSubjectGroup: false, label: '不需要考试' });
    expect((await engine.decide('examRequirement', { candidateType: 'THREE_PLUS_TWO', dualApplication: true })).outcome).toMatchObject({ examRequired: true, chooseExamCity: true });
    expect((await engine.decide('feeQuote', { candidateType: 'THREE_PLUS_TWO', dualApplication: true, subjectGroup: 'MEDICINE' })).outcome.totalFen).toBe(4);
  });

  it('facts the decision does not declare, or of the wrong type, are refused', async () => {
    const engine = new DecisionEngine(shandong());
    await expect(engine.decide('paymentChannel', { shoeSize: 42 })).rejects.toThrow(InvalidFactsError);
    await expect(engine.decide('paymentChannel', { examCity: 370200 })).rejects.toThrow(/"examCity" must be string/);
  });

  it('a decision without example cases is refused', () => {
    const folder = editedCopy((dir) => {
      const file = path.join(dir, 'decisions', 'paymentChannel.json');
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      data.cases = [];
      fs.writeFileSync(file, JSON.stringify(data));
    });
    try {
      loadRuleSet(folder);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRuleSetError);
      expect((error as InvalidRuleSetError).problems[0]).toMatchObject({ file: expect.stringContaining('decisions/paymentChannel.json'), path: '/cases' });
    }
  });

  it('a rule reading a fact its decision does not declare, or naming a fee item that does not exist, is refused', () => {
    const folder = editedCopy((dir) => {
      const file = path.join(dir, 'decisions', 'feeQuote.json');
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      data.rules[0].conditions = { all: [{ fact: 'hairColour', operator: 'equal', value: 'black' }] };
      data.rules[0].event.params.items = ['LUNCH'];
      fs.writeFileSync(file, JSON.stringify(data));
    });
    expect(() => loadRuleSet(folder)).toThrow(/reads fact "hairColour"[\s\S]*names "LUNCH"/);
  });

  it('a fact both required and requiredWhen, a requiredWhen reading an undeclared fact, a derivation from a missing property or an undefined shared condition is refused', () => {
    const folder = editedCopy((dir) => {
      const file = path.join(dir, 'decisions', 'feeQuote.json');
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      data.required.push('subjectGroup');
      data.requiredWhen.dualApplication = { all: [{ fact: 'shoeSize', operator: 'equal', value: 42 }] };
      data.rules[0].conditions = { condition: 'sitsTheExam' };
      data.facts.push('hairColour');
      fs.writeFileSync(file, JSON.stringify(data));
      const factsFile = path.join(dir, 'facts.json');
      const facts = JSON.parse(fs.readFileSync(factsFile, 'utf8'));
      facts.facts.examCity.derivedFrom = 'candidateType';
      fs.writeFileSync(factsFile, JSON.stringify(facts));
    });
    const problems = (() => {
      try {
        loadRuleSet(folder);
      } catch (error) {
        return (error as InvalidRuleSetError).problems;
      }
      return [];
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: expect.stringMatching(/decisions\/feeQuote\.json$/), path: '/requiredWhen/subjectGroup', message: 'say required or requiredWhen, not both' }),
        expect.objectContaining({ path: '/requiredWhen/dualApplication', message: expect.stringContaining('"shoeSize"') }),
        expect.objectContaining({ path: '/rules/0/conditions/condition', message: 'names shared condition "sitsTheExam", which facts.json\'s conditions do not define' }),
        expect.objectContaining({ path: '/facts/8', message: expect.stringContaining('"hairColour" is not a fact of facts.json') }),
        expect.objectContaining({ file: expect.stringMatching(/facts\.json$/), path: '/facts/examCity/derivedFrom', message: 'no item of candidateTypes has a property "examCity"' }),
      ]),
    );
  });

  it('a case whose expectation the rules do not meet fails the run, naming the case', async () => {
    const folder = editedCopy((dir) => {
      const file = path.join(dir, 'decisions', 'paymentChannel.json');
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      data.cases[0].expect = { channel: 'ALIPAY' };
      fs.writeFileSync(file, JSON.stringify(data));
    });
    const failed = (await runCases(new DecisionEngine(loadRuleSet(folder)))).filter((r) => !r.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0].decision).toBe('paymentChannel');
  });
});

describe('rule catalog', () => {
  it('a changed rule file takes effect without a restart, and an invalid change leaves the rules in force', async () => {
    const folder = editedCopy(() => undefined);
    const root = path.dirname(path.dirname(folder));
    const catalog = RuleCatalog.load(root);
    const before = catalog.get('CN-SD', 2023)!.contentHash;
    const reloads: string[][] = [];
    const invalid: Error[] = [];
    const stop = catalog.watch((changed) => reloads.push(changed), (error) => invalid.push(error));
    try {
      const file = path.join(folder, 'parameters.json');
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      data.feeItems.items[0].amountFen = 2;
      fs.writeFileSync(file, JSON.stringify(data));
      await waitFor(() => reloads.length > 0);
      expect(reloads[0]).toEqual(['CN-SD/2023']);
      const after = catalog.get('CN-SD', 2023)!;
      expect(after.contentHash).not.toBe(before);
      // The version it replaced can still be found by its hash, so what it decided can be re-run exactly.
      expect(catalog.version(before)?.parameters.feeItems.items[0].amountFen).toBe(1);

      fs.writeFileSync(file, '{ "broken": ');
      await waitFor(() => invalid.length > 0);
      expect(catalog.get('CN-SD', 2023)!.contentHash).toBe(after.contentHash);
    } finally {
      stop();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
