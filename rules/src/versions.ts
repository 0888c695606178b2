import { createHash } from 'node:crypto';
import { canonicalJson } from './load.ts';
import type { RuleSet } from './types.ts';

/** A rule set as it is stored and sent between processes: everything but its folder and its hash. */
export type RuleSetContent = Omit<RuleSet, 'contentHash' | 'folder'>;

/** The content hash of a rule set as the loader computes it: over each file's canonical JSON, by file name. */
export function contentHashOf(set: RuleSetContent): string {
  const documents: [string, unknown][] = [
    ['ruleset.json', set.manifest],
    ['accounts.json', set.accounts],
    ['parameters.json', set.parameters],
    ['flow.json', set.flow],
    ['form.json', set.form],
    ['materials.json', set.materials],
    ['texts.json', set.texts],
    ...(set.facts ? [['facts.json', set.facts] as [string, unknown]] : []),
    ...(set.roster ? [['roster.json', set.roster] as [string, unknown]] : []),
    ...Object.entries(set.decisions).map(([name, file]) => [`decisions/${name}.json`, file] as [string, unknown]),
  ];
  const hash = createHash('sha256');
  for (const [file, data] of documents.sort(([a], [b]) => a.localeCompare(b))) hash.update(`${file}\n${canonicalJson(data)}\n`);
  return hash.digest('hex');
}

/** What is stored of a version (the database's `rule_set_version.content`, the exams subgraph's internal route). */
export function contentOf(set: RuleSet): RuleSetContent {
  const { folder: _folder, contentHash: _hash, ...content } = set;
  return content;
}

/** A stored version back as a rule set, refused unless its content has the hash it is stored under. */
export function ruleSetFromContent(content: unknown, contentHash: string): RuleSet {
  const body = content as RuleSetContent;
  if (!body || typeof body !== 'object' || !body.manifest || !body.decisions || contentHashOf(body) !== contentHash) {
    throw new Error(`the stored copy of rule-set version ${contentHash} does not match its hash`);
  }
  return { ...body, contentHash, folder: '' };
}

/** The files of a version by file name, as policy staff edit them (a draft made from a published version). */
export function filesOf(set: RuleSetContent): Record<string, unknown> {
  return {
    'ruleset.json': set.manifest,
    'accounts.json': set.accounts,
    ...(set.roster ? { 'roster.json': set.roster } : {}),
    'parameters.json': set.parameters,
    'flow.json': set.flow,
    'form.json': set.form,
    'materials.json': set.materials,
    'texts.json': set.texts,
    ...(set.facts ? { 'facts.json': set.facts } : {}),
    ...Object.fromEntries(Object.entries(set.decisions).map(([name, file]) => [`decisions/${name}.json`, file])),
  };
}
