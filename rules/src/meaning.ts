/**
 * Checks of meaning: what the schemas and the cross-references cannot see, but a policy officer would call a
 * mistake — a window that closes before it opens, payment before registration, last year's dates or text left in a
 * new year, a city that pays nowhere, a fee typed in 元 instead of 分, a condition on a code that does not exist.
 * Every message is in Chinese, names the values concerned and says what follows from the mistake.
 */
import { decisionFacts, factList, FACT_LIST_FILES, inlineConditions, lookUp } from './facts.ts';
import type { RuleProblem } from './load.ts';
import type { DecisionFile, DecisionName, Flow, Parameters, RuleSet } from './types.ts';
import { FACT_LISTS, FACT_NAMES } from './words.ts';

/** What the checks read: a rule set as loaded, before it is hashed. */
export type MeaningInput = Pick<RuleSet, 'manifest' | 'accounts' | 'roster' | 'parameters' | 'flow' | 'form' | 'materials' | 'texts' | 'facts'> & { decisions: Partial<Record<DecisionName, DecisionFile>> };

type Relative = (file: string) => string;

/**
 * A fee item below this many fen (10.00 元) is taken as typed in 元: no 专升本 fee item of either province is under
 * 10 元, and an amount typed in 元 (150 for 150.00 元) reads as 1.50 元. A placeholder value is exempt.
 */
export const SMALLEST_PLAUSIBLE_FEE_FEN = 1_000;

/** How far from the exam year a date may lie: registration may open in the autumn before the exam year. */
export function plausibleDates(examYear: number): { from: string; until: string } {
  return { from: `${examYear - 1}-09-01`, until: `${examYear}-12-31` };
}

const named = (item: { code: string; name: string }) => `${item.name}（${item.code}）`;

/** Edit distance, to suggest the window meant by a misspelt name. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The message for a window name that parameters.json does not define, with the likeliest intended one. */
export function unknownWindowMessage(code: string, windows: Parameters['windows']): string {
  const known = Object.keys(windows);
  const nearest = known.map((k) => [k, distance(code, k)] as const).sort((a, b) => a[1] - b[1])[0];
  const hint = nearest && nearest[1] <= Math.max(2, Math.floor(code.length / 3)) ? `；是否应为「${nearest[0]}」（${windows[nearest[0]].name}）？` : '';
  return `时间窗口「${code}」在 parameters.json 的 windows 中不存在（已有：${known.join('、')}）${hint}`;
}

/** Every date of windows, effective period and flow-case times must lie near the exam year. */
function checkYears(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const year = set.manifest.examYear;
  const range = plausibleDates(year);
  const outside = (date: string) => date.slice(0, 10) < range.from || date.slice(0, 10) > range.until;
  const why = `这是 ${year} 年的规则，日期应在 ${range.from} 至 ${range.until} 之间：是否沿用了上一年的日期？`;
  for (const [code, window] of Object.entries(set.parameters.windows)) {
    for (const end of ['from', 'until'] as const) {
      if (outside(window[end])) problems.push({ file: relative('parameters.json'), path: `/windows/${code}/${end}`, message: `「${window.name}」的日期 ${window[end]} 不在 ${year} 年前后；${why}` });
    }
  }
  for (const end of ['from', 'until'] as const) {
    const date = set.manifest.effective[end];
    if (date && outside(date)) problems.push({ file: relative('ruleset.json'), path: `/effective/${end}`, message: `生效日期 ${date} 不在 ${year} 年前后；${why}` });
  }
  // The flow's example times: one problem, at the first, counting them (a copied year has dozens).
  const times: { value: string; pointer: string }[] = [];
  const at = (value: string | undefined, pointer: string) => {
    if (value && outside(value)) times.push({ value, pointer });
  };
  at(set.flow.caseDefaults?.at, '/caseDefaults/at');
  set.flow.cases.forEach((example, i) => {
    at(example.at, `/cases/${i}/at`);
    at(example.given?.at, `/cases/${i}/given/at`);
    (example.actions ?? []).forEach((action, j) => at(action.at, `/cases/${i}/actions/${j}/at`));
  });
  if (times.length) {
    const count = times.length > 1 ? `（示例中共有 ${times.length} 处这样的时间）` : '';
    problems.push({ file: relative('flow.json'), path: times[0].pointer, message: `示例的时间 ${times[0].value} 不在 ${year} 年前后${count}；${why}` });
  }
}

