/** The policy console's logic that is not about the screen: grouping versions, naming files, what a save sends. */

export interface RuleSetLike {
  province: string;
  examYear: number;
  status: string;
}

const STATUS_ORDER: Record<string, number> = { DRAFT: 0, INVALID_DRAFT: 0, IN_FORCE: 1, PUBLISHED: 2 };

/** The rule sets by province (only `province`'s when given), each newest year first, a year's draft before its version. */
export function groupByProvince<T extends RuleSetLike>(sets: readonly T[], province?: string): { province: string; sets: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const set of sets) {
    if (province && set.province !== province) continue;
    groups.set(set.province, [...(groups.get(set.province) ?? []), set]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, list]) => ({ province: p, sets: list.sort((a, b) => b.examYear - a.examYear || (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9)) }));
}

/** The year a new draft is for by default: an open draft's, else the year after the latest published. */
export function nextDraftYear(sets: readonly RuleSetLike[]): number {
  const draft = sets.find((s) => s.status === 'DRAFT' || s.status === 'INVALID_DRAFT');
  if (draft) return draft.examYear;
  return Math.max(...sets.map((s) => s.examYear)) + 1;
}

export const shortHash = (hash: string | null | undefined) => (hash ? hash.slice(0, 12) : '—');

/**
 * Which file of the draft an uploaded file replaces, by its name: `parameters.json` as is, `feeQuote.json` in
 * `decisions/`, a path's folders ignored; `undefined` when the draft has no such file.
 */
export function uploadTarget(fileName: string, known: readonly string[]): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (known.includes(fileName)) return fileName;
  if (known.includes(base)) return base;
  if (known.includes(`decisions/${base}`)) return `decisions/${base}`;
  return undefined;
}

export interface EditedFile {
  name: string;
  /** The text in the editor. */
  text: string;
  /** The text as the server last had it. */
  saved: string;
}

/**
 * What a save sends: only the files edited since the last save when the draft exists on the server; every file when
 * it does not yet (a new year's files come from the year before, moved to this year, and must all be kept).
 */
export function filesToSave(files: readonly EditedFile[], draftExists: boolean): { name: string; content: string }[] {
  return files.filter((f) => !draftExists || f.text !== f.saved).map((f) => ({ name: f.name, content: f.text }));
}

/** Facts typed as JSON: the object, or `undefined` when it is not a JSON object. */
export function parseFacts(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
