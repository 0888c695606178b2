/**
 * Facts declared once per rule set (facts.json) and read by every decision by name: each fact's allowed values are
 * the codes of the list it names (`enumFrom`), a computed fact is looked up on the item its source chooses, and shared
 * conditions are referred to as `{ "condition": "<name>" }`. A decision sees its facts through `decisionFacts`.
 */
import type { ConditionTree, DecisionName, FactDeclaration, FactList, RuleSet } from './types.ts';

type Coded = { code: string; name: string };
type FactSource = Pick<RuleSet, 'parameters' | 'roster' | 'facts' | 'decisions'>;

/** A fact as one decision takes it: its declaration, its allowed values, and whether this decision needs it. */
export interface DecisionFact extends FactDeclaration {
  /** The codes of `enumFrom`'s list, or the declared `enum`. */
  enum?: unknown[];
  required?: boolean;
  requiredWhen?: ConditionTree;
}

/** Where each list a fact may name is, for messages: `parameters.json 的 examCities`. */
export const FACT_LIST_FILES: Record<FactList, string> = {
  examCities: 'parameters.json 的 examCities',
  candidateTypes: 'parameters.json 的 candidateTypes',
  subjectGroups: 'parameters.json 的 subjectGroups',
  subjects: 'parameters.json 的 subjects',
  colleges: 'parameters.json 的 colleges',
  paymentChannels: 'parameters.json 的 paymentChannels',
  feeItems: 'parameters.json 的 feeItems',
  rosterTracks: 'roster.json 的 tracks',
};

/** The items of a list a fact may name; undefined where the rule set has no such list. */
export function factList(set: Pick<RuleSet, 'parameters' | 'roster'>, list: FactList): (Coded & Record<string, unknown>)[] | undefined {
  if (list === 'rosterTracks') return set.roster?.tracks as (Coded & Record<string, unknown>)[] | undefined;
  return (set.parameters[list] as { items: (Coded & Record<string, unknown>)[] } | undefined)?.items;
}

/** The allowed values of a declared fact: its list's codes (read now, so a code added to the list is allowed at once). */
export function allowedValues(set: Pick<RuleSet, 'parameters' | 'roster'>, declared: FactDeclaration): unknown[] | undefined {
  if (declared.enumFrom) return factList(set, declared.enumFrom)?.map((item) => item.code);
  return declared.enum;
}

/** A stored version made before facts were declared once kept each decision's facts in the decision. */
type LegacyDecision = { facts: Record<string, DecisionFact> };

/** By decision file, what its facts resolved to, and from which parameters and facts.json (a decision file may be shared by rule sets built from one another). */
const cache = new WeakMap<object, { parameters: object; facts: object | undefined; resolved: Record<string, DecisionFact> }>();

/**
 * The facts a decision takes, by name: each one's declaration in facts.json with its allowed values, and the
 * decision's own `required` and `requiredWhen`. Memoised (rule sets do not change once loaded).
 */
export function decisionFacts(set: FactSource, name: DecisionName): Record<string, DecisionFact> {
  const decision = set.decisions[name];
  const known = cache.get(decision);
  if (known && known.parameters === set.parameters && known.facts === set.facts) return known.resolved;
  let facts: Record<string, DecisionFact>;
  if (!Array.isArray(decision.facts)) facts = (decision as unknown as LegacyDecision).facts;
  else {
    facts = {};
    for (const fact of decision.facts) {
      const declared = set.facts?.facts[fact];
      if (!declared) continue;
      const values = allowedValues(set, declared);
      facts[fact] = {
        ...declared,
        ...(values ? { enum: values } : {}),
        ...(decision.required?.includes(fact) ? { required: true } : {}),
        ...(decision.requiredWhen?.[fact] ? { requiredWhen: decision.requiredWhen[fact] } : {}),
      };
    }
  }
  cache.set(decision, { parameters: set.parameters, facts: set.facts, resolved: facts });
  return facts;
}

/** The names of the facts a decision takes. */
export function factNames(set: FactSource, name: DecisionName): string[] {
  return Object.keys(decisionFacts(set, name));
}

/** A shared condition named but not defined, or defined in terms of itself. */
export class SharedConditionError extends Error {}

/**
 * A condition tree with every shared condition written out in place, as the engine evaluates it
 * (json-rules-engine projects a referenced condition onto the reference).
 */
export function inlineConditions(node: unknown, shared: Record<string, ConditionTree> | undefined, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineConditions(n, shared, seen));
  if (!node || typeof node !== 'object') return node;
  const c = node as Record<string, unknown>;
  if (typeof c.condition === 'string') {
    const name = c.condition;
    if (seen.includes(name)) throw new SharedConditionError(`shared condition "${name}" refers to itself (${[...seen, name].join(' → ')})`);
    const defined = shared?.[name];
    if (!defined) throw new SharedConditionError(`names shared condition "${name}", which facts.json's conditions do not define`);
    return inlineConditions(defined, shared, [...seen, name]);
  }
  if (typeof c.fact === 'string') return c;
  const out: Record<string, unknown> = { ...c };
  if (Array.isArray(c.all)) out.all = inlineConditions(c.all, shared, seen);
  if (Array.isArray(c.any)) out.any = inlineConditions(c.any, shared, seen);
  if (c.not) out.not = inlineConditions(c.not, shared, seen);
  return out;
}

/** The shared conditions a condition tree names (directly). */
export function conditionsNamed(node: unknown, pointer = ''): { name: string; pointer: string }[] {
  if (!node || typeof node !== 'object') return [];
  const c = node as Record<string, unknown>;
  if (typeof c.condition === 'string') return [{ name: c.condition, pointer: `${pointer}/condition` }];
  return [
    ...(Array.isArray(c.all) ? c.all.flatMap((n, i) => conditionsNamed(n, `${pointer}/all/${i}`)) : []),
    ...(Array.isArray(c.any) ? c.any.flatMap((n, i) => conditionsNamed(n, `${pointer}/any/${i}`)) : []),
    ...(c.not ? conditionsNamed(c.not, `${pointer}/not`) : []),
  ];
}

/**
 * The value of a computed fact: the property of the fact's name on the item its source fact chooses in the source's
 * list. `found: false` where the source's value is not in the list.
 */
export function lookUp(set: FactSource, fact: string, declared: FactDeclaration, sourceValue: unknown): { found: boolean; value?: unknown; list?: FactList } {
  const source = set.facts?.facts[declared.derivedFrom!];
  // Before facts.json, a derived fact's source was always a candidate type or a subject group.
  const list: FactList | undefined = source?.enumFrom ?? (declared.derivedFrom === 'candidateType' ? 'candidateTypes' : declared.derivedFrom === 'subjectGroup' ? 'subjectGroups' : undefined);
  const item = list ? factList(set, list)?.find((i) => i.code === sourceValue) : undefined;
  if (!item) return { found: false, list };
  return { found: true, value: item[fact], list };
}
