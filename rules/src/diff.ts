/**
 * A year-on-year preview for policy staff: what a rule set changes against another (the version in force, the same
 * year or an earlier one) — fees in 元, windows, exam cities, payment channels (also city by city), candidate types,
 * steps, form fields, materials and texts, with names beside codes — and which outcomes change on the example cases,
 * on given samples and on recorded decisions, with counts. In Chinese, beside a structured result.
 */
import { factNames } from './facts.ts';
import { canonicalJson } from './load.ts';
import { DecisionEngine, InvalidFactsError } from './engine.ts';
import { DECISION_NAMES, outcomeInChinese, yuan } from './explain-zh.ts';
import { DECISIONS, type DecisionName, type RuleSet } from './types.ts';

/** Where a compared situation comes from. */
export type SituationSource = 'CASE' | 'SAMPLE' | 'RECORDED';

export const SOURCE_NAMES: Record<SituationSource, string> = { CASE: '示例情况', SAMPLE: '给定样本', RECORDED: '已记录的报名' };

/** Facts to try: for one decision, or (without `decision`) for every decision, each reading the facts it declares. */
export interface Sample {
  decision?: DecisionName;
  name?: string;
  facts: Record<string, unknown>;
}

/** A situation compared, as the caller supplies it (recorded decisions) or the preview builds it. */
export interface Situation {
  source: SituationSource;
  decision: DecisionName;
  name: string;
  facts: Record<string, unknown>;
}

export type PolicyArea = 'fees' | 'windows' | 'examCities' | 'paymentChannels' | 'candidateTypes' | 'colleges' | 'subjectGroups' | 'steps' | 'fields' | 'materials' | 'texts' | 'title';

export const AREA_NAMES: Record<PolicyArea, string> = {
  title: '标题与生效日期',
  fees: '费用',
  windows: '时间窗口',
  examCities: '报考城市',
  paymentChannels: '缴费渠道',
  candidateTypes: '考生类型',
  colleges: '院校',
  subjectGroups: '科目组',
  steps: '报名步骤',
  fields: '表单字段',
  materials: '材料',
  texts: '须知与承诺文字',
};

/** One change of policy between two rule sets. */
export interface PolicyChange {
  area: PolicyArea;
  kind: 'ADDED' | 'REMOVED' | 'CHANGED';
  /** The code of the item (a fee item, a window key, a city code, …). */
  code: string;
  /** Its name, as the newer set names it (else the older). */
  name: string;
  before?: string;
  after?: string;
  /** The change in words, e.g. `「报名」费：0.01 元 → 50.00 元`. */
  text: string;
}

/** An outcome decided differently. */
export interface OutcomeChange {
  source: SituationSource;
  decision: DecisionName;
  situation: string;
  facts: Record<string, unknown>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  text: string;
}

export interface Comparison {
  from: { id: string; contentHash: string; examYear: number };
  to: { id: string; contentHash: string; examYear: number };
  crossYear: boolean;
  policy: PolicyChange[];
  /** Situations compared and outcomes changed, by source and in all. */
  counts: { source: SituationSource; compared: number; changed: number }[];
  compared: number;
  changed: number;
  outcomes: OutcomeChange[];
  /** The preview in Chinese, one line each. */
  text: string[];
}

/** The first words of a paragraph. */
const excerpt = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

const named = (name: string, code: string) => (name && name !== code ? `${name}（${code}）` : code);

/** Added, removed and changed items of a coded list. */
function listChanges<T>(area: PolicyArea, before: T[] | undefined, after: T[] | undefined, key: (item: T) => string, name: (item: T) => string, describe: (item: T) => string): PolicyChange[] {
  const a = new Map((before ?? []).map((i) => [key(i), i]));
  const b = new Map((after ?? []).map((i) => [key(i), i]));
  const changes: PolicyChange[] = [];
  for (const [code, item] of b) {
    const old = a.get(code);
    if (!old) changes.push({ area, kind: 'ADDED', code, name: name(item), after: describe(item), text: `新增 ${named(name(item), code)}：${describe(item)}` });
    else if (describe(old) !== describe(item)) changes.push({ area, kind: 'CHANGED', code, name: name(item), before: describe(old), after: describe(item), text: `${named(name(item), code)}：${describe(old)} → ${describe(item)}` });
  }
  for (const [code, item] of a) if (!b.has(code)) changes.push({ area, kind: 'REMOVED', code, name: name(item), before: describe(item), text: `删除 ${named(name(item), code)}（原为 ${describe(item)}）` });
  return changes;
}

