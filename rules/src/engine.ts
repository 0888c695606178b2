import { Engine, type RuleResult } from 'json-rules-engine';
import { LRUCache } from 'lru-cache';
import { decisionFacts, lookUp, type DecisionFact } from './facts.ts';
import { canonicalJson } from './load.ts';
import type { DecisionFile, DecisionName, PolicyReference, RuleSet } from './types.ts';

/** One condition of a rule as evaluated: what it read, what it compared, and whether it held. */
export interface ConditionTrace {
  fact: string;
  operator: string;
  value: unknown;
  factValue: unknown;
  passed: boolean;
}

/** One rule as evaluated for a decision: whether it fired, why, and the policy text it implements. */
export interface RuleTrace {
  rule: string;
  fired: boolean;
  conditions: ConditionTrace[];
  reference: PolicyReference & { title?: string };
}

export interface FeeLine {
  code: string;
  name: string;
  amountFen: number;
}

/** A decision's result: the outcome, the facts it was taken on, the explanation, and the rule-set version that made it. */
export interface Decision {
  decision: DecisionName;
  /** The facts as given, with those derived from them (exempt, track, subjects): what a record of it must keep. */
  facts: Record<string, unknown>;
  outcome: Record<string, unknown>;
  explanation: RuleTrace[];
  ruleSetId: string;
  ruleSetHash: string;
}

/** Facts that break the decision's declared facts, or leave out one it needs (`missing`). */
export class InvalidFactsError extends Error {
  constructor(
    readonly problems: string[],
    /** Facts the decision needs and did not get. */
    readonly missing: string[] = [],
  ) {
    super(problems.join('; '));
    this.name = 'InvalidFactsError';
  }
}

/** Most outcomes one engine keeps memoised; past that the least recently used goes. */
export const MEMO_LIMIT = 5_000;

function conditionTraces(node: unknown): ConditionTrace[] {
  if (Array.isArray(node)) return node.flatMap(conditionTraces);
  if (!node || typeof node !== 'object') return [];
  const c = node as Record<string, unknown>;
  if (typeof c.fact === 'string') {
    return [{ fact: c.fact, operator: String(c.operator), value: c.value, factValue: c.factResult, passed: c.result === true }];
  }
  return [...conditionTraces(c.all), ...conditionTraces(c.any), ...conditionTraces(c.not)];
}

/**
 * The decisions of one rule-set version, over json-rules-engine. One engine per decision is built once and reused;
 * outcomes are memoised by the facts they were decided on (a decision depends on nothing else), so repeated questions
 * cost a lookup. Every outcome comes with the trace of each rule and the version's content hash.
 */
export class DecisionEngine {
  private readonly engines = new Map<DecisionName, Engine>();
  /** Per decision, an engine whose rules say which conditionally required facts are required (`requiredWhen`). */
  private readonly requirements = new Map<DecisionName, Engine>();
  private readonly memo: LRUCache<string, Decision>;

  constructor(
    readonly ruleSet: RuleSet,
    /** Memoise outcomes by facts (on by default; off to measure evaluation itself). */
    private readonly memoise = true,
    /** Most outcomes kept memoised. */
    memoLimit = MEMO_LIMIT,
  ) {
    this.memo = new LRUCache({ max: memoLimit });
    for (const [name, file] of Object.entries(ruleSet.decisions) as [DecisionName, DecisionFile][]) {
      const facts = decisionFacts(ruleSet, name);
      const engine = this.newEngine(facts, { replaceFactsInEventParams: false });
      for (const rule of file.rules) engine.addRule({ name: rule.name, priority: rule.priority ?? 1, conditions: rule.conditions as never, event: rule.event });
      this.engines.set(name, engine);
      const conditional = Object.entries(facts).filter(([, declared]) => declared.requiredWhen);
      if (conditional.length) {
        const requirements = this.newEngine(facts);
        for (const [fact, declared] of conditional) requirements.addRule({ name: fact, conditions: declared.requiredWhen as never, event: { type: 'required', params: { fact } } });
        this.requirements.set(name, requirements);
      }
    }
  }

