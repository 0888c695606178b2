/**
 * `npm run bench:rules`: time per decision, on every rule set's example cases.
 *   naive     a json-rules-engine Engine built for the call, as it is often used
 *   engine    the platform's engine, built once per rule-set version and reused (no memo)
 *   memoised  the same with outcomes memoised by facts (what the API runs)
 * Prints the median and p99 in microseconds per decision; writes bench/results/rules.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from 'json-rules-engine';
import { DecisionEngine, RuleCatalog, type DecisionName, type DecisionRule } from '@zsb/rules';

const ROUNDS = 400;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const catalog = RuleCatalog.load();

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1));
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 50; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return samples;
}

const rows: Record<string, unknown>[] = [];
console.log(`${'rule set'.padEnd(11)} ${'decision'.padEnd(22)} ${'rules'.padStart(5)}   naive p50/p99 µs   engine p50/p99 µs   memoised p50/p99 µs`);
const all = { naive: [] as number[], engine: [] as number[], memoised: [] as number[] };
for (const set of catalog.all()) {
  const plain = new DecisionEngine(set, false);
  const memoised = new DecisionEngine(set, true);
  for (const [name, file] of Object.entries(set.decisions) as [DecisionName, (typeof set.decisions)[DecisionName]][]) {
    const facts = file.cases.map((c) => c.facts);
    let i = 0;
    const next = () => facts[i++ % facts.length];
    const naive = await time(async () => {
      const engine = new Engine(file.rules.map((r) => ({ name: r.name, priority: r.priority ?? 1, conditions: r.conditions as never, event: r.event })), { allowUndefinedFacts: true });
      for (const [shared, condition] of Object.entries(set.facts.conditions ?? {})) engine.setCondition(shared, condition as never);
      return engine.run(next());
    });
    const engine = await time(() => plain.decide(name, next()));
    const memo = await time(() => memoised.decide(name, next()));
    all.naive.push(...naive);
    all.engine.push(...engine);
    all.memoised.push(...memo);
    const row = { ruleSet: set.id, decision: name, rules: file.rules.length, naive: [percentile(naive, 0.5), percentile(naive, 0.99)], engine: [percentile(engine, 0.5), percentile(engine, 0.99)], memoised: [percentile(memo, 0.5), percentile(memo, 0.99)] };
    rows.push(row);
    console.log(`${set.id.padEnd(11)} ${name.padEnd(22)} ${String(file.rules.length).padStart(5)}   ${`${row.naive[0]} / ${row.naive[1]}`.padStart(17)}   ${`${row.engine[0]} / ${row.engine[1]}`.padStart(17)}   ${`${row.memoised[0]} / ${row.memoised[1]}`.padStart(19)}`);
  }
}
// For scale: a synthetic decision of 30 rules with nested conditions, the size at which json-rules-engine used naively
// is known to cost most (~900 µs on this kind of machine).
{
  const base = catalog.all()[0];
  const rules: DecisionRule[] = Array.from({ length: 30 }, (_, i) => ({
    name: `synthetic rule ${i}`,
    priority: 30 - i,
    conditions: {
      all: [
        { any: [{ fact: 'examCity', operator: 'equal', value: `37${String(i).padStart(2, '0')}00` }, { fact: 'subjectGroup', operator: 'in', value: ['A', 'B', `G${i}`] }] },
        { not: { fact: 'exempt', operator: 'equal', value: true } },
        { fact: 'candidateType', operator: 'notIn', value: ['X', 'Y'] },
      ],
    },
    event: { type: 'eligible', params: { eligible: i % 2 === 0 } },
    reference: { document: Object.keys(base.manifest.references)[0] },
  }));
  const file = { decision: 'applicationEligibility' as const, description: 'synthetic', combine: 'first' as const, facts: ['examCity', 'subjectGroup', 'exempt', 'candidateType'], rules, cases: [] };
  const declared = { examCity: { type: 'string' as const, description: '' }, subjectGroup: { type: 'string' as const, description: '' }, exempt: { type: 'boolean' as const, description: '' }, candidateType: { type: 'string' as const, description: '' } };
  const synthetic = { ...base, facts: { facts: declared }, decisions: { ...base.decisions, applicationEligibility: file }, contentHash: 'synthetic' };
  const facts = Array.from({ length: 40 }, (_, i) => ({ examCity: `37${String(i % 35).padStart(2, '0')}00`, subjectGroup: `G${i % 33}`, exempt: i % 7 === 0, candidateType: i % 5 ? 'GENERAL' : 'X' }));
  let i = 0;
  const next = () => facts[i++ % facts.length];
  const naive = await time(async () => new Engine(rules.map((r) => ({ name: r.name, priority: r.priority ?? 1, conditions: r.conditions as never, event: r.event })), { allowUndefinedFacts: true }).run(next()));
  const plain = new DecisionEngine(synthetic, false);
  const engine = await time(() => plain.decide('applicationEligibility', next()));
  const memoised = new DecisionEngine(synthetic, true);
  const memo = await time(() => memoised.decide('applicationEligibility', next()));
  const row = { ruleSet: 'synthetic', decision: '30 nested rules', rules: 30, naive: [percentile(naive, 0.5), percentile(naive, 0.99)], engine: [percentile(engine, 0.5), percentile(engine, 0.99)], memoised: [percentile(memo, 0.5), percentile(memo, 0.99)] };
  rows.push(row);
  console.log(`${'synthetic'.padEnd(11)} ${'30 nested rules'.padEnd(22)} ${'30'.padStart(5)}   ${`${row.naive[0]} / ${row.naive[1]}`.padStart(17)}   ${`${row.engine[0]} / ${row.engine[1]}`.padStart(17)}   ${`${row.memoised[0]} / ${row.memoised[1]}`.padStart(19)}`);
}
const summary = { naive: percentile(all.naive, 0.5), engine: percentile(all.engine, 0.5), memoised: percentile(all.memoised, 0.5), target: 100 };
console.log(`all decisions, median µs: naive ${summary.naive}, engine ${summary.engine}, memoised ${summary.memoised} (target ≤ 100 µs)`);
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'rules.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rounds: ROUNDS, summary, decisions: rows }, null, 2)}\n`);
console.log('written to bench/results/rules.json');
