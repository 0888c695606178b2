/**
 * Tools for policy staff (npm run rules -- <command>):
 *   check [--dir D]                      validate every rule set and run every example case (decisions and flow);
 *                                        lists the values marked as placeholders
 *     --publishable [--confirm-placeholders ID,ID]
 *                                        also fail while a placeholder is neither replaced nor confirmed (as publishing does)
 *   test [CN-SD/2023] [--dir D]          run the example cases, one line each
 *   explain CN-SD/2023 DECISION FACTS    decide on a facts file (JSON) and explain the outcome in Chinese;
 *     [--trace]                          with the developer trace (codes, operators, raw values)
 *   diff A B                             which outcomes change between two rule sets (e.g. CN-SD/2023 rules/drafts/CN-SD/2024),
 *                                        on both sets' example cases
 *   new-year CN-SD 2023 2024             copy a year forward as a draft in rules/drafts/CN-SD/2024
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RuleCatalog } from './catalog.ts';
import { DecisionEngine, InvalidFactsError, runCases, type Decision } from './engine.ts';
import { explainInChinese } from './explain-zh.ts';
import { JsonSyntaxError, parseJson } from './json-syntax.ts';
import { placeholderRefusal, placeholdersOf } from './placeholders.ts';
import { FACT_LISTS } from './words.ts';
import { runFlowCases } from './flow-cases.ts';
import { DEFAULT_DRAFTS_DIR } from './settings.ts';
import { DEFAULT_RULES_DIR, InvalidRuleSetError, canonicalJson, loadRuleSet } from './load.ts';
import { DECISIONS, type DecisionName, type RuleSet } from './types.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string' }, trace: { type: 'boolean' }, developer: { type: 'boolean' }, publishable: { type: 'boolean' }, 'confirm-placeholders': { type: 'string' } },
});
const [command = 'check', ...args] = positionals;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** A rule set by `CN-SD/2023` (from the catalog) or by folder path (a draft). */
function ruleSetOf(spec: string): RuleSet {
  if (fs.existsSync(spec) && fs.statSync(spec).isDirectory()) return loadRuleSet(path.resolve(spec));
  const [province, year] = spec.split('/');
  const set = RuleCatalog.load(values.dir).get(province, Number(year));
  if (!set) fail(`no rule set ${spec}`);
  return set;
}

function printDecision(decision: Decision): void {
  console.log(`${decision.decision} → ${JSON.stringify(decision.outcome)}`);
  console.log(`  rule set ${decision.ruleSetId} ${decision.ruleSetHash.slice(0, 12)}`);
  for (const trace of decision.explanation) {
    console.log(`  ${trace.fired ? '✓ fired ' : '· skipped'} ${trace.rule}  [${trace.reference.title ?? trace.reference.document}${trace.reference.section ? ` ${trace.reference.section}` : ''}]`);
    for (const c of trace.conditions) console.log(`      ${c.passed ? 'yes' : 'no '}  ${c.fact} ${c.operator} ${JSON.stringify(c.value)}   (was ${JSON.stringify(c.factValue)})`);
  }
}

/**
 * Why a decision could not be taken on these facts, in Chinese; where a code is in parameters.json but not among the
 * decision's allowed values (a city added to parameters.json alone), which file to change.
 */
function factsRefusal(set: RuleSet, decision: DecisionName, facts: Record<string, unknown>, error: InvalidFactsError): string {
  const hints = Object.entries(facts).flatMap(([fact, value]) => {
    const declared = set.decisions[decision].facts[fact];
    if (!declared?.enum || declared.enum.includes(value) || !FACT_LISTS[fact]?.list(set)?.some((item) => item.code === value)) return [];
    return [`  parameters.json 列有 "${String(value)}"，但 decisions/${decision}.json 的 facts.${fact}.enum 中没有：请在那里加上它（npm run rules -- check 会列出所有这样的遗漏）`];
  });
  return [`无法按这些情况作出 ${decision} 决定（FACTS_INVALID）：`, ...error.problems.map((p) => `  ${p}`), ...hints].join('\n');
}

async function runAllCases(sets: readonly RuleSet[], verbose: boolean): Promise<number> {
  let failed = 0;
  let total = 0;
  for (const set of sets) {
    const engine = new DecisionEngine(set);
    for (const result of await runCases(engine)) {
      total++;
      if (!result.passed) failed++;
      if (verbose || !result.passed) {
        console.log(`${result.passed ? 'pass' : 'FAIL'}  ${set.id} ${result.decision}: ${result.name}`);
        if (!result.passed) console.log(`      expected ${JSON.stringify(result.expect)}\n      got      ${result.error ?? JSON.stringify(result.outcome)}`);
      }
    }
    for (const result of await runFlowCases(engine)) {
      total++;
      if (!result.passed) failed++;
      if (verbose || !result.passed) {
        console.log(`${result.passed ? 'pass' : 'FAIL'}  ${set.id} flow: ${result.name}`);
        for (const failure of result.failures) console.log(`      ${failure}`);
      }
    }
  }
  console.log(`${total - failed} passed, ${failed} failed`);
  return failed;
}

