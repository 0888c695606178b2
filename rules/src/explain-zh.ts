/**
 * A decision explained for policy staff, in Chinese: the situation and the outcome with names instead of codes and 元
 * instead of fen, each rule with what it gives, whether it applied, each condition in words with whether it held, the
 * manual section it implements, any recorded choice and whether the value is a placeholder. The developer trace
 * (codes, operators, raw values) is what `Decision.explanation` holds; this is its reading.
 */
import type { ConditionTrace, Decision } from './engine.ts';
import { decisionFacts } from './facts.ts';
import type { DecisionName, PolicyReference, RuleSet, SharedCondition } from './types.ts';
import { FACT_LISTS, FACT_NAMES } from './words.ts';

/** The decisions as policy staff name them. */
export const DECISION_NAMES: Record<DecisionName, string> = {
  applicationEligibility: '报名资格',
  examRequirement: '是否需要考试',
  dualApplication: '是否兼报',
  requiredMaterials: '须上传的材料',
  feeQuote: '报名费用',
  paymentChannel: '缴费渠道',
};

/** An amount in fen as 元 with two decimals: 15000 → 150.00 元. */
export function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2)} 元`;
}

/** Names for the codes of a rule set. */
function namer(set: RuleSet) {
  const lists: Record<string, { code: string; name: string }[]> = {
    ...Object.fromEntries(Object.entries(FACT_LISTS).map(([fact, { list }]) => [fact, list(set) ?? []])),
    channel: set.parameters.paymentChannels.items,
    material: set.materials.materials,
    fee: set.parameters.feeItems.items,
  };
  const one = (list: string, code: unknown): string => {
    const item = lists[list]?.find((i) => i.code === code);
    return item ? `${item.name}（${String(code)}）` : String(code);
  };
  const value = (fact: string, v: unknown): string => {
    if (v === undefined || v === null) return '未提供';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (Array.isArray(v)) return v.length ? v.map((x) => value(fact, x)).join('、') : '（无）';
    return lists[fact] ? one(fact, v) : String(v);
  };
  return { one, value };
}

/** A standard fact by its name; another by the first words of its declared description. */
function factName(set: RuleSet, decision: DecisionName, fact: string): string {
  return FACT_NAMES[fact] ?? decisionFacts(set, decision)[fact]?.description.split(/[,，(（]/)[0] ?? fact;
}

/** A condition in words, e.g. `报考城市为青岛市（370200）`. */
function conditionText(set: RuleSet, decision: DecisionName, c: ConditionTrace, value: (fact: string, v: unknown) => string): string {
  const fact = factName(set, decision, c.fact);
  const v = value(c.fact, c.value);
  const words: Record<string, string> = {
    equal: `${fact}为${v}`,
    notEqual: `${fact}不为${v}`,
    in: `${fact}为${v}之一`,
    notIn: `${fact}不为${v}中任何一个`,
    contains: `${fact}包含${v}`,
    doesNotContain: `${fact}不包含${v}`,
    lessThan: `${fact}小于${v}`,
    lessThanInclusive: `${fact}不大于${v}`,
    greaterThan: `${fact}大于${v}`,
    greaterThanInclusive: `${fact}不小于${v}`,
  };
  return words[c.operator] ?? `${fact} ${c.operator} ${v}`;
}

/**
 * A rule's conditions as a tree in words: groups say whether all or any of their conditions must hold, a shared
 * condition of facts.json is named (by its description, else its name) before its parts, and each line says whether
 * it held. The engine's trace lists the leaf conditions in the order of the rule's tree (all, any, not), with a shared
 * condition's read in its place, so the tree is walked in that order to pair each leaf with its result.
 */
function conditionLines(
  tree: Record<string, unknown> | undefined,
  shared: Record<string, SharedCondition> | undefined,
  traces: ConditionTrace[],
  text: (c: ConditionTrace) => string,
  value: (fact: string, v: unknown) => string,
  indent: string,
): string[] {
  let next = 0;
  const leaf = (c: ConditionTrace, pad: string) => `${pad}${text(c)}：${c.passed ? '成立' : `不成立（实际为${value(c.fact, c.factValue)}）`}`;
  const held = (passed: boolean) => (passed ? '成立' : '不成立');
  if (!tree) return traces.map((c) => leaf(c, indent));
  // `flat`: the node's own `all` needs no line of its own (a rule's conditions, a shared condition's parts).
  const walk = (node: unknown, pad: string, flat: boolean, seen: string[]): { lines: string[]; passed: boolean } => {
    const c = (node ?? {}) as Record<string, unknown>;
    if (typeof c.fact === 'string') {
      const trace = traces[next++];
      return trace ? { lines: [leaf(trace, pad)], passed: trace.passed } : { lines: [], passed: false };
    }
    if (typeof c.condition === 'string') {
      const name = c.condition;
      const definition = shared?.[name];
      // `check` refuses an undefined or circular shared condition; a set that has one has nothing more to show here.
      if (!definition || seen.includes(name)) return { lines: [], passed: false };
      const inner = walk(definition, `${pad}  `, true, [...seen, name]);
      const label = definition.description ? `「${definition.description}」（${name}）` : `「${name}」`;
      return { lines: [`${pad}共享条件${label}：${held(inner.passed)}`, ...inner.lines], passed: inner.passed };
    }
    const groups: { kind: 'all' | 'any' | 'not'; nodes: unknown[] }[] = [
      ...(Array.isArray(c.all) ? [{ kind: 'all' as const, nodes: c.all }] : []),
      ...(Array.isArray(c.any) ? [{ kind: 'any' as const, nodes: c.any }] : []),
      ...(c.not ? [{ kind: 'not' as const, nodes: [c.not] }] : []),
    ];
    const lines: string[] = [];
    let passed = true;
    for (const group of groups) {
      const own = !(flat && group.kind === 'all');
      const inner = group.nodes.map((n) => walk(n, own ? `${pad}  ` : pad, false, seen));
      const result = group.kind === 'all' ? inner.every((r) => r.passed) : group.kind === 'any' ? inner.some((r) => r.passed) : !inner[0]?.passed;
      if (own) lines.push(`${pad}${{ all: '以下全部成立', any: '以下至少一项成立', not: '以下不成立' }[group.kind]}：${held(result)}`);
      lines.push(...inner.flatMap((r) => r.lines));
      passed &&= result;
    }
    return { lines, passed };
  };
  return walk(tree, indent, true, []).lines;
}

/** What an outcome (or a rule's event) gives, in words. */
function outcomeText(set: RuleSet, decision: DecisionName, outcome: Record<string, unknown>, { one }: ReturnType<typeof namer>): string {
  const yesNo = (v: unknown) => (v ? '是' : '否');
  switch (decision) {
    case 'applicationEligibility':
      if (outcome.eligible === undefined) break;
      return outcome.eligible ? '可以报名' : `不能报名：${String(outcome.message ?? '')}${outcome.code ? `（${String(outcome.code)}）` : ''}`;
    case 'examRequirement':
      if (outcome.examRequired === undefined) break;
      return `${outcome.examRequired ? '需要考试' : '不需要考试'}；选择考试地点：${yesNo(outcome.chooseExamCity)}；选择科目组：${yesNo(outcome.chooseSubjectGroup)}${outcome.label ? `；页面显示“${String(outcome.label)}”` : ''}`;
    case 'dualApplication':
      if (outcome.offered === undefined) break;
      return outcome.offered ? `可以选择是否兼报，默认${yesNo(outcome.default)}` : '不提供兼报选择';
    case 'requiredMaterials': {
      const items = (outcome.items as string[] | undefined) ?? [];
      return items.length ? `须上传：${items.map((code) => one('material', code)).join('、')}` : '无须上传材料';
    }
    case 'feeQuote': {
      const items = (outcome.items as string[] | undefined) ?? [];
      const lines = items.map((code) => {
        const fee = set.parameters.feeItems.items.find((f) => f.code === code);
        return fee ? `${fee.name} ${yuan(fee.amountFen)}` : code;
      });
      const total = typeof outcome.totalFen === 'number' ? `，合计 ${yuan(outcome.totalFen)}` : '';
      return items.length ? `收取：${lines.join('、')}${total}` : `不收费${total}`;
    }
    case 'paymentChannel':
      if (outcome.channel === undefined) return '没有缴费渠道';
      return `通过${one('channel', outcome.channel)}缴费`;
  }
  return JSON.stringify(outcome);
}

function referenceText(set: RuleSet, reference: PolicyReference): string[] {
  const title = set.manifest.references[reference.document]?.title ?? reference.document;
  const lines = [`依据：《${title}》${reference.section ? ` ${reference.section}` : ''}`];
  if (reference.choice) lines.push(`${reference.placeholder ? '占位值（发布前须替换或确认）' : '取舍说明'}：${reference.choice}`);
  return lines;
}

/** A decision explained in Chinese, one line per string, for policy staff. */
export function explainInChinese(set: RuleSet, decision: Decision): string[] {
  const name = decision.decision;
  const file = set.decisions[name];
  const names = namer(set);
  const lines: string[] = [`【${DECISION_NAMES[name]}】${set.manifest.title}（规则版本 ${decision.ruleSetHash.slice(0, 12)}）`];
  const given = Object.entries(decision.facts).filter(([, v]) => v !== undefined);
  lines.push('考生情况：');
  if (!given.length) lines.push('  （未提供任何情况）');
  const facts = decisionFacts(set, name);
  for (const [fact, value] of given) lines.push(`  ${factName(set, name, fact)}：${names.value(fact, value)}${facts[fact]?.derivedFrom ? `（由${factName(set, name, facts[fact].derivedFrom!)}得出）` : ''}`);
  lines.push(`结果：${outcomeText(set, name, decision.outcome, names)}`);
  const fees = set.parameters.feeItems.reference;
  if (name === 'feeQuote' && fees.placeholder) lines.push(`注意：收费金额是占位值（发布前须替换或确认）：${fees.choice ?? ''}`);
  const fired = decision.explanation.filter((t) => t.fired);
  if (file.combine === 'first' && !fired.length) lines.push(file.default ? '没有规则适用，采用默认结果。' : '没有规则适用，也没有默认结果。');
  if (file.combine !== 'first' && file.default && Object.keys(file.default).length) lines.push(`默认：${outcomeText(set, name, file.default, names)}`);
  lines.push('逐条规则：');
  // With `first`, the outcome is the fired rule of highest priority (the earliest listed among equals).
  const rank = (rule: string) => {
    const index = file.rules.findIndex((r) => r.name === rule);
    return -(file.rules[index]?.priority ?? 1) * 1e6 + index;
  };
  const deciding = file.combine === 'first' ? [...fired].sort((a, b) => rank(a.rule) - rank(b.rule))[0] : undefined;
  decision.explanation.forEach((trace, i) => {
    const rule = file.rules.find((r) => r.name === trace.rule);
    const gives = rule ? outcomeText(set, name, rule.event.params, names) : '';
    const status = !trace.fired ? '不适用' : file.combine === 'first' && trace !== deciding ? '适用，但优先级更高的规则已决定结果' : '适用';
    lines.push(`  ${i + 1}. ${status}：${gives}`);
    // A shared condition is named, then read in place as the engine evaluated it.
    const tree = rule?.conditions as Record<string, unknown> | undefined;
    if (!trace.conditions.length) lines.push('     条件：无（对所有考生适用）');
    else lines.push(...conditionLines(tree, set.facts?.conditions, trace.conditions, (c) => conditionText(set, name, c, names.value), names.value, '     '));
    for (const line of referenceText(set, trace.reference)) lines.push(`     ${line}`);
  });
  return lines;
}

/** An outcome in words for policy staff, e.g. `通过银联支付（UNIONPAY）缴费`, `收取：报名 50.00 元，合计 50.00 元`. */
export function outcomeInChinese(set: RuleSet, decision: DecisionName, outcome: Record<string, unknown>): string {
  return outcomeText(set, decision, outcome, namer(set));
}