/** Windows: end after start, hours after opening, later steps not before registration, every window used. */
function checkWindows(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const file = relative('parameters.json');
  const { windows } = set.parameters;
  for (const [code, window] of Object.entries(windows)) {
    if (window.until < window.from) problems.push({ file, path: `/windows/${code}/until`, message: `「${window.name}」的截止日期 ${window.until} 早于开始日期 ${window.from}：这个时间段一天也不开放` });
    if (window.dailyHours && window.dailyHours.until <= window.dailyHours.from) {
      problems.push({ file, path: `/windows/${code}/dailyHours/until`, message: `「${window.name}」每天的结束时间 ${window.dailyHours.until} 不晚于开始时间 ${window.dailyHours.from}：每天都不会开放（是否把开始和结束写反了？）` });
    }
  }
  const flow: Flow = set.flow;
  const registration = windows[flow.window];
  const used = new Set<string>([flow.window, flow.review?.window ?? '', ...flow.steps.map((s) => s.window ?? ''), ...(flow.changes ?? []).map((c) => c.window ?? '')]);
  for (const [code, window] of Object.entries(windows)) {
    if (!used.has(code)) problems.push({ file, path: `/windows/${code}`, message: `「${window.name}」（${code}）没有被 flow.json 的任何步骤、审核或修改途径使用：是否写错了窗口名称？` });
  }
  if (!registration) return;
  const later: { code: string; closes: boolean }[] = [
    ...flow.steps.filter((s) => s.window && s.window !== flow.window).map((s) => ({ code: s.window!, closes: true })),
    ...(flow.review?.window && flow.review.window !== flow.window ? [{ code: flow.review.window, closes: true }] : []),
    ...(flow.changes ?? []).filter((c) => c.window && c.window !== flow.window).map((c) => ({ code: c.window!, closes: false })),
  ];
  const seen = new Set<string>();
  for (const { code, closes } of later) {
    const window = windows[code];
    if (!window || seen.has(code)) continue;
    seen.add(code);
    if (window.from < registration.from) {
      problems.push({ file, path: `/windows/${code}/from`, message: `「${window.name}」从 ${window.from} 开始，早于「${registration.name}」的开始日期 ${registration.from}：考生要先${registration.name}才能${window.name}` });
    }
    if (closes && window.until < registration.until) {
      problems.push({ file, path: `/windows/${code}/until`, message: `「${window.name}」在 ${window.until} 截止，早于「${registration.name}」的截止日期 ${registration.until}：最后几天${registration.name}的考生将无法${window.name}` });
    }
  }
}

/** Codes listed twice in the lists the loader does not already check. */
function checkDuplicates(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const lists: [string, string, { code: string; name: string }[] | undefined][] = [
    ['examCities', '城市代码', set.parameters.examCities?.items],
    ['subjects', '科目代码', set.parameters.subjects?.items],
    ['subjectGroups', '科目组代码', set.parameters.subjectGroups?.items],
    ['paymentChannels', '缴费渠道代码', set.parameters.paymentChannels.items],
  ];
  for (const [list, what, items] of lists) {
    (items ?? []).forEach((item, i) => {
      const first = items!.findIndex((other) => other.code === item.code);
      if (first !== i) problems.push({ file: relative('parameters.json'), path: `/${list}/items/${i}/code`, message: `${what} ${item.code} 重复出现（第 ${first + 1} 项「${items![first].name}」和第 ${i + 1} 项「${item.name}」），每个代码只能列一次` });
    });
  }
}

/** Whether a `reference` object marks its value as a placeholder. */
const isPlaceholder = (reference: unknown) => !!reference && typeof reference === 'object' && (reference as { placeholder?: unknown }).placeholder === true;

/** Fee amounts are in 分: one under 10 元 was probably typed in 元. */
function checkFees(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  if (isPlaceholder(set.parameters.feeItems.reference)) return;
  set.parameters.feeItems.items.forEach((item, i) => {
    if (item.amountFen > 0 && item.amountFen < SMALLEST_PLAUSIBLE_FEE_FEN) {
      problems.push({
        file: relative('parameters.json'),
        path: `/feeItems/items/${i}/amountFen`,
        message: `「${item.name}」的金额 ${item.amountFen} 分即 ${(item.amountFen / 100).toFixed(2)} 元，低于 ${SMALLEST_PLAUSIBLE_FEE_FEN / 100} 元：金额以分为单位，是否按元填写了？（${item.amountFen} 元应写作 ${item.amountFen * 100}）如确为占位值，请在 feeItems 的 reference 中标注 "placeholder": true`,
      });
    }
  });
}

