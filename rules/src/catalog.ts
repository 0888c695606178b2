import { DEFAULT_RULES_DIR, InvalidRuleSetError, listRuleSetFolders, loadRuleSet, type RuleProblem } from './load.ts';
import type { RuleSet } from './types.ts';

/** A province the platform serves, as candidates pick it. */
export interface ProvinceSummary {
  code: string;
  name: string;
  /** The exam year whose rules apply now. */
  examYear: number;
  title: string;
}

/** All loaded rule sets, with the choice of which one applies to a province at a given time. */
export class RuleCatalog {
  private constructor(private readonly ruleSets: RuleSet[]) {}

  /** Loads and validates every rule set; refuses the whole catalog if any one is invalid. */
  static load(rulesRoot = process.env.ZSB_RULES_DIR || DEFAULT_RULES_DIR): RuleCatalog {
    const problems: RuleProblem[] = [];
    const sets: RuleSet[] = [];
    for (const folder of listRuleSetFolders(rulesRoot)) {
      try {
        sets.push(loadRuleSet(folder, rulesRoot));
      } catch (error) {
        if (!(error instanceof InvalidRuleSetError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length) throw new InvalidRuleSetError(problems);
    if (!sets.length) throw new Error(`No rule sets found in ${rulesRoot}`);
    return new RuleCatalog(sets);
  }

  all(): readonly RuleSet[] {
    return this.ruleSets;
  }

  get(province: string, examYear: number): RuleSet | undefined {
    return this.ruleSets.find((s) => s.manifest.province === province && s.manifest.examYear === examYear);
  }

  /**
   * The rule set in force for a province on a date: among those already effective and not yet ended, the one that
   * took effect last.
   */
  current(province: string, at: Date = new Date()): RuleSet | undefined {
    const day = at.toISOString().slice(0, 10);
    return this.ruleSets
      .filter((s) => s.manifest.province === province && s.manifest.effective.from <= day && (!s.manifest.effective.until || day <= s.manifest.effective.until))
      .sort((a, b) => b.manifest.effective.from.localeCompare(a.manifest.effective.from))[0];
  }

  provinces(at: Date = new Date()): ProvinceSummary[] {
    const codes = [...new Set(this.ruleSets.map((s) => s.manifest.province))].sort();
    return codes.flatMap((code) => {
      const set = this.current(code, at);
      return set ? [{ code, name: set.manifest.provinceName, examYear: set.manifest.examYear, title: set.manifest.title }] : [];
    });
  }
}

/** The id of a province's exam session of a year, shared by every subgraph: `CN-SD-2023`. */
export function examSessionId(province: string, examYear: number): string {
  return `${province}-${examYear}`;
}

export function parseExamSessionId(id: string): { province: string; examYear: number } | undefined {
  const match = /^(CN-[A-Z]{2})-(\d{4})$/.exec(id);
  return match ? { province: match[1], examYear: Number(match[2]) } : undefined;
}
