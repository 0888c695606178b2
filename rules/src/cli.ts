/**
 * Tools for policy staff (npm run rules -- <command>):
 *   check [--dir D]                      validate every rule set and run every example case (decisions and flow);
 *                                        lists the values marked as placeholders
 *     --publishable [--confirm-placeholders ID,ID]
 *                                        also fail while a placeholder is neither replaced nor confirmed (as publishing does)
 *   test [CN-SD/2023] [--dir D]          run the example cases, one line each
 *   explain CN-SD/2023 DECISION FACTS    decide on a facts file (JSON) and explain the outcome in Chinese;
 *     [--trace]                          with the developer trace (codes, operators, raw values)
 *   diff A B [--samples F]               what changes between two rule sets, also across years (e.g. CN-SD/2023
 *                                        rules/drafts/CN-SD/2024): fees in 元, windows, cities, channels, types, steps,
 *                                        fields, materials, texts, and the outcomes that change on both sets' example
 *                                        cases and the samples (a JSON file: [{ "decision"?, "name"?, "facts" }]), in Chinese
 *   dry-run CN-SD 2024 [--samples F]     a draft (rules/drafts or ZSB_RULES_DRAFTS_DIR) as publishing would try it: valid,
 *     [--json]                           its cases, placeholders, and the diff against the rule files' version of its year
 *                                        (else the latest earlier year); --json prints the structured result
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
import { compareRuleSets, type Sample } from './diff.ts';
import { ruleFolders } from './settings.ts';
import { DEFAULT_RULES_DIR, InvalidRuleSetError, loadRuleSet } from './load.ts';
import { DECISIONS, type DecisionName, type RuleSet } from './types.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string' },
    trace: { type: 'boolean' },
    developer: { type: 'boolean' },
    publishable: { type: 'boolean' },
    'confirm-placeholders': { type: 'string' },
    samples: { type: 'string' },
    json: { type: 'boolean' },
  },
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
    const declared = set.facts.facts[fact];
    if (!declared?.enum || declared.enum.includes(value) || !FACT_LISTS[fact]?.list(set)?.some((item) => item.code === value)) return [];
    return [`  parameters.json 列有 "${String(value)}"，但 facts.json 的 facts.${fact}.enum 中没有：请把 enum 换成 "enumFrom"，可选值就随该列表而定（npm run rules -- check 会列出所有这样的遗漏）`];
  });
  return [`无法按这些情况作出 ${decision} 决定（FACTS_INVALID）：`, ...error.problems.map((p) => `  ${p}`), ...hints].join('\n');
}

/** The samples file named by --samples: a JSON array of `{ decision?, name?, facts }`, or one object of facts. */
function readSamples(): Sample[] {
  const file = values.samples;
  if (!file) return [];
  if (!fs.existsSync(file)) fail(`找不到样本文件 ${file}`);
  let data: unknown;
  try {
    data = parseJson(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    fail(`${file}: ${error.message}`);
  }
  const list = Array.isArray(data) ? data : [{ facts: data }];
  return list.map((item, i) => {
    const sample = item as Partial<Sample>;
    if (!sample || typeof sample !== 'object' || !sample.facts || typeof sample.facts !== 'object' || Array.isArray(sample.facts)) fail(`${file} 第 ${i + 1} 个样本：应是 { "decision": "feeQuote", "facts": { … } }（decision 可省略）`);
    if (sample.decision !== undefined && !(DECISIONS as readonly string[]).includes(sample.decision)) fail(`${file} 第 ${i + 1} 个样本：decision 应是 ${DECISIONS.join('、')} 之一`);
    if (sample.name !== undefined && typeof sample.name !== 'string') fail(`${file} 第 ${i + 1} 个样本：name 应是文字`);
    return { decision: sample.decision, name: sample.name, facts: sample.facts };
  });
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
      if (!a || !b) fail('usage: diff A B (each CN-SD/2023 or a rule-set folder) [--samples F]');
      const comparison = await compareRuleSets(ruleSetOf(a), ruleSetOf(b), { samples: readSamples() });
      if (values.json) console.log(JSON.stringify(comparison, null, 2));
      else for (const line of comparison.text) console.log(line);
      break;
    }
    case 'dry-run': {
      const [province, year] = args;
      if (!/^CN-[A-Z]{2}$/.test(province ?? '') || !/^\d{4}$/.test(year ?? '')) fail('usage: dry-run CN-SD 2024 [--samples F] [--json]');
      const folder = path.join(ruleFolders().drafts, province, year);
      if (!fs.existsSync(folder)) fail(`没有 ${province} ${year} 年的规则草稿（${path.relative(process.cwd(), folder)}）；先用 new-year 建立草稿`);
      const draft = loadRuleSet(folder);
      const engine = new DecisionEngine(draft);
      const failed = [...(await runCases(engine)).filter((r) => !r.passed).map((r) => `${r.decision}: ${r.name}`), ...(await runFlowCases(engine)).filter((r) => !r.passed).map((r) => `flow: ${r.name}`)];
      const sets = RuleCatalog.load(values.dir).all().filter((s) => s.manifest.province === province && s.manifest.examYear <= Number(year));
      const base = sets.sort((x, y) => y.manifest.examYear - x.manifest.examYear)[0];
      const comparison = base ? await compareRuleSets(base, draft, { samples: readSamples(), engines: { before: new DecisionEngine(base), after: engine }, labels: { before: '规则文件', after: '草稿' } }) : undefined;
      const placeholders = placeholdersOf(draft);
      if (values.json) {
        console.log(JSON.stringify({ valid: failed.length === 0, failedCases: failed, placeholders, comparison }, null, 2));
      } else {
        console.log(failed.length ? `草稿的示例未通过（${failed.length} 条）：` : `草稿有效，示例全部通过（${draft.contentHash.slice(0, 12)}）`);
        for (const f of failed) console.log(`  ${f}`);
        for (const p of placeholders) console.log(`占位值  ${p.id}${p.section ? `（${p.section}）` : ''}：${p.choice}`);
        for (const line of comparison?.text ?? [`没有 ${province} ${year} 年或更早年份的规则可对比`]) console.log(line);
      }
      if (failed.length) process.exit(1);
      break;
    }
    case 'new-year': {
      const [province, from, to] = args;
      if (!province || !/^\d{4}$/.test(from ?? '') || !/^\d{4}$/.test(to ?? '')) fail('usage: new-year CN-SD 2023 2024');
      const source = path.join(DEFAULT_RULES_DIR, province, from);
      const target = path.join(ruleFolders().drafts, province, to);
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
      console.log(`Draft written to ${path.relative(process.cwd(), target)}. Edit it, then: npm run rules -- dry-run ${province} ${to}`);
      break;
    }
    default:
      fail(`unknown command "${command}"; commands: check, test, explain, diff, dry-run, new-year`);
  }
} catch (error) {
  if (!(error instanceof InvalidRuleSetError)) throw error;
  fail(error.message);
}