try {
  switch (command) {
    case 'check': {
      const catalog = RuleCatalog.load(values.dir);
      const confirmed = (values['confirm-placeholders'] ?? '').split(',');
      let unpublishable = 0;
      for (const set of catalog.all()) {
        const cases = Object.values(set.decisions).reduce((n, d) => n + d.cases.length, 0);
        console.log(`ok  ${set.id}  ${set.manifest.title}  ${set.contentHash.slice(0, 12)}  ${DECISIONS.length} decisions, ${cases} cases, ${set.flow.cases.length} flow cases`);
        for (const p of placeholdersOf(set)) console.log(`    占位值  ${p.id}${p.section ? `（${p.section}）` : ''}：${p.choice}`);
        const refusal = values.publishable ? placeholderRefusal(set, confirmed) : undefined;
        if (refusal) {
          unpublishable++;
          console.log(`    不能发布：${refusal}`);
        }
      }
      console.log(`${catalog.all().length} rule sets valid; running their example cases`);
      if ((await runAllCases(catalog.all(), false)) || unpublishable) process.exit(1);
      break;
    }
    case 'test': {
      const sets = args[0] ? [ruleSetOf(args[0])] : RuleCatalog.load(values.dir).all();
      if (await runAllCases(sets, true)) process.exit(1);
      break;
    }
    case 'explain': {
      const [spec, decision, factsFile] = args;
      if (!spec || !decision || !factsFile) fail('usage: explain CN-SD/2023 DECISION FACTS.json');
      if (!(DECISIONS as readonly string[]).includes(decision)) fail(`decision must be one of ${DECISIONS.join(', ')}`);
      if (!fs.existsSync(factsFile)) fail(`找不到情况文件 ${factsFile}`);
      let facts: Record<string, unknown>;
      try {
        facts = parseJson(fs.readFileSync(factsFile, 'utf8')) as Record<string, unknown>;
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        fail(`${factsFile}: ${error.message}`);
      }
      if (!facts || typeof facts !== 'object' || Array.isArray(facts)) fail(`${factsFile}: 应是一个 JSON 对象，如 { "examCity": "370200" }`);
      const set = ruleSetOf(spec);
      let taken: Decision;
      try {
        taken = await new DecisionEngine(set).decide(decision as DecisionName, facts);
      } catch (error) {
        if (!(error instanceof InvalidFactsError)) throw error;
        fail(factsRefusal(set, decision as DecisionName, facts, error));
      }
      for (const line of explainInChinese(set, taken)) console.log(line);
      if (values.trace || values.developer) {
        console.log('\n开发者追踪（developer trace）：');
        printDecision(taken);
      }
      break;
    }
    case 'diff': {
      const [a, b] = args;
      if (!a || !b) fail('usage: diff A B (each CN-SD/2023 or a rule-set folder)');
      const [before, after] = [ruleSetOf(a), ruleSetOf(b)];
      const [engineA, engineB] = [new DecisionEngine(before), new DecisionEngine(after)];
      let changed = 0;
      let compared = 0;
      for (const name of DECISIONS) {
        const examples = [...before.decisions[name].cases, ...after.decisions[name].cases];
        const seen = new Set<string>();
        for (const example of examples) {
          const key = canonicalJson(example.facts);
          if (seen.has(key)) continue;
          seen.add(key);
          compared++;
          const outcome = async (engine: DecisionEngine) => engine.decide(name, example.facts).then((d) => d.outcome, (e: Error) => ({ error: e.message }));
          const [x, y] = [await outcome(engineA), await outcome(engineB)];
          if (canonicalJson(x) !== canonicalJson(y)) {
            changed++;
            console.log(`changed  ${name}: ${example.name}\n    ${before.id}: ${JSON.stringify(x)}\n    ${after.id}: ${JSON.stringify(y)}`);
          }
        }
      }
      for (const file of ['parameters', 'flow', 'form', 'materials', 'texts', 'accounts'] as const) {
        if (canonicalJson(before[file]) !== canonicalJson(after[file])) console.log(`changed  ${file}.json`);
      }
      console.log(`${changed} of ${compared} example situations decide differently (${before.contentHash.slice(0, 12)} → ${after.contentHash.slice(0, 12)})`);
      break;
    }
    case 'new-year': {
      const [province, from, to] = args;
      if (!province || !/^\d{4}$/.test(from ?? '') || !/^\d{4}$/.test(to ?? '')) fail('usage: new-year CN-SD 2023 2024');
      const source = path.join(DEFAULT_RULES_DIR, province, from);
      const target = path.join(DEFAULT_DRAFTS_DIR, province, to);
      if (!fs.existsSync(source)) fail(`no rule set ${province}/${from}`);
      if (fs.existsSync(target)) fail(`${path.relative(process.cwd(), target)} exists already`);
      fs.cpSync(source, target, { recursive: true });
      // Schema paths are relative: the draft sits as deep as the published folders.
      const manifestFile = path.join(target, 'ruleset.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      manifest.examYear = Number(to);
      manifest.title = String(manifest.title).replace(from, to);
      manifest.effective = { from: `${to}-01-01` };
      manifest.notes = [...(manifest.notes ?? []), `Draft copied from ${province}/${from}: review every value and its reference before publishing.`];
      fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      console.log(`Draft written to ${path.relative(process.cwd(), target)}. Edit it, then: npm run rules -- diff ${province}/${from} ${path.relative(process.cwd(), target)}`);
      break;
    }
    default:
      fail(`unknown command "${command}"; commands: check, test, explain, diff, new-year`);
  }
} catch (error) {
  if (!(error instanceof InvalidRuleSetError)) throw error;
  fail(error.message);
}
