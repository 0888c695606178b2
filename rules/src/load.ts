import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { conditionsNamed, factList, FACT_LIST_FILES, inlineConditions, SharedConditionError } from './facts.ts';
import { parseJson } from './json-syntax.ts';
import { checkMeaning, unknownWindowMessage } from './meaning.ts';
import { flowFields, lockIndex, STEP_TEXTS } from './steps.ts';
import { DECISIONS, type AccountPolicy, type DecisionFile, type DecisionName, type FactsFile, type Flow, type Form, type Materials, type Parameters, type RosterPolicy, type RuleSet, type RuleSetManifest, type Texts } from './types.ts';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RULES_DIR = path.join(packageRoot, 'provinces');
const SCHEMA_DIR = path.join(packageRoot, 'schema');

/** The files of a rule-set folder, each with the schema that validates it. */
export const RULE_FILES = {
  'ruleset.json': 'ruleset.schema.json',
  'accounts.json': 'accounts.schema.json',
  'roster.json': 'roster.schema.json',
  'parameters.json': 'parameters.schema.json',
  'flow.json': 'flow.schema.json',
  'form.json': 'form.schema.json',
  'materials.json': 'materials.schema.json',
  'texts.json': 'texts.schema.json',
  'facts.json': 'facts.schema.json',
} as const;
type RuleFile = keyof typeof RULE_FILES;
/** Files a rule set may leave out; the rest are required. */
const OPTIONAL_FILES: ReadonlySet<string> = new Set(['roster.json']);
const DECISION_SCHEMA = 'decision.schema.json';

/** One thing wrong with a rule file: which file, where in it (a JSON Pointer), and what. */
export interface RuleProblem {
  file: string;
  path: string;
  message: string;
}

/** A rule set that must not be used, with every problem found in it. */
export class InvalidRuleSetError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(`Invalid rules:\n${problems.map((p) => `  ${p.file} ${p.path || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'InvalidRuleSetError';
  }
}

let schemas: readonly { file: string; schema: Record<string, unknown> }[] | undefined;

/** The JSON Schemas of the rule files (`parameters.schema.json`, …, each with its `$id`), read once. */
export function ruleFileSchemas(): readonly { file: string; schema: Record<string, unknown> }[] {
  schemas ??= fs
    .readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.schema.json'))
    .sort()
    .map((file) => ({ file, schema: JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown> }));
  return schemas;
}

/** The schema that validates a file of a rule-set folder, by its name there (`decisions/feeQuote.json` → the decision schema). */
export function schemaOfRuleFile(name: string): string | undefined {
  return name.startsWith('decisions/') ? DECISION_SCHEMA : RULE_FILES[name as RuleFile];
}

let validators: Map<string, ValidateFunction> | undefined;