type Leaf = { fact: string; operator: string; value: unknown; pointer: string };

/** Every leaf condition of a json-rules-engine condition tree, with its JSON Pointer. */
function leaves(node: unknown, pointer: string): Leaf[] {
  if (!node || typeof node !== 'object') return [];
  const c = node as Record<string, unknown>;
  if (typeof c.fact === 'string') return [{ fact: c.fact, operator: String(c.operator), value: c.value, pointer }];
  return [
    ...(Array.isArray(c.all) ? c.all.flatMap((n, i) => leaves(n, `${pointer}/all/${i}`)) : []),
    ...(Array.isArray(c.any) ? c.any.flatMap((n, i) => leaves(n, `${pointer}/any/${i}`)) : []),
    ...leaves(c.not, `${pointer}/not`),
  ];
}

/** The list a fact's values are codes of (its enumFrom, else the standard fact's), where it is, and how staff name the fact. */
function listOfFact(set: MeaningInput, fact: string): { list: { code: string; name: string }[]; where: string; name: string } | undefined {
  const declared = set.facts.facts[fact];
  const name = FACT_NAMES[fact] ?? declared?.description.split(/[,，(（]/)[0] ?? fact;
  if (declared?.enumFrom) {
    const list = factList(set, declared.enumFrom);
    return list ? { list, where: FACT_LIST_FILES[declared.enumFrom], name } : undefined;
  }
  const known = FACT_LISTS[fact];
  const list = known?.list(set);
  return known && list ? { list, where: known.where, name } : undefined;
}

/** A condition comparing a fact with a code its list does not have; a fact's allowed values against its list. */
function checkConditionValues(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const conditions = [
    ...Object.entries(set.facts.conditions ?? {}).map(([name, node]) => ({ node, pointer: `/conditions/${name}`, file: relative('facts.json') })),
    ...(Object.entries(set.decisions) as [DecisionName, DecisionFile][]).flatMap(([name, decision]) => [
      ...decision.rules.map((rule, i) => ({ node: rule.conditions, pointer: `/rules/${i}/conditions`, file: relative(`decisions/${name}.json`) })),
      ...Object.entries(decision.requiredWhen ?? {}).map(([fact, node]) => ({ node, pointer: `/requiredWhen/${fact}`, file: relative(`decisions/${name}.json`) })),
    ]),
  ];
  for (const { node, pointer, file } of conditions) {
    for (const leaf of leaves(node, pointer)) {
      const known = listOfFact(set, leaf.fact);
      if (!known) continue;
      const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
      values.forEach((value, k) => {
        if (typeof value !== 'string' || known.list.some((item) => item.code === value)) return;
        problems.push({
          file,
          path: `${leaf.pointer}/value${Array.isArray(leaf.value) ? `/${k}` : ''}`,
          message: `条件比较的${known.name}「${value}」不在 ${known.where} 中（已有：${known.list.map(named).join('、')}）：这个条件对任何考生都不会按预期成立`,
        });
      });
    }
  }
  // A fact whose values are a list's codes, written out by hand: it falls behind the list when a code is added.
  for (const [fact, declared] of Object.entries(set.facts.facts)) {
    const known = FACT_LISTS[fact];
    const list = known?.list(set);
    if (!known || !list || !declared.enum) continue;
    const file = relative('facts.json');
    declared.enum.forEach((value, k) => {
      if (!list.some((item) => item.code === value)) problems.push({ file, path: `/facts/${fact}/enum/${k}`, message: `可选的${FACT_NAMES[fact]}「${String(value)}」不在 ${known.where} 中` });
    });
    for (const item of list) {
      if (!declared.enum.includes(item.code)) {
        problems.push({
          file,
          path: `/facts/${fact}/enum`,
          message: `${known.where}列有${FACT_NAMES[fact]}「${named(item)}」，但 ${fact} 的可选值（enum）中没有它：这样的考生会被拒绝（FACTS_INVALID）。请把 enum 换成 "enumFrom"，可选值就随该列表而定`,
        });
      }
    }
  }
}

/**
 * A json-rules-engine condition evaluated as the engine does with `allowUndefinedFacts` (default operators only);
 * undefined where the condition uses anything else, so the caller can stay silent rather than guess.
 */
export function holds(node: unknown, facts: Record<string, unknown>): boolean | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const c = node as Record<string, unknown>;
  if (Array.isArray(c.all)) {
    const results = c.all.map((n) => holds(n, facts));
    return results.includes(undefined) ? undefined : results.every(Boolean);
  }
  if (Array.isArray(c.any)) {
    const results = c.any.map((n) => holds(n, facts));
    return results.includes(undefined) ? undefined : results.some(Boolean);
  }
  if ('not' in c) {
    const inner = holds(c.not, facts);
    return inner === undefined ? undefined : !inner;
  }
  if (typeof c.fact !== 'string' || 'path' in c || 'params' in c || (c.value && typeof c.value === 'object' && !Array.isArray(c.value))) return undefined;
  const a = facts[c.fact];
  const b = c.value;
  const number = (x: unknown) => Number.parseFloat(String(x)).toString() !== 'NaN';
  switch (c.operator) {
    case 'equal':
      return a === b;
    case 'notEqual':
      return a !== b;
    case 'in':
      return Array.isArray(b) ? b.includes(a) : undefined;
    case 'notIn':
      return Array.isArray(b) ? !b.includes(a) : undefined;
    case 'contains':
      return Array.isArray(a) && a.includes(b);
    case 'doesNotContain':
      return Array.isArray(a) && !a.includes(b);
    case 'lessThan':
      return number(a) && (a as number) < (b as number);
    case 'lessThanInclusive':
      return number(a) && (a as number) <= (b as number);
    case 'greaterThan':
      return number(a) && (a as number) > (b as number);
    case 'greaterThanInclusive':
      return number(a) && (a as number) >= (b as number);
    default:
      return undefined;
  }
}

