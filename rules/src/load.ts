import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { AccountPolicy, RosterPolicy, RuleSet, RuleSetManifest } from './types.ts';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RULES_DIR = path.join(packageRoot, 'provinces');
const SCHEMA_DIR = path.join(packageRoot, 'schema');

/** The files of a rule-set folder, each with the schema that validates it. */
export const RULE_FILES = {
  'ruleset.json': 'ruleset.schema.json',
  'accounts.json': 'accounts.schema.json',
  'roster.json': 'roster.schema.json',
} as const;
/** Files a rule set may leave out; the rest are required. */
const OPTIONAL_FILES: ReadonlySet<string> = new Set(['roster.json']);
type RuleFile = keyof typeof RULE_FILES;

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

let validators: Map<RuleFile, ValidateFunction> | undefined;

function getValidators(): Map<RuleFile, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const schemaFile of Object.values(RULE_FILES)) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, schemaFile), 'utf8')));
  validators = new Map();
  for (const [file, schemaFile] of Object.entries(RULE_FILES) as [RuleFile, string][]) {
    validators.set(file, ajv.getSchema(`https://zsb.example/rules/${schemaFile}`)!);
  }
  return validators;
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

/** Reads, validates and cross-checks one rule-set folder. Throws `InvalidRuleSetError` listing every problem. */
export function loadRuleSet(folder: string, rulesRoot = path.dirname(path.dirname(folder))): RuleSet {
  const problems: RuleProblem[] = [];
  const documents = new Map<RuleFile, unknown>();
  const relative = (file: string) => path.relative(path.dirname(rulesRoot), path.join(folder, file));
  for (const file of Object.keys(RULE_FILES) as RuleFile[]) {
    const full = path.join(folder, file);
    if (!fs.existsSync(full)) {
      if (OPTIONAL_FILES.has(file)) continue;
      problems.push({ file: relative(file), path: '', message: 'file is missing' });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (error) {
      problems.push({ file: relative(file), path: '', message: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const validate = getValidators().get(file)!;
    if (!validate(data)) {
      for (const error of validate.errors ?? []) problems.push({ file: relative(file), path: error.instancePath, message: describe(error) });
      continue;
    }
    documents.set(file, data);
  }
  if (problems.length) throw new InvalidRuleSetError(problems);

  const manifest = documents.get('ruleset.json') as RuleSetManifest;
  const accounts = documents.get('accounts.json') as AccountPolicy;
  const roster = documents.get('roster.json') as RosterPolicy | undefined;
  const [provinceDir, yearDir] = folder.split(path.sep).slice(-2);
  if (manifest.province !== provinceDir) problems.push({ file: relative('ruleset.json'), path: '/province', message: `must match its folder "${provinceDir}"` });
  if (String(manifest.examYear) !== yearDir) problems.push({ file: relative('ruleset.json'), path: '/examYear', message: `must match its folder "${yearDir}"` });
  if (manifest.effective.until && manifest.effective.until < manifest.effective.from) {
    problems.push({ file: relative('ruleset.json'), path: '/effective/until', message: 'must not be before effective.from' });
  }
  // Every cited document must be one the manifest names.
  const cite = (file: RuleFile, pointer: string, reference: { document: string } | undefined) => {
    if (reference && !(reference.document in manifest.references)) {
      problems.push({ file: relative(file), path: `${pointer}/reference/document`, message: `cites "${reference.document}", which ruleset.json's references do not name` });
    }
  };
  cite('accounts.json', '/registration', accounts.registration.reference);
  cite('accounts.json', '/password', accounts.password.reference);
  cite('accounts.json', '/login', accounts.login.reference);
  cite('accounts.json', '/passwordReset', accounts.passwordReset.reference);
  if (accounts.password.minLength > accounts.password.maxLength) {
    problems.push({ file: relative('accounts.json'), path: '/password/minLength', message: 'must not exceed maxLength' });
  }
  if (roster) cite('roster.json', '', roster.reference);
  if (accounts.registration.requiresRoster && !roster) {
    problems.push({ file: relative('roster.json'), path: '', message: 'is required when accounts.json requires the roster' });
  }
  if (accounts.registration.requiresRoster && !accounts.registration.rosterMissingMessage) {
    problems.push({ file: relative('accounts.json'), path: '/registration/rosterMissingMessage', message: 'is required when requiresRoster is true' });
  }
  const codes = accounts.idTypes.map((t) => t.code);
  codes.forEach((code, i) => {
    if (codes.indexOf(code) !== i) problems.push({ file: relative('accounts.json'), path: `/idTypes/${i}/code`, message: `"${code}" is listed twice` });
  });
  if (problems.length) throw new InvalidRuleSetError(problems);

  const hash = createHash('sha256');
  for (const file of Object.keys(RULE_FILES) as RuleFile[]) {
    if (documents.has(file)) hash.update(`${file}\n${canonicalJson(documents.get(file))}\n`);
  }
  return { id: `${manifest.province}/${manifest.examYear}`, manifest, accounts, roster, contentHash: hash.digest('hex'), folder };
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
        .filter((d) => d.isDirectory())
        .map((year) => path.join(rulesRoot, province.name, year.name)),
    )
    .sort();
}
