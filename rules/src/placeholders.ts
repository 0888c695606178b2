/**
 * Placeholders: values a rule set holds only until the year's documents give the real ones (a window the manual does
 * not date, a fee copied from a screenshot's test amount). Such a value carries `"placeholder": true` in its
 * `reference`, beside the `choice` that says what it stands in for. `check` lists them; publishing refuses a rule set
 * with any left unless policy staff replace it (and remove the mark) or confirm each one by its id.
 */
import type { RuleSet } from './types.ts';

/** One value marked as a placeholder. */
export interface Placeholder {
  /** `parameters.json/windows/registration`: the file in the rule-set folder and the JSON Pointer of the value. */
  id: string;
  file: string;
  /** JSON Pointer of the value whose `reference` carries the mark. */
  path: string;
  /** What the placeholder stands in for, as recorded. */
  choice: string;
  /** Where the document that should give the value speaks of it. */
  section?: string;
}

/** The documents of a rule set by file name, in the order they are listed. */
function documentsOf(set: RuleSet): [string, unknown][] {
  return [
    ['ruleset.json', set.manifest],
    ['accounts.json', set.accounts],
    ['roster.json', set.roster],
    ['parameters.json', set.parameters],
    ['flow.json', set.flow],
    ['form.json', set.form],
    ['materials.json', set.materials],
    ['texts.json', set.texts],
    ['facts.json', set.facts],
    ...Object.entries(set.decisions).map(([name, decision]): [string, unknown] => [`decisions/${name}.json`, decision]),
  ];
}

/** Every value of a rule set marked as a placeholder. */
export function placeholdersOf(set: RuleSet): Placeholder[] {
  const found: Placeholder[] = [];
  const walk = (value: unknown, pointer: string, file: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${pointer}/${i}`, file));
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      const reference = inner as { placeholder?: unknown; choice?: string; section?: string } | undefined;
      if (key === 'reference' && reference?.placeholder === true) {
        found.push({ id: `${file}${pointer}`, file, path: pointer || '/', choice: reference.choice ?? '', section: reference.section });
      } else walk(inner, `${pointer}/${key}`, file);
    }
  };
  for (const [file, data] of documentsOf(set)) walk(data, '', file);
  return found;
}

/**
 * Which placeholders publishing would still refuse, given the ids staff confirmed; and confirmed ids that name no
 * placeholder (a typo, or a value replaced since), which are refused too rather than ignored.
 */
export function unconfirmedPlaceholders(set: RuleSet | readonly Placeholder[], confirmed: readonly string[]): { unconfirmed: Placeholder[]; unknown: string[] } {
  const all = 'id' in set ? placeholdersOf(set) : [...set];
  const ids = new Set(all.map((p) => p.id));
  const given = new Set(confirmed.map((id) => id.trim()).filter(Boolean));
  return { unconfirmed: all.filter((p) => !given.has(p.id)), unknown: [...given].filter((id) => !ids.has(id)) };
}

/**
 * The refusal of a publication with unconfirmed (or unknown) placeholders, in Chinese; undefined when it may go ahead.
 * Takes the rule set, or the placeholders already found in it.
 */
export function placeholderRefusal(set: RuleSet | readonly Placeholder[], confirmed: readonly string[]): string | undefined {
  const all = 'id' in set ? placeholdersOf(set) : set;
  const { unconfirmed, unknown } = unconfirmedPlaceholders(all, confirmed);
  if (unknown.length) return `以下确认项不是本规则的占位值，请核对：${unknown.join('、')}（占位值有：${all.map((p) => p.id).join('、') || '无'}）`;
  if (unconfirmed.length) {
    return `规则中还有 ${unconfirmed.length} 个占位值未替换或确认，不能发布：${unconfirmed.map((p) => p.id).join('、')}。请替换为正式值并去掉 "placeholder": true，或逐项确认后再发布`;
  }
  return undefined;
}
