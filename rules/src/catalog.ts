import fs from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { DecisionEngine } from './engine.ts';
import { InvalidRuleSetError, listRuleSetFolders, loadRuleSet, type RuleProblem } from './load.ts';
import { ruleFolders } from './settings.ts';
import { localDate } from './time.ts';
import type { RuleSet } from './types.ts';

/** A province the platform serves, as candidates pick it. */
export interface ProvinceSummary {
  code: string;
  name: string;
  /** The exam year whose rules apply now. */
  examYear: number;
  title: string;
}

/** Most rule-set versions whose engine (and memoised outcomes) is kept; an older one is built again when asked. */
export const ENGINE_LIMIT = 32;

/** All loaded rule sets, with the choice of which one applies to a province at a given time. */
export class RuleCatalog {
  private readonly engines = new LRUCache<string, DecisionEngine>({ max: ENGINE_LIMIT });
  /** Every version seen since start, by content hash: a decision recorded under an older version can be re-run. */
  private readonly versions = new Map<string, RuleSet>();
  /**
   * The version in force of each province-year as the database's latest publication says (`adopt`); it wins over the
   * rule files, which only seed the publications.
   */
  private readonly published = new Map<string, RuleSet>();
  private ruleSets: RuleSet[] = [];

  private constructor(
    private fileSets: RuleSet[],
    private readonly roots: string,
  ) {
    for (const set of fileSets) this.versions.set(set.contentHash, set);
    this.merge();
  }

  /** The rule files' sets, replaced by the version published for the same province-year where there is one. */
  private merge(): void {
    const ids = new Set(this.fileSets.map((s) => s.id));
    this.ruleSets = [...this.fileSets.map((s) => this.published.get(s.id) ?? s), ...[...this.published.values()].filter((s) => !ids.has(s.id))];
  }

  /** The rule sets as the rule files hold them, publications aside (what seeds the publications). */
  files(): readonly RuleSet[] {
    return this.fileSets;
  }

  /**
   * Puts a published version in force for its province-year (from the database, or a publication just made);
   * returns whether that changed the version in force.
   */
  adopt(set: RuleSet): boolean {
    this.versions.set(set.contentHash, set);
    const before = this.get(set.manifest.province, set.manifest.examYear)?.contentHash;
    this.published.set(set.id, set);
    this.merge();
    return before !== set.contentHash;
  }

  /** Makes a version known by its hash (a registration may be pinned to it) without putting it in force. */
  remember(set: RuleSet): void {
    this.versions.set(set.contentHash, set);
  }

  /**
   * Loads and validates every rule set below one or more roots (`ZSB_RULES_DIR`, separated by `:`); refuses the
   * whole catalog if any one is invalid.
   */
  static load(rulesRoots = ruleFolders().roots): RuleCatalog {
    return new RuleCatalog(RuleCatalog.read(rulesRoots), rulesRoots);
  }

  private static read(rulesRoots: string): RuleSet[] {
    const problems: RuleProblem[] = [];
    const sets: RuleSet[] = [];
    for (const root of rulesRoots.split(path.delimiter).filter(Boolean)) {
      for (const folder of listRuleSetFolders(path.resolve(root))) {
        try {
          sets.push(loadRuleSet(folder, path.resolve(root)));
        } catch (error) {
          if (!(error instanceof InvalidRuleSetError)) throw error;
          problems.push(...error.problems);
        }
      }
    }
    if (problems.length) throw new InvalidRuleSetError(problems);
    if (!sets.length) throw new Error(`No rule sets found in ${rulesRoots}`);
    return sets;
  }

  /**
   * Reads the rule files again. A valid result replaces the rule sets in force at once (no restart); an invalid one
   * is refused whole and the rule sets in force stay. Returns the ids whose version changed.
   */
  reload(): string[] {
    const next = RuleCatalog.read(this.roots);
    const before = new Map(this.fileSets.map((s) => [s.id, s.contentHash]));
    this.fileSets = next;
    for (const set of next) this.versions.set(set.contentHash, set);
    this.merge();
    return next.filter((s) => before.get(s.id) !== s.contentHash).map((s) => s.id);
  }

  /** Reloads when a rule file changes; returns a function that stops watching. */
  watch(onReload: (changed: string[]) => void, onInvalid: (error: Error) => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    const watchers = this.roots
      .split(path.delimiter)
      .filter((root) => root && fs.existsSync(root))
      .map((root) =>
        fs.watch(path.resolve(root), { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            try {
              const changed = this.reload();
              if (changed.length) onReload(changed);
            } catch (error) {
              onInvalid(error as Error);
            }
          }, 300);
        }),
      );
    return () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    };
  }

  /** A version by its content hash, if it was loaded, adopted or remembered since start. */
  version(contentHash: string): RuleSet | undefined {
    return this.versions.get(contentHash);
  }

  /** The decision engine of a rule-set version, built once and reused. */
  engine(set: RuleSet): DecisionEngine {
    let engine = this.engines.get(set.contentHash);
    if (!engine) {
      engine = new DecisionEngine(set);
      this.engines.set(set.contentHash, engine);
    }
    return engine;
  }

  all(): readonly RuleSet[] {
    return this.ruleSets;
  }

  get(province: string, examYear: number): RuleSet | undefined {
    return this.ruleSets.find((s) => s.manifest.province === province && s.manifest.examYear === examYear);
  }

  /**
   * The rule set in force for a province at an instant: among those already effective and not yet ended on that day in
   * the rule set's own time zone, the one that took effect last.
   */
  current(province: string, at: Date = new Date()): RuleSet | undefined {
    return this.ruleSets
      .filter((s) => {
        const day = localDate(at, s.parameters.timeZone);
        return s.manifest.province === province && s.manifest.effective.from <= day && (!s.manifest.effective.until || day <= s.manifest.effective.until);
      })
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