function validatorFor(schemaFile: string): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    // Ajv annotates what it is given: its own copies.
    for (const { schema } of ruleFileSchemas()) ajv.addSchema(structuredClone(schema));
    validators = new Map();
    for (const { file } of ruleFileSchemas()) validators.set(file, ajv.getSchema(`https://zsb.example/rules/${file}`)!);
  }
  return validators.get(schemaFile)!;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case 'enum':
      return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Stable JSON: keys sorted, so the content hash does not depend on formatting or key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => k !== '$schema')
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every `reference` object in a document, with its JSON Pointer. */
function references(value: unknown, pointer = ''): { pointer: string; document: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => references(v, `${pointer}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'reference' && inner && typeof inner === 'object' && typeof (inner as { document?: unknown }).document === 'string'
      ? [{ pointer: `${pointer}/reference/document`, document: (inner as { document: string }).document }]
      : references(inner, `${pointer}/${key}`),
  );
}

/** Every fact a json-rules-engine condition tree reads, through the shared conditions it names (`shared`). */
export function factsRead(condition: unknown, shared?: Record<string, unknown>): string[] {
  if (Array.isArray(condition)) return condition.flatMap((c) => factsRead(c, shared));
  if (!condition || typeof condition !== 'object') return [];
  const c = condition as Record<string, unknown>;
  if (typeof c.fact === 'string') return [c.fact];
  if (typeof c.condition === 'string') {
    if (!shared) return [];
    const inner = shared[c.condition];
    return inner ? factsRead(inner, { ...shared, [c.condition]: undefined }) : [];
  }
  return [...factsRead(c.all, shared), ...factsRead(c.any, shared), ...factsRead(c.not, shared)];
}

/** Reads one JSON file, validating it against its schema; records problems instead of throwing. */
function readValidated(full: string, display: string, schemaFile: string, problems: RuleProblem[]): unknown {
  let data: unknown;
  try {
    data = parseJson(fs.readFileSync(full, 'utf8'));
  } catch (error) {
    problems.push({ file: display, path: '', message: (error as Error).message });
    return undefined;
  }
  const validate = validatorFor(schemaFile);
  if (!validate(data)) {
    for (const error of validate.errors ?? []) problems.push({ file: display, path: error.instancePath, message: describe(error) });
    return undefined;
  }
  return data;
}

/** What the codes in a decision's outcomes must name, by decision. */
const OUTCOME_CODES: Partial<Record<DecisionName, (set: { parameters: Parameters; materials: { code: string }[] }) => { list: string; codes: Set<string>; of: (params: Record<string, unknown>) => string[] }>> = {
  requiredMaterials: ({ materials }) => ({ list: 'materials.json materials', codes: new Set(materials.map((m) => m.code)), of: (p) => ((p.items as string[] | undefined) ?? []) }),
  feeQuote: ({ parameters }) => ({ list: 'parameters.json feeItems', codes: new Set(parameters.feeItems.items.map((f) => f.code)), of: (p) => ((p.items as string[] | undefined) ?? []) }),
  paymentChannel: ({ parameters }) => ({ list: 'parameters.json paymentChannels', codes: new Set(parameters.paymentChannels.items.map((c) => c.code)), of: (p) => (typeof p.channel === 'string' ? [p.channel] : []) }),
};

type Relative = (file: string) => string;

/** Windows, candidate types, colleges and the option limits of parameters.json. */
function checkParameters(parameters: Parameters, roster: RosterPolicy | undefined, form: Form, relative: Relative, problems: RuleProblem[]): void {
  const file = relative('parameters.json');
  parameters.candidateTypes.items.forEach((type, i) => {
    if (type.track && roster && !roster.tracks.some((t) => t.code === type.track)) problems.push({ file, path: `/candidateTypes/items/${i}/track`, message: `names "${type.track}", which roster.json tracks do not list` });
    if (type.track && !roster) problems.push({ file, path: `/candidateTypes/items/${i}/track`, message: 'names a roster track, but the rule set has no roster.json' });
  });
  const cities = new Set((parameters.examCities?.items ?? []).map((c) => c.code));
  (parameters.colleges?.items ?? []).forEach((college, i) => {
    if (!cities.has(college.city)) problems.push({ file, path: `/colleges/items/${i}/city`, message: `"${college.city}" is not one of examCities` });
    if (parameters.colleges!.items.findIndex((c) => c.code === college.code) !== i) problems.push({ file, path: `/colleges/items/${i}/code`, message: `"${college.code}" is listed twice` });
  });
  const formField = (code: string) => form.fields.some((f) => f.code === code);
  (parameters.examCities?.offeredBy ?? []).forEach((by, i) => {
    if (!formField(by.field)) problems.push({ file, path: `/examCities/offeredBy/${i}/field`, message: `"${by.field}" is not a form field` });
    if (by.via && !parameters[by.via]) problems.push({ file, path: `/examCities/offeredBy/${i}/via`, message: `names "${by.via}", which parameters.json does not define` });
  });
  const groupsBy = parameters.subjectGroups?.offeredBy;
  if (groupsBy && !formField(groupsBy.field)) problems.push({ file, path: '/subjectGroups/offeredBy/field', message: `"${groupsBy.field}" is not a form field` });
  if (groupsBy?.via) problems.push({ file, path: '/subjectGroups/offeredBy/via', message: 'subject groups are matched on the field itself (a major code)' });
}

/** Steps, windows, texts, locks, review and change routes of flow.json, against the other files. */
function checkFlow(rules: { flow: Flow; form: Form; materials: Materials; parameters: Parameters; texts: Texts }, relative: Relative, problems: RuleProblem[]): void {
  const { flow, form, parameters } = rules;
  const file = relative('flow.json');
  const window = (code: string | undefined, path: string) => {
    if (code !== undefined && !(code in parameters.windows)) problems.push({ file, path, message: unknownWindowMessage(code, parameters.windows) });
  };
  window(flow.window, '/window');
  const { askedBy, twice } = flowFields(rules);
  for (const { code, step } of twice) problems.push({ file, path: '/steps', message: `"${code}" is asked by ${askedBy.get(code)} and again by ${step}` });
  if (form.fields.length && !flow.steps.some((s) => s.code === 'PERSONAL_INFORMATION')) problems.push({ file, path: '/steps', message: 'form.json has fields but no PERSONAL_INFORMATION step asks them' });
  const taken = new Set<DecisionName>();
  flow.steps.forEach((step, i) => {
    if (flow.steps.findIndex((s) => s.code === step.code) !== i) problems.push({ file, path: `/steps/${i}/code`, message: `${step.code} is listed twice` });
    window(step.window, `/steps/${i}/window`);
    for (const name of step.decides ?? []) taken.add(name);
    const text = STEP_TEXTS[step.code];
    if (text && !rules.texts.texts.some((t) => t.code === text)) problems.push({ file, path: `/steps/${i}`, message: `a ${step.code} step shows the ${text} text, which texts.json does not have` });
    if (step.askExemption && step.code !== 'CANDIDATE_TYPE') problems.push({ file, path: `/steps/${i}/askExemption`, message: 'only a CANDIDATE_TYPE step asks 是否免试' });
    (step.locks ?? []).forEach((code, j) => {
      if (!askedBy.has(code)) problems.push({ file, path: `/steps/${i}/locks/${j}`, message: `"${code}" is not a field the flow asks` });
    });
    for (const code of Object.keys(step.labels ?? {})) {
      if (askedBy.get(code) !== step.code) problems.push({ file, path: `/steps/${i}/labels/${code}`, message: `"${code}" is not asked by this step` });
    }
  });
  for (const name of DECISIONS) if (!taken.has(name)) problems.push({ file, path: '/steps', message: `no step decides ${name}; every decision is taken (and recorded) at some step` });
  form.fields.forEach((field, i) => {
    if (field.locksAt && !flow.steps.some((s) => s.code === field.locksAt)) problems.push({ file: relative('form.json'), path: `/fields/${i}/locksAt`, message: `${field.locksAt} is not a step of flow.json` });
  });
  const hasReview = flow.steps.some((s) => s.code === 'QUALIFICATION_REVIEW');
  if (hasReview && !flow.review) problems.push({ file, path: '/review', message: 'is required with a QUALIFICATION_REVIEW step' });
  if (!hasReview && flow.review) problems.push({ file, path: '/review', message: 'needs a QUALIFICATION_REVIEW step' });
  if (flow.review) {
    window(flow.review.window, '/review/window');
    if (flow.review.outcomes.return && !(flow.changes ?? []).some((c) => c.phase === 'WHEN_RETURNED' || c.phase === 'DURING_REVIEW')) {
      problems.push({ file, path: '/review/outcomes/return', message: 'a returned registration could not be changed: give a WHEN_RETURNED or DURING_REVIEW change route' });
    }
    flow.review.stages.forEach((stage, i) => {
      if (stage.routeBy && !form.fields.some((f) => f.code === stage.routeBy)) problems.push({ file, path: `/review/stages/${i}/routeBy`, message: `"${stage.routeBy}" is not a form field` });
      if (stage.role === 'COLLEGE_REVIEWER' && !stage.routeBy) problems.push({ file, path: `/review/stages/${i}`, message: 'a college stage needs routeBy: the field naming the college' });
    });
  }
  const phases = new Map<string, number>();
  (flow.changes ?? []).forEach((change, i) => {
    window(change.window, `/changes/${i}/window`);
    if (change.route === 'CHANGE_REQUEST' && !change.decidedBy) problems.push({ file, path: `/changes/${i}`, message: 'a CHANGE_REQUEST needs decidedBy' });
    if (change.route === 'EDIT' && change.decidedBy) problems.push({ file, path: `/changes/${i}/decidedBy`, message: 'an EDIT is made by the candidate; only a CHANGE_REQUEST is decided by a reviewer' });
    if ((change.phase === 'DURING_REVIEW' || change.phase === 'WHEN_RETURNED') && !flow.review) problems.push({ file, path: `/changes/${i}/phase`, message: `${change.phase} needs qualification review (review)` });
    if (change.phase === 'WHEN_RETURNED' && flow.review && !flow.review.outcomes.return) problems.push({ file, path: `/changes/${i}/phase`, message: 'WHEN_RETURNED needs review.outcomes.return' });
    change.fields.forEach((code, j) => {
      if (!askedBy.has(code)) problems.push({ file, path: `/changes/${i}/fields/${j}`, message: `"${code}" is not a field the flow asks` });
      if (form.fields.find((f) => f.code === code)?.readOnly) problems.push({ file, path: `/changes/${i}/fields/${j}`, message: `"${code}" is read-only: its value comes from ${form.fields.find((f) => f.code === code)?.prefill ?? 'the system'}` });
      const key = `${code} ${change.phase}`;
      if (phases.has(key)) problems.push({ file, path: `/changes/${i}/fields/${j}`, message: `"${code}" already has a ${change.phase} route (changes/${phases.get(key)})` });
      else phases.set(key, i);
    });
  });
  const stepCodes = new Set(flow.steps.map((s) => s.code));
  flow.cases.forEach((example, i) => {
    (example.given?.completed ?? []).forEach((code, j) => {
      if (!stepCodes.has(code)) problems.push({ file, path: `/cases/${i}/given/completed/${j}`, message: `${code} is not a step of this flow` });
    });
    (example.actions ?? []).forEach((action, j) => {
      if ('step' in action && action.step && !stepCodes.has(action.step)) problems.push({ file, path: `/cases/${i}/actions/${j}/step`, message: `${action.step} is not a step of this flow` });
      const needs = { show: ['step'], complete: ['step'], pay: [], review: ['outcome', 'role'], change: ['field', 'value'] }[action.do];
      for (const key of needs) if (!(key in action)) problems.push({ file, path: `/cases/${i}/actions/${j}`, message: `a "${action.do}" action needs ${key}` });
    });
  });
}

/** facts.json: each fact's list exists, a computed fact's source chooses an item with its property, shared conditions read declared facts. */
function checkFactsFile(facts: FactsFile, set: Pick<RuleSet, 'parameters' | 'roster'>, relative: Relative, problems: RuleProblem[]): void {
  const file = relative('facts.json');
  for (const [fact, declared] of Object.entries(facts.facts)) {
    if (declared.enumFrom && !factList(set, declared.enumFrom)) problems.push({ file, path: `/facts/${fact}/enumFrom`, message: `names ${declared.enumFrom}, which the rule set does not have (${FACT_LIST_FILES[declared.enumFrom]})` });
    if (declared.enumFrom && declared.enum) problems.push({ file, path: `/facts/${fact}/enum`, message: 'say enumFrom or enum, not both' });
    if (!declared.derivedFrom) continue;
    const source = facts.facts[declared.derivedFrom];
    if (!source) problems.push({ file, path: `/facts/${fact}/derivedFrom`, message: `"${declared.derivedFrom}" is not a fact of facts.json` });
    else if (!source.enumFrom) problems.push({ file, path: `/facts/${fact}/derivedFrom`, message: `"${declared.derivedFrom}" has no enumFrom: a computed fact is looked up on an item of the list its source names` });
    else if (source.derivedFrom) problems.push({ file, path: `/facts/${fact}/derivedFrom`, message: `"${declared.derivedFrom}" is computed itself; look up on a fact that is given` });
    else if (!(factList(set, source.enumFrom) ?? []).some((item) => fact in item)) problems.push({ file, path: `/facts/${fact}/derivedFrom`, message: `no item of ${source.enumFrom} has a property "${fact}"` });
  }
  for (const [name, condition] of Object.entries(facts.conditions ?? {})) {
    for (const read of factsRead(condition)) if (!(read in facts.facts)) problems.push({ file, path: `/conditions/${name}`, message: `reads fact "${read}", which facts does not declare` });
    for (const named of conditionsNamed(condition, `/conditions/${name}`)) {
      try {
        inlineConditions({ condition: named.name }, facts.conditions, [name]);
      } catch (error) {
        if (error instanceof SharedConditionError) problems.push({ file, path: named.pointer, message: error.message });
        else throw error;
      }
    }
  }
}

/** A decision's facts, `required`, `requiredWhen` and shared conditions, against facts.json. */
function checkDecisionFacts(decisions: Partial<Record<DecisionName, DecisionFile>>, facts: FactsFile, relative: Relative, problems: RuleProblem[]): void {
  for (const [name, decision] of Object.entries(decisions) as [DecisionName, DecisionFile][]) {
    const file = relative(`decisions/${name}.json`);
    decision.facts.forEach((fact, i) => {
      const declared = facts.facts[fact];
      if (!declared) problems.push({ file, path: `/facts/${i}`, message: `"${fact}" is not a fact of facts.json (${Object.keys(facts.facts).join(', ')})` });
      else if (declared.derivedFrom && !decision.facts.includes(declared.derivedFrom)) problems.push({ file, path: `/facts/${i}`, message: `"${fact}" is looked up on "${declared.derivedFrom}", which must be listed too` });
    });
    (decision.required ?? []).forEach((fact, i) => {
      if (!decision.facts.includes(fact)) problems.push({ file, path: `/required/${i}`, message: `"${fact}" is not one of this decision's facts` });
      else if (facts.facts[fact]?.derivedFrom) problems.push({ file, path: `/required/${i}`, message: `a computed fact is never given; require "${facts.facts[fact].derivedFrom}" instead` });
      if (decision.requiredWhen?.[fact]) problems.push({ file, path: `/requiredWhen/${fact}`, message: 'say required or requiredWhen, not both' });
    });
    for (const [fact, condition] of Object.entries(decision.requiredWhen ?? {})) {
      if (!decision.facts.includes(fact)) problems.push({ file, path: `/requiredWhen/${fact}`, message: `"${fact}" is not one of this decision's facts` });
      else if (facts.facts[fact]?.derivedFrom) problems.push({ file, path: `/requiredWhen/${fact}`, message: `a computed fact is never given; require "${facts.facts[fact].derivedFrom}" instead` });
      checkConditionTree(condition, `/requiredWhen/${fact}`, decision, facts, file, problems);
    }
  }
}