/** Which channel each exam city pays through (where the decision can be taken on the city alone). */
async function channelsByCity(set: RuleSet, engine: DecisionEngine, cities: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const city of cities) {
    const channel = await engine.decide('paymentChannel', { examCity: city }).then((d) => d.outcome.channel as string | undefined, () => undefined);
    const item = set.parameters.paymentChannels.items.find((c) => c.code === channel);
    found.set(city, channel ? named(item?.name ?? channel, channel) : '没有缴费渠道');
  }
  return found;
}

/** What changes in policy between two rule sets, area by area. */
export async function policyChanges(before: RuleSet, after: RuleSet, engines: { before: DecisionEngine; after: DecisionEngine }): Promise<PolicyChange[]> {
  const changes: PolicyChange[] = [];
  const yesNo = (v: unknown) => (v ? '是' : '否');
  if (before.manifest.title !== after.manifest.title || canonicalJson(before.manifest.effective) !== canonicalJson(after.manifest.effective)) {
    const d = (s: RuleSet) => `${s.manifest.title}（${s.manifest.effective.from} 起${s.manifest.effective.until ? `至 ${s.manifest.effective.until}` : ''}）`;
    changes.push({ area: 'title', kind: 'CHANGED', code: 'ruleset', name: after.manifest.title, before: d(before), after: d(after), text: `${d(before)} → ${d(after)}` });
  }
  changes.push(...listChanges('fees', before.parameters.feeItems.items, after.parameters.feeItems.items, (f) => f.code, (f) => f.name, (f) => `${f.name} ${yuan(f.amountFen)}`));
  const windows = (s: RuleSet) => Object.entries(s.parameters.windows).map(([code, w]) => ({ code, ...w }));
  changes.push(
    ...listChanges('windows', windows(before), windows(after), (w) => w.code, (w) => w.name, (w) => `${w.from} 至 ${w.until}${w.dailyHours ? `，每天 ${w.dailyHours.from}–${w.dailyHours.until}` : ''}`),
  );
  changes.push(...listChanges('examCities', before.parameters.examCities?.items, after.parameters.examCities?.items, (c) => c.code, (c) => c.name, (c) => c.name));
  changes.push(...listChanges('paymentChannels', before.parameters.paymentChannels.items, after.parameters.paymentChannels.items, (c) => c.code, (c) => c.name, (c) => c.name));
  const cities = [...new Set([...(before.parameters.examCities?.items ?? []), ...(after.parameters.examCities?.items ?? [])].map((c) => c.code))];
  const [channelsBefore, channelsAfter] = [await channelsByCity(before, engines.before, cities), await channelsByCity(after, engines.after, cities)];
  for (const city of cities) {
    const [x, y] = [channelsBefore.get(city), channelsAfter.get(city)];
    const inBefore = before.parameters.examCities?.items.some((c) => c.code === city);
    const inAfter = after.parameters.examCities?.items.find((c) => c.code === city);
    if (!inBefore || !inAfter || x === y) continue;
    changes.push({ area: 'paymentChannels', kind: 'CHANGED', code: city, name: inAfter.name, before: x, after: y, text: `${named(inAfter.name, city)}的考生：${x} → ${y}` });
  }
  changes.push(
    ...listChanges('candidateTypes', before.parameters.candidateTypes.items, after.parameters.candidateTypes.items, (t) => t.code, (t) => t.name, (t) => `${t.name}，免试：${yesNo(t.exempt)}${t.track ? `，名单类别 ${t.track}` : ''}`),
  );
  changes.push(...listChanges('colleges', before.parameters.colleges?.items, after.parameters.colleges?.items, (c) => c.code, (c) => c.name, (c) => `${c.name}（所在城市 ${c.city}）`));
  changes.push(...listChanges('subjectGroups', before.parameters.subjectGroups?.items, after.parameters.subjectGroups?.items, (g) => g.code, (g) => g.name, (g) => `${g.name}：${g.subjects.join('、')}`));
  const steps = (s: RuleSet) => s.flow.steps.map((step, i) => ({ ...step, position: i + 1 }));
  changes.push(...listChanges('steps', steps(before), steps(after), (s) => s.code, (s) => s.title, (s) => `第 ${s.position} 步「${s.title}」${s.window ? `（时间窗口 ${s.window}）` : ''}${s.decides?.length ? `，作出：${s.decides.map((d) => DECISION_NAMES[d]).join('、')}` : ''}`));
  changes.push(
    ...listChanges('fields', before.form.fields, after.form.fields, (f) => f.code, (f) => f.label, (f) => `「${f.label}」${f.required ? '必填' : '选填'}${f.readOnly ? '，只读' : ''}${f.locksAt ? `，${f.locksAt} 后锁定` : ''}${f.options ? `，选项 ${f.options.map((o) => o.name).join('/')}` : ''}${f.optionsFrom ? `，选项来自 ${f.optionsFrom}` : ''}`),
  );
  changes.push(...listChanges('materials', before.materials.materials, after.materials.materials, (m) => m.code, (m) => m.name, (m) => `${m.name}（${m.formats.join('/')}，不超过 ${Math.round(m.maxBytes / 1024)} KB）`));
  if (canonicalJson(before.materials.photo) !== canonicalJson(after.materials.photo)) changes.push({ area: 'materials', kind: 'CHANGED', code: 'photo', name: '照片要求', text: '照片要求有改变' });
  for (const text of after.texts.texts) {
    const old = before.texts.texts.find((t) => t.code === text.code);
    if (!old) {
      changes.push({ area: 'texts', kind: 'ADDED', code: text.code, name: text.title, after: text.body.join('\n'), text: `新增「${text.title}」（${text.body.length} 段）` });
      continue;
    }
    const what: string[] = [];
    if (old.title !== text.title) what.push(`标题「${old.title}」→「${text.title}」`);
    text.body.forEach((paragraph, i) => {
      if (old.body[i] === undefined) what.push(`新增第 ${i + 1} 段“${excerpt(paragraph)}”`);
      else if (old.body[i] !== paragraph) what.push(`第 ${i + 1} 段改为“${excerpt(paragraph)}”`);
    });
    if (old.body.length > text.body.length) what.push(`删去第 ${text.body.length + 1}–${old.body.length} 段`);
    if (old.acknowledgement !== text.acknowledgement) what.push(`勾选文字“${old.acknowledgement ?? ''}”→“${text.acknowledgement ?? ''}”`);
    if (old.countdownSeconds !== text.countdownSeconds) what.push(`倒计时 ${old.countdownSeconds ?? 0} 秒 → ${text.countdownSeconds ?? 0} 秒`);
    if (what.length) changes.push({ area: 'texts', kind: 'CHANGED', code: text.code, name: text.title, before: old.body.join('\n'), after: text.body.join('\n'), text: `「${text.title}」：${what.join('；')}` });
  }
  for (const old of before.texts.texts) if (!after.texts.texts.some((t) => t.code === old.code)) changes.push({ area: 'texts', kind: 'REMOVED', code: old.code, name: old.title, before: old.body.join('\n'), text: `删除「${old.title}」` });
  return changes;
}