/** Most combinations of facts tried when looking for a candidate the payment channel decision routes nowhere. */
const MOST_SITUATIONS = 5_000;

/**
 * Every exam city (and every combination of the other facts the rules read) must be routed to a payment channel:
 * some rule fires, or there is a default.
 */
function checkPaymentRouting(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const decision = set.decisions.paymentChannel;
  if (!decision || decision.default?.channel) return;
  let conditions: unknown[];
  try {
    conditions = decision.rules.map((rule) => inlineConditions(rule.conditions, set.facts.conditions));
  } catch {
    return; // a shared condition that is not defined is reported by the loader
  }
  const factsOf = decisionFacts(set as unknown as RuleSet, 'paymentChannel');
  const read = new Set(conditions.flatMap((node) => leaves(node, '').map((l) => l.fact)));
  for (const [fact, declared] of Object.entries(factsOf)) if (declared.required) read.add(fact);
  // A derived fact is tried through its source.
  const sources = new Set([...read].map((fact) => factsOf[fact]?.derivedFrom ?? fact));
  const domains: [string, unknown[]][] = [...sources].map((fact) => {
    const list = FACT_LISTS[fact]?.list(set);
    const declared = factsOf[fact];
    if (list) return [fact, list.map((item) => item.code)];
    if (declared?.enum) return [fact, declared.enum];
    if (declared?.type === 'boolean') return [fact, [false, true]];
    return [fact, [undefined]];
  });
  let situations: Record<string, unknown>[] = [{}];
  for (const [fact, values] of domains) {
    situations = situations.flatMap((s) => values.map((v) => ({ ...s, [fact]: v })));
    if (situations.length > MOST_SITUATIONS) return;
  }
  const derive = (facts: Record<string, unknown>) => {
    const derived = { ...facts };
    for (const [fact, declared] of Object.entries(factsOf)) {
      if (!declared.derivedFrom || facts[declared.derivedFrom] === undefined) continue;
      derived[fact] = lookUp(set as unknown as RuleSet, fact, declared, facts[declared.derivedFrom]).value;
    }
    return derived;
  };
  const cities = set.parameters.examCities?.items ?? [];
  const reported = new Set<string>();
  for (const situation of situations) {
    const facts = derive(situation);
    const results = conditions.map((node) => holds(node, facts));
    if (results.includes(undefined)) return;
    if (decision.rules.some((rule, i) => results[i] && rule.event.params.channel)) continue;
    const city = cities.find((c) => c.code === situation.examCity);
    const key = city?.code ?? '';
    if (reported.has(key)) continue;
    reported.add(key);
    const who = Object.entries(situation)
      .filter(([fact, value]) => fact !== 'examCity' && value !== undefined)
      .map(([fact, value]) => `${FACT_NAMES[fact] ?? fact}为${FACT_LISTS[fact]?.list(set)?.find((i) => i.code === value)?.name ?? String(value)}`);
    problems.push({
      file: relative('decisions/paymentChannel.json'),
      path: '/rules',
      message: `${city ? `报考城市为${named(city)}的考生` : '考生'}${who.length ? `（如${who.join('、')}）` : ''}没有缴费渠道：没有一条规则对其成立，也没有 default。请为该市加上规则或给出 default`,
    });
  }
}