/** A condition tree of a decision: the shared conditions it names exist, and every fact it reads is one the decision takes. */
function checkConditionTree(tree: unknown, pointer: string, decision: DecisionFile, facts: FactsFile, file: string, problems: RuleProblem[]): void {
  for (const named of conditionsNamed(tree, pointer)) {
    if (!facts.conditions?.[named.name]) problems.push({ file, path: named.pointer, message: `names shared condition "${named.name}", which facts.json's conditions do not define` });
  }
  for (const fact of new Set(factsRead(tree, facts.conditions))) {
    if (!decision.facts.includes(fact)) problems.push({ file, path: pointer, message: `reads fact "${fact}", which facts does not declare` });
  }
}

/**
 * The fields a decision depends on: facts its rules or requirements read, or that it requires, that are fields the
 * flow asks; a derived fact stands for its source (exempt for candidateType, subjects for subjectGroup).
 */
function fieldsRead(decision: DecisionFile, facts: FactsFile, asked: Map<string, unknown>): string[] {
  const read = new Set([
    ...decision.rules.flatMap((rule) => factsRead(rule.conditions, facts.conditions)),
    ...Object.values(decision.requiredWhen ?? {}).flatMap((condition) => factsRead(condition, facts.conditions)),
    ...(decision.required ?? []),
    ...Object.keys(decision.requiredWhen ?? {}),
  ]);
  const fields = [...read].map((fact) => facts.facts[fact]?.derivedFrom ?? fact);
  return [...new Set(fields)].filter((code) => asked.has(code));
}