  /**
   * An engine that knows the rule set's shared conditions (`{ "condition": "<name>" }`) and, as computed facts, the
   * decision's facts that are looked up on another (a candidate type's `exempt` and `track`, a subject group's `subjects`).
   */
  private newEngine(facts: Record<string, DecisionFact>, options: { replaceFactsInEventParams?: boolean } = {}): Engine {
    const engine = new Engine([], { allowUndefinedFacts: true, ...options });
    for (const [name, condition] of Object.entries(this.ruleSet.facts?.conditions ?? {})) engine.setCondition(name, condition as never);
    for (const [fact, declared] of Object.entries(facts)) {
      if (!declared.derivedFrom) continue;
      engine.addFact(fact, async (_params, almanac) => {
        const source = await almanac.factValue(declared.derivedFrom!);
        return source === undefined ? undefined : lookUp(this.ruleSet, fact, declared, source).value;
      });
    }
    return engine;
  }

  /**
   * Checks facts against the decision's declared facts, adds the facts derived from them (a candidate type's `exempt`
   * and `track`, a subject group's `subjects`), and refuses a derived fact given that contradicts its source, or a fact
   * the decision needs (`required`, `requiredWhen`) that is missing: a decision is never taken on a silent default.
   * Returns the facts as given (checked), for the engine, which computes the derived ones itself, and with them, for the record.
   */
  private async prepareFacts(file: DecisionFile, facts: Record<string, unknown>): Promise<{ given: Record<string, unknown>; prepared: Record<string, unknown> }> {
    const declaredFacts = decisionFacts(this.ruleSet, file.decision);
    const problems: string[] = [];
    const prepared: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(facts)) {
      const declared = declaredFacts[name];
      if (!declared) {
        problems.push(`"${name}" is not a fact of ${file.decision} (facts: ${Object.keys(declaredFacts).join(', ')})`);
        continue;
      }
      if (value === null || value === undefined) continue;
      const actual = Array.isArray(value) ? 'array' : typeof value;
      const values = Array.isArray(value) && declared.type === 'array' ? value : [value];
      if (actual !== declared.type) problems.push(`"${name}" must be ${declared.type}, not ${actual}`);
      else if (declared.enum && values.some((v) => !declared.enum!.includes(v))) problems.push(`"${name}" must be one of ${declared.enum.map((v) => JSON.stringify(v)).join(', ')}`);
      else prepared[name] = value;
    }
    const given: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(prepared)) if (!declaredFacts[name].derivedFrom) given[name] = value;
    for (const [name, declared] of Object.entries(declaredFacts)) {
      if (!declared.derivedFrom) continue;
      const sourceValue = prepared[declared.derivedFrom];
      const stated = prepared[name];
      if (sourceValue === undefined) {
        if (stated !== undefined) problems.push(`"${name}" follows from "${declared.derivedFrom}", which was not given`);
        continue;
      }
      const found = lookUp(this.ruleSet, name, declared, sourceValue);
      if (!found.found) {
        problems.push(`"${declared.derivedFrom}" "${String(sourceValue)}" is not in the rule set's ${found.list ?? declared.derivedFrom}`);
        continue;
      }
      const derived = found.value;
      if (stated !== undefined && canonicalJson(stated) !== canonicalJson(derived)) {
        problems.push(`"${name}" ${JSON.stringify(stated)} contradicts ${declared.derivedFrom} "${String(sourceValue)}", whose ${name} is ${JSON.stringify(derived ?? null)}`);
      }
      if (derived === undefined) delete prepared[name];
      else prepared[name] = derived;
    }
    if (problems.length) throw new InvalidFactsError(problems);
    const required = new Set(Object.entries(declaredFacts).filter(([, d]) => d.required).map(([name]) => name));
    const requirements = this.requirements.get(file.decision);
    if (requirements) for (const fired of (await requirements.run(given)).results) required.add(fired.event?.params?.fact as string);
    const missing = [...required].filter((name) => prepared[name] === undefined);
    if (missing.length) throw new InvalidFactsError(missing.map((name) => `"${name}" is needed for ${file.decision} (${declaredFacts[name].description})`), missing);
    return { given, prepared };
  }

  async decide(name: DecisionName, facts: Record<string, unknown>): Promise<Decision> {
    const file = this.ruleSet.decisions[name];
    // Preparing is deterministic, so outcomes are memoised by the facts as given.
    const key = `${name}\n${canonicalJson(facts)}`;
    const known = this.memoise ? this.memo.get(key) : undefined;
    if (known) return known;
    const { given, prepared } = await this.prepareFacts(file, facts);

    const { results, failureResults } = await this.engines.get(name)!.run(given);
    const byName = new Map(file.rules.map((rule, index) => [rule.name, { rule, index }]));
    const order = (r: RuleResult) => [-(r.priority ?? 1), byName.get(r.name as string)?.index ?? 0] as const;
    const fired = [...results].sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
    const outcome = this.combine(file, fired.map((r) => (r.event?.params ?? {}) as Record<string, unknown>));
    const documents = this.ruleSet.manifest.references;
    const explanation = [...results, ...failureResults]
      .sort((a, b) => (byName.get(a.name as string)?.index ?? 0) - (byName.get(b.name as string)?.index ?? 0))
      .map((r): RuleTrace => {
        const reference = byName.get(r.name as string)!.rule.reference;
        return {
          rule: r.name as string,
          fired: r.result === true,
          conditions: conditionTraces((r.conditions as unknown as Record<string, unknown>) ?? {}),
          reference: { ...reference, title: documents[reference.document]?.title },
        };
      });
    const decision: Decision = { decision: name, facts: prepared, outcome, explanation, ruleSetId: this.ruleSet.id, ruleSetHash: this.ruleSet.contentHash };
    if (this.memoise) this.memo.set(key, decision);
    return decision;
  }

  private combine(file: DecisionFile, fired: Record<string, unknown>[]): Record<string, unknown> {
    if (file.combine === 'first') return { ...(fired[0] ?? file.default ?? {}) };
    const items: string[] = [];
    for (const params of [file.default ?? {}, ...fired]) {
      for (const item of (params.items as string[] | undefined) ?? []) if (!items.includes(item)) items.push(item);
    }
    if (file.combine === 'collect') return { items };
    const lines: FeeLine[] = items.map((code) => {
      const item = this.ruleSet.parameters.feeItems.items.find((f) => f.code === code)!;
      return { code, name: item.name, amountFen: item.amountFen };
    });
    return { items, lines, totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0) };
  }
}

/** Whether `outcome` contains `expected`: every key of expected deep-equals the outcome's. */
export function matchesExpectation(outcome: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  return Object.entries(expected).every(([key, value]) => canonicalJson(outcome[key]) === canonicalJson(value));
}

export interface CaseResult {
  decision: DecisionName;
  name: string;
  passed: boolean;
  outcome: Record<string, unknown>;
  expect: Record<string, unknown>;
  error?: string;
}

/** Runs every example case of a rule set. */
export async function runCases(engine: DecisionEngine): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [name, file] of Object.entries(engine.ruleSet.decisions) as [DecisionName, DecisionFile][]) {
    for (const example of file.cases) {
      try {
        const { outcome } = await engine.decide(name, example.facts);
        results.push({ decision: name, name: example.name, passed: matchesExpectation(outcome, example.expect), outcome, expect: example.expect });
      } catch (error) {
        results.push({ decision: name, name: example.name, passed: false, outcome: {}, expect: example.expect, error: (error as Error).message });
      }
    }
  }
  return results;
}
