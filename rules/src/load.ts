import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DECISIONS, type AccountPolicy, type DecisionFile, type DecisionName, type Parameters, type RosterPolicy, type RuleSet, type RuleSetManifest } from './types.ts';

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

let validators: Map<string, ValidateFunction> | undefined;

function validatorFor(schemaFile: string): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    for (const file of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) {
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')));
    }
    validators = new Map();
    for (const file of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) {
      validators.set(file, ajv.getSchema(`https://zsb.example/rules/${file}`)!);
    }
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

/** Every fact a json-rules-engine condition tree reads. */
export function factsRead(condition: unknown): string[] {
  if (Array.isArray(condition)) return condition.flatMap(factsRead);
  if (!condition || typeof condition !== 'object') return [];
  const c = condition as Record<string, unknown>;
  if (typeof c.fact === 'string') return [c.fact];
  return [...factsRead(c.all), ...factsRead(c.any), ...factsRead(c.not)];
}

/** Reads one JSON file, validating it against its schema; records problems instead of throwing. */
function readValidated(full: string, display: string, schemaFile: string, problems: RuleProblem[]): unknown {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (error) {
    problems.push({ file: display, path: '', message: `not valid JSON: ${(error as Error).message}` });
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
    if (field.optionsFrom && !parameters[field.optionsFrom as keyof Parameters] && field.optionsFrom !== 'provinces' && field.optionsFrom !== 'idTypes') {
      problems.push({ file: relative('form.json'), path: `/fields/${i}/optionsFrom`, message: `names "${field.optionsFrom}", which parameters.json does not define` });
    }
    if (field.type === 'select' && !field.options && !field.optionsFrom) problems.push({ file: relative('form.json'), path: `/fields/${i}`, message: 'a select field needs options or optionsFrom' });
  });
  const flow = documents.get('flow.json') as RuleSet['flow'];
  const lockable = new Set([...form.fields.map((f) => f.code), 'examCity', 'subjectGroup', 'dualApplication']);
  flow.steps.forEach((step, i) =>
    (step.locks ?? []).forEach((code, j) => {
      if (!lockable.has(code)) problems.push({ file: relative('flow.json'), path: `/steps/${i}/locks/${j}`, message: `"${code}" is neither a form field nor an exam choice` });
    }),
  );
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
      for (const fact of factsRead(rule.conditions)) {
        if (!(fact in decision.facts)) problems.push({ file: relative(file), path: `/rules/${i}/conditions`, message: `reads fact "${fact}", which facts does not declare` });
      }
      const codes = OUTCOME_CODES[name]?.({ parameters, materials: materials.materials });
      for (const code of codes?.of(rule.event.params) ?? []) {
        if (!codes!.codes.has(code)) problems.push({ file: relative(file), path: `/rules/${i}/event/params`, message: `names "${code}", which ${codes!.list} does not list` });
      }
    });
    decision.cases.forEach((example, i) => {
      for (const fact of Object.keys(example.facts)) {
        if (!(fact in decision.facts)) problems.push({ file: relative(file), path: `/cases/${i}/facts/${fact}`, message: `is not a declared fact` });
      }
    });
    decisions[name] = decision;
  }
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