/**
 * A decision is final at the last step that takes it: every value it reads must be locked by then, or it could change
 * under the outcome (a fee paid for subjects no longer chosen). A change route for a value a decision reads must take
 * that decision again.
 */
function checkDecisionLocks(rules: { flow: Flow; form: Form; materials: Materials }, decisions: Partial<Record<DecisionName, DecisionFile>>, facts: FactsFile, relative: Relative, problems: RuleProblem[]): void {
  const { flow } = rules;
  const file = relative('flow.json');
  const { askedBy } = flowFields(rules);
  for (const [name, decision] of Object.entries(decisions) as [DecisionName, DecisionFile][]) {
    let last = -1;
    flow.steps.forEach((step, i) => {
      if (step.decides?.includes(name)) last = i;
    });
    if (last < 0) continue;
    for (const code of fieldsRead(decision, facts, askedBy)) {
      if (lockIndex(rules, code) > last) problems.push({ file, path: `/steps/${last}/decides`, message: `${name} is final at ${flow.steps[last].code} but reads "${code}", which is still changeable then: lock it there or before` });
    }
    (flow.changes ?? []).forEach((change, i) => {
      const changed = change.fields.filter((code) => fieldsRead(decision, facts, askedBy).includes(code));
      if (changed.length && !change.redecide.includes(name)) problems.push({ file, path: `/changes/${i}/redecide`, message: `must include ${name}, which reads "${changed[0]}"` });
    });
  }
}

