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
    const { outcome } = await new DecisionEngine(shandong()).decide('feeQuote', { subjectGroup: 'MEDICINE', exempt: false });
    expect(outcome).toMatchObject({ totalFen: 4, lines: [{ name: '报名', amountFen: 1 }, { name: '计算机' }, { name: '大学英语' }, { name: '其他教育' }] });
  });

  it('the same facts give the very same decision from the memo, and a memo-less engine agrees', async () => {
    const engine = new DecisionEngine(shandong());
    const first = await engine.decide('dualApplication', { track: 'THREE_PLUS_TWO' });
    expect(await engine.decide('dualApplication', { track: 'THREE_PLUS_TWO' })).toBe(first);
    expect((await new DecisionEngine(shandong(), false).decide('dualApplication', { track: 'THREE_PLUS_TWO' })).outcome).toEqual(first.outcome);
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