/** A material required while no step lets the candidate upload it. */
function checkMaterialsUpload(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const decision = set.decisions.requiredMaterials;
  if (!decision || set.flow.steps.some((s) => s.code === 'MATERIALS')) return;
  const file = relative('decisions/requiredMaterials.json');
  const report = (items: unknown, pointer: string) => {
    ((items as string[] | undefined) ?? []).forEach((code, k) => {
      const material = set.materials.materials.find((m) => m.code === code);
      problems.push({ file, path: `${pointer}/${k}`, message: `要求上传材料「${material ? named(material) : code}」，但 flow.json 没有材料上传（MATERIALS）步骤：考生无处上传。请在流程中加上 MATERIALS 步骤，或去掉这项要求` });
    });
  };
  decision.rules.forEach((rule, i) => report(rule.event.params.items, `/rules/${i}/event/params/items`));
  report(decision.default?.items, '/default/items');
}

/** Keys whose contents candidates never read: policy references, examples, developers' notes. */
const NOT_SHOWN = new Set(['reference', 'cases', 'caseDefaults', 'references', 'notes', '$schema', 'facts', 'description']);

/** Every `2023年` of another year in what candidates read (texts, step titles, notices, names, messages). */
function checkTextYears(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const year = set.manifest.examYear;
  const walk = (value: unknown, pointer: string, file: string, shown: (key: string) => boolean) => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/(?<!\d)(\d{4})\s*年/g)) {
        const other = Number(match[1]);
        if (other !== year && Math.abs(other - year) <= 5) {
          problems.push({ file, path: pointer, message: `文字中写着「${match[0]}」，而这是 ${year} 年的规则：是否沿用了上一年的文字？（“…${value.slice(Math.max(0, match.index - 12), match.index + 16)}…”）` });
        }
      }
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${pointer}/${i}`, file, shown));
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (shown(key)) walk(inner, `${pointer}/${key}`, file, shown);
    }
  };
  // Candidate types and subjects have descriptions candidates read; a decision's description is for developers.
  const shownInFile = (key: string) => !NOT_SHOWN.has(key) || key === 'description';
  const shownInDecision = (key: string) => !NOT_SHOWN.has(key) && key !== 'name';
  walk(set.manifest.title, '/title', relative('ruleset.json'), () => true);
  for (const [file, data] of [['accounts.json', set.accounts], ['parameters.json', set.parameters], ['flow.json', set.flow], ['form.json', set.form], ['materials.json', set.materials], ['texts.json', set.texts]] as const) {
    walk(data, '', relative(file), shownInFile);
  }
  for (const [name, decision] of Object.entries(set.decisions)) walk(decision, '', relative(`decisions/${name}.json`), shownInDecision);
}

/** A placeholder must say, in its `choice`, what it stands in for. */
function checkPlaceholderChoices(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  const walk = (value: unknown, pointer: string, file: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${pointer}/${i}`, file));
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'reference' && isPlaceholder(inner) && !(inner as { choice?: string }).choice) {
        problems.push({ file, path: `${pointer}/reference/placeholder`, message: '占位值须在 choice 中写明它代替的是什么、应从哪份文件取得正式值' });
      } else walk(inner, `${pointer}/${key}`, file);
    }
  };
  for (const [file, data] of [['accounts.json', set.accounts], ['roster.json', set.roster], ['parameters.json', set.parameters], ['flow.json', set.flow], ['form.json', set.form], ['materials.json', set.materials], ['texts.json', set.texts]] as const) {
    walk(data, '', relative(file));
  }
  for (const [name, decision] of Object.entries(set.decisions)) walk(decision, '', relative(`decisions/${name}.json`));
}

/** Runs every check of meaning on a rule set that passed its schemas and cross-references; adds to `problems`. */
export function checkMeaning(set: MeaningInput, relative: Relative, problems: RuleProblem[]): void {
  checkWindows(set, relative, problems);
  checkYears(set, relative, problems);
  checkDuplicates(set, relative, problems);
  checkFees(set, relative, problems);
  checkConditionValues(set, relative, problems);
  checkPaymentRouting(set, relative, problems);
  checkMaterialsUpload(set, relative, problems);
  checkTextYears(set, relative, problems);
  checkPlaceholderChoices(set, relative, problems);
}