/** The facts of a sample a decision reads (those it declares in either version). */
function factsFor(decision: DecisionName, facts: Record<string, unknown>, sets: RuleSet[]): Record<string, unknown> {
  const declared = new Set(sets.flatMap((s) => factNames(s, decision)));
  return Object.fromEntries(Object.entries(facts).filter(([fact]) => declared.has(fact)));
}

/** Every situation to compare: both versions' example cases, the samples and the recorded decisions, each once. */
export function situationsOf(before: RuleSet, after: RuleSet, samples: Sample[] = [], recorded: Situation[] = []): Situation[] {
  const all: Situation[] = [
    ...DECISIONS.flatMap((decision) => [...before.decisions[decision].cases, ...after.decisions[decision].cases].map((c) => ({ source: 'CASE' as const, decision, name: c.name, facts: c.facts }))),
    ...samples.flatMap((s, i) =>
      (s.decision ? [s.decision] : DECISIONS).flatMap((decision) => {
        const facts = s.decision ? s.facts : factsFor(decision, s.facts, [before, after]);
        return Object.keys(facts).length ? [{ source: 'SAMPLE' as const, decision, name: s.name ?? `样本 ${i + 1}`, facts }] : [];
      }),
    ),
    ...recorded,
  ];
  const seen = new Set<string>();
  return all.filter((s) => {
    const key = `${s.source}\n${s.decision}\n${canonicalJson(s.facts)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** An outcome, or why none could be taken on these facts. */
async function outcomeOf(engine: DecisionEngine, decision: DecisionName, facts: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return (await engine.decide(decision, facts)).outcome;
  } catch (error) {
    if (error instanceof InvalidFactsError) return { refused: 'FACTS_INVALID', problems: error.problems };
    throw error;
  }
}

function outcomeWords(set: RuleSet, decision: DecisionName, outcome: Record<string, unknown>): string {
  if (outcome.refused) return `无法作出（${((outcome.problems as string[] | undefined) ?? []).join('；')}）`;
  return outcomeInChinese(set, decision, outcome);
}

/** Compares two rule sets: policy, and outcomes on the situations given. */
export async function compareRuleSets(
  before: RuleSet,
  after: RuleSet,
  options: { samples?: Sample[]; recorded?: Situation[]; engines?: { before: DecisionEngine; after: DecisionEngine }; labels?: { before?: string; after?: string } } = {},
): Promise<Comparison> {
  const engines = options.engines ?? { before: new DecisionEngine(before), after: new DecisionEngine(after) };
  const policy = await policyChanges(before, after, engines);
  const outcomes: OutcomeChange[] = [];
  const counts = new Map<SituationSource, { compared: number; changed: number }>([
    ['CASE', { compared: 0, changed: 0 }],
    ['SAMPLE', { compared: 0, changed: 0 }],
    ['RECORDED', { compared: 0, changed: 0 }],
  ]);
  for (const situation of situationsOf(before, after, options.samples, options.recorded)) {
    const count = counts.get(situation.source)!;
    count.compared++;
    const [x, y] = [await outcomeOf(engines.before, situation.decision, situation.facts), await outcomeOf(engines.after, situation.decision, situation.facts)];
    if (canonicalJson(x) === canonicalJson(y)) continue;
    count.changed++;
    outcomes.push({
      ...situation,
      situation: situation.name,
      before: x,
      after: y,
      text: `【${DECISION_NAMES[situation.decision]}】${situation.name}：${outcomeWords(before, situation.decision, x)} → ${outcomeWords(after, situation.decision, y)}`,
    });
  }
  const countList = [...counts].map(([source, c]) => ({ source, ...c }));
  const compared = countList.reduce((n, c) => n + c.compared, 0);
  const changed = countList.reduce((n, c) => n + c.changed, 0);
  const label = (set: RuleSet, given?: string) => `${set.id}${given ? ` ${given}` : ''}（${set.contentHash.slice(0, 12)}）`;
  const text = [
    `【${before.manifest.examYear === after.manifest.examYear ? '版本对比' : '逐年对比'}】${label(before, options.labels?.before)} → ${label(after, options.labels?.after)}`,
    policy.length ? `一、规则的改变（共 ${policy.length} 处）：` : '一、规则的改变：无',
    ...(Object.keys(AREA_NAMES) as PolicyArea[]).flatMap((area) => {
      const inArea = policy.filter((c) => c.area === area);
      return inArea.length ? [`  ${AREA_NAMES[area]}：`, ...inArea.map((c) => `    ${c.text}`)] : [];
    }),
    `二、结论的改变：共 ${compared} 条：${changed} 条结论改变`,
    ...countList.map((c) => `  ${SOURCE_NAMES[c.source]}：共 ${c.compared} 条：${c.changed} 条结论改变`),
    ...outcomes.map((o) => `    ${SOURCE_NAMES[o.source]} ${o.text}`),
  ];
  return {
    from: { id: before.id, contentHash: before.contentHash, examYear: before.manifest.examYear },
    to: { id: after.id, contentHash: after.contentHash, examYear: after.manifest.examYear },
    crossYear: before.manifest.examYear !== after.manifest.examYear,
    policy,
    counts: countList,
    compared,
    changed,
    outcomes,
    text,
  };
}