/** Reads, validates and cross-checks one rule-set folder. Throws `InvalidRuleSetError` listing every problem. */
export function loadRuleSet(folder: string, rulesRoot = path.dirname(path.dirname(folder))): RuleSet {
  const problems: RuleProblem[] = [];
  const documents = new Map<string, unknown>();
  const relative = (file: string) => path.relative(path.dirname(rulesRoot), path.join(folder, file));
  for (const file of Object.keys(RULE_FILES) as RuleFile[]) {
    const full = path.join(folder, file);
    if (!fs.existsSync(full)) {
      if (!OPTIONAL_FILES.has(file)) problems.push({ file: relative(file), path: '', message: 'file is missing' });
      continue;
    }
    const data = readValidated(full, relative(file), RULE_FILES[file], problems);
    if (data !== undefined) documents.set(file, data);
  }
  const decisionDir = path.join(folder, 'decisions');
  const decisionFiles = fs.existsSync(decisionDir) ? fs.readdirSync(decisionDir).filter((f) => f.endsWith('.json')).sort() : [];
  for (const file of decisionFiles) {
    const data = readValidated(path.join(decisionDir, file), relative(`decisions/${file}`), DECISION_SCHEMA, problems);
    if (data !== undefined) documents.set(`decisions/${file}`, data);
  }
  if (problems.length) throw new InvalidRuleSetError(problems);

  const manifest = documents.get('ruleset.json') as RuleSetManifest;
  const accounts = documents.get('accounts.json') as AccountPolicy;
  const roster = documents.get('roster.json') as RosterPolicy | undefined;
  const parameters = documents.get('parameters.json') as Parameters;
  const materials = documents.get('materials.json') as RuleSet['materials'];
  const form = documents.get('form.json') as RuleSet['form'];
  const facts = documents.get('facts.json') as FactsFile;
  const decisions = {} as Record<DecisionName, DecisionFile>;

  const [provinceDir, yearDir] = folder.split(path.sep).slice(-2);
  if (manifest.province !== provinceDir) problems.push({ file: relative('ruleset.json'), path: '/province', message: `must match its folder "${provinceDir}"` });
  if (String(manifest.examYear) !== yearDir) problems.push({ file: relative('ruleset.json'), path: '/examYear', message: `must match its folder "${yearDir}"` });
  if (manifest.effective.until && manifest.effective.until < manifest.effective.from) {
    problems.push({ file: relative('ruleset.json'), path: '/effective/until', message: 'must not be before effective.from' });
  }
  // Every cited document must be one the manifest names.
  for (const [file, data] of documents) {
    for (const ref of references(data)) {
      if (!(ref.document in manifest.references)) problems.push({ file: relative(file), path: ref.pointer, message: `cites "${ref.document}", which ruleset.json's references do not name` });
    }
  }
  if (accounts.password.minLength > accounts.password.maxLength) {
    problems.push({ file: relative('accounts.json'), path: '/password/minLength', message: 'must not exceed maxLength' });
  }
  if (accounts.registration.requiresRoster && !roster) {
    problems.push({ file: relative('roster.json'), path: '', message: 'is required when accounts.json requires the roster' });
  }
  if (accounts.registration.requiresRoster && !accounts.registration.rosterMissingMessage) {
    problems.push({ file: relative('accounts.json'), path: '/registration/rosterMissingMessage', message: 'is required when requiresRoster is true' });
  }
  const duplicates = (list: { code: string }[], file: string, pointer: string) =>
    list.forEach((item, i) => {
      if (list.findIndex((other) => other.code === item.code) !== i) problems.push({ file: relative(file), path: `${pointer}/${i}/code`, message: `"${item.code}" is listed twice` });
    });
  duplicates(accounts.idTypes, 'accounts.json', '/idTypes');
  duplicates(parameters.candidateTypes.items, 'parameters.json', '/candidateTypes/items');
  duplicates(parameters.feeItems.items, 'parameters.json', '/feeItems/items');
  duplicates(materials.materials, 'materials.json', '/materials');
  form.fields.forEach((field, i) => {
    if (field.optionsFrom && !parameters[field.optionsFrom as keyof Parameters] && field.optionsFrom !== 'provinces' && field.optionsFrom !== 'idTypes' && field.optionsFrom !== 'prefectures') {
      problems.push({ file: relative('form.json'), path: `/fields/${i}/optionsFrom`, message: `names "${field.optionsFrom}", which parameters.json does not define` });
    }
    if (field.type === 'select' && !field.options && !field.optionsFrom) problems.push({ file: relative('form.json'), path: `/fields/${i}`, message: 'a select field needs options or optionsFrom' });
  });
  const flow = documents.get('flow.json') as RuleSet['flow'];
  const texts = documents.get('texts.json') as RuleSet['texts'];
  checkParameters(parameters, roster, form, relative, problems);
  checkFlow({ flow, form, materials, parameters, texts }, relative, problems);
  for (const group of parameters.subjectGroups?.items ?? []) {
    for (const subject of group.subjects) {
      if (!parameters.subjects?.items.some((s) => s.code === subject)) problems.push({ file: relative('parameters.json'), path: `/subjectGroups`, message: `group ${group.code} names subject "${subject}", which subjects does not list` });
    }
  }

  for (const name of DECISIONS) {
    const file = `decisions/${name}.json`;
    const decision = documents.get(file) as DecisionFile | undefined;
    if (!decision) {
      problems.push({ file: relative(file), path: '', message: `is missing: every rule set decides ${DECISIONS.join(', ')}` });
      continue;
    }
    if (decision.decision !== name) problems.push({ file: relative(file), path: '/decision', message: `must be "${name}", as its file is named` });
    decision.rules.forEach((rule, i) => {
      checkConditionTree(rule.conditions, `/rules/${i}/conditions`, decision, facts, relative(file), problems);
      const codes = OUTCOME_CODES[name]?.({ parameters, materials: materials.materials });
      for (const code of codes?.of(rule.event.params) ?? []) {
        if (!codes!.codes.has(code)) problems.push({ file: relative(file), path: `/rules/${i}/event/params`, message: `names "${code}", which ${codes!.list} does not list` });
      }
    });
    decision.cases.forEach((example, i) => {
      for (const fact of Object.keys(example.facts)) {
        if (!decision.facts.includes(fact)) problems.push({ file: relative(file), path: `/cases/${i}/facts/${fact}`, message: `is not a declared fact` });
      }
    });
    decisions[name] = decision;
  }
  checkFactsFile(facts, { parameters, roster }, relative, problems);
  checkDecisionFacts(decisions, facts, relative, problems);
  checkDecisionLocks({ flow, form, materials }, decisions, facts, relative, problems);
  checkMeaning({ manifest, accounts, roster, parameters, flow, form, materials, texts, facts, decisions }, relative, problems);
  for (const file of decisionFiles) {
    const name = file.replace(/\.json$/, '');
    if (!(DECISIONS as readonly string[]).includes(name)) problems.push({ file: relative(`decisions/${file}`), path: '', message: `is not a decision the platform makes (${DECISIONS.join(', ')})` });
  }
  if (problems.length) throw new InvalidRuleSetError(problems);

  const hash = createHash('sha256');
  for (const [file, data] of [...documents].sort(([a], [b]) => a.localeCompare(b))) hash.update(`${file}\n${canonicalJson(data)}\n`);
  return {
    id: `${manifest.province}/${manifest.examYear}`,
    manifest,
    accounts,
    roster,
    parameters,
    flow: documents.get('flow.json') as RuleSet['flow'],
    form,
    materials,
    texts: documents.get('texts.json') as RuleSet['texts'],
    facts,
    decisions,
    contentHash: hash.digest('hex'),
    folder,
  };
}

/** Every `<province>/<year>` folder below the rules root. */
export function listRuleSetFolders(rulesRoot = DEFAULT_RULES_DIR): string[] {
  if (!fs.existsSync(rulesRoot)) return [];
  return fs
    .readdirSync(rulesRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((province) =>
      fs
        .readdirSync(path.join(rulesRoot, province.name), { withFileTypes: true })
        .filter((d) => d.isDirectory() && /^\d{4}$/.test(d.name))
        .map((year) => path.join(rulesRoot, province.name, year.name)),
    )
    .sort();
}
