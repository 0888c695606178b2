import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { AuditEntry, forbidden, recordAudit, Refusal, type Caller } from '@zsb/platform';
import {
  canonicalJson,
  DECISIONS,
  DecisionEngine,
  InvalidFactsError,
  InvalidRuleSetError,
  loadRuleSet,
  placeholderRefusal,
  placeholdersOf,
  runCases,
  runFlowCases,
  type DecisionName,
  type Placeholder,
  type RuleCatalog,
  type RuleFolders,
  type RuleSet,
} from '@zsb/rules';
import { DecisionRecord } from './decision-record.entity.ts';

// Where rule sets are read from and drafts kept (`ZSB_RULES_DIR`, `ZSB_RULES_DRAFTS_DIR`), declared with the rules.
export { ruleFolders, type RuleFolders } from '@zsb/rules';

export interface DryRunChange {
  decision: DecisionName;
  situation: string;
  facts: Record<string, unknown>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface DryRunResult {
  valid: boolean;
  problems: { file: string; path: string; message: string }[];
  failedCases: string[];
  compared: number;
  changes: DryRunChange[];
  draftHash?: string;
  publishedHash?: string;
  /** Values of the draft marked as placeholders: publishing needs each replaced or confirmed. */
  placeholders: Placeholder[];
}

/** Policy staff's tools: see the rule sets, try a draft against what is in force, publish it. */
export class PolicyAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RuleCatalog,
    private readonly caller: Caller,
    private readonly folders: RuleFolders,
  ) {}

  /** Policy staff of the province (or an administrator) only. */
  ensurePolicyStaff(province: string): void {
    const p = this.caller.principal;
    if (p.kind !== 'staff' || (p.role !== 'ADMIN' && (p.role !== 'POLICY_STAFF' || p.province !== province))) throw forbidden('仅本省政策管理员可以操作规则');
  }

  draftFolder(province: string, examYear: number): string {
    if (!/^CN-[A-Z]{2}$/.test(province) || !Number.isInteger(examYear)) throw new Refusal('RULE_SET_UNKNOWN', '省份或年度不正确');
    return path.join(this.folders.drafts, province, String(examYear));
  }

  /** Drafts on disk, each validated. */
  drafts(): { province: string; examYear: number; ruleSet?: RuleSet; problems: DryRunResult['problems'] }[] {
    const drafts = this.folders.drafts;
    if (!fs.existsSync(drafts)) return [];
    return fs.readdirSync(drafts).flatMap((province) =>
      fs
        .readdirSync(path.join(drafts, province))
        .filter((year) => /^\d{4}$/.test(year))
        .map((year) => {
          try {
            return { province, examYear: Number(year), ruleSet: loadRuleSet(path.join(drafts, province, year)), problems: [] };
          } catch (error) {
            if (!(error instanceof InvalidRuleSetError)) throw error;
            return { province, examYear: Number(year), problems: error.problems };
          }
        }),
    );
  }

  /**
   * What publishing a draft would do: is it valid, do its cases pass, and which outcomes change against the version
   * in force — on both versions' example cases, the sample facts given, and the facts of recorded decisions.
   */
  async dryRun(province: string, examYear: number, samples: { decision: DecisionName; facts: Record<string, unknown> }[] = []): Promise<DryRunResult> {
    this.ensurePolicyStaff(province);
    const folder = this.draftFolder(province, examYear);
    if (!fs.existsSync(folder)) throw new Refusal('DRAFT_NOT_FOUND', `没有 ${province} ${examYear} 年的规则草稿`);
    let draft: RuleSet;
    try {
      draft = loadRuleSet(folder);
    } catch (error) {
      if (!(error instanceof InvalidRuleSetError)) throw error;
      return { valid: false, problems: error.problems, failedCases: [], compared: 0, changes: [], placeholders: [] };
    }
    const draftEngine = new DecisionEngine(draft);
    const failedCases = [
      ...(await runCases(draftEngine)).filter((r) => !r.passed).map((r) => `${r.decision}: ${r.name}`),
      ...(await runFlowCases(draftEngine)).filter((r) => !r.passed).map((r) => `flow: ${r.name} (${r.failures[0]})`),
    ];
    const published = this.rules.get(province, examYear);
    const result: DryRunResult = { valid: failedCases.length === 0, problems: [], failedCases, compared: 0, changes: [], draftHash: draft.contentHash, publishedHash: published?.contentHash, placeholders: placeholdersOf(draft) };
    if (!published) return result;
    const publishedEngine = this.rules.engine(published);
    const recorded = await this.em.find(DecisionRecord, { ruleSetId: published.id, supersededAt: null }, { limit: 100_000 });
    const situations: { decision: DecisionName; name: string; facts: Record<string, unknown> }[] = [
      ...DECISIONS.flatMap((decision) => [...published.decisions[decision].cases, ...draft.decisions[decision].cases].map((c) => ({ decision, name: c.name, facts: c.facts }))),
      ...samples.map((s, i) => ({ ...s, name: `sample ${i + 1}` })),
      ...recorded.map((r) => ({ decision: r.decision as DecisionName, name: `recorded ${r.subjectType} ${r.subjectId}`, facts: r.facts })),
    ];
    const seen = new Set<string>();
    for (const situation of situations) {
      const key = `${situation.decision}\n${canonicalJson(situation.facts)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.compared++;
      const outcome = (engine: DecisionEngine) => engine.decide(situation.decision, situation.facts).then((d) => d.outcome, (e: Error) => ({ error: e.message }));
      const [before, after] = [await outcome(publishedEngine), await outcome(draftEngine)];
      if (canonicalJson(before) !== canonicalJson(after)) result.changes.push({ decision: situation.decision, situation: situation.name, facts: situation.facts, before, after });
    }
    return result;
  }

  /** Every publication recorded in the audit log, newest first. */
  async publications(): Promise<{ ruleSetId: string; contentHash: string; previousHash?: string; publishedAt: Date; publishedBy: string; changedOutcomes?: number }[]> {
    const entries = await this.em.find(AuditEntry, { action: 'rules.publish' }, { orderBy: { at: 'desc' }, limit: 1000 });
    return entries.map((e) => ({
      ruleSetId: e.subjectId ?? '',
      contentHash: String(e.details?.contentHash ?? ''),
      previousHash: e.details?.previousHash as string | undefined,
      publishedAt: e.at,
      publishedBy: e.actor,
      changedOutcomes: e.details?.changedOutcomes as number | undefined,
    }));
  }

  /**
   * Re-decides, under the version in force, every recorded decision of a province-year that an older version made.
   * Nothing changes a recorded decision but this explicit, audited step: each old record is kept, marked superseded,
   * and a new record made by the current version takes its place.
   */
  async reevaluate(province: string, examYear: number): Promise<{ reevaluated: number; changed: number; unresolved: number; ruleSetHash: string }> {
    this.ensurePolicyStaff(province);
    const current = this.rules.get(province, examYear);
    if (!current) throw new Refusal('RULE_SET_UNKNOWN', `没有 ${province} ${examYear} 年的规则`);
    const engine = this.rules.engine(current);
    return this.em.transactional(async (tx) => {
      const stale = await tx.find(DecisionRecord, { ruleSetId: current.id, ruleSetHash: { $ne: current.contentHash }, supersededAt: null });
      let changed = 0;
      let unresolved = 0;
      for (const record of stale) {
        const decision = await engine.decide(record.decision as DecisionName, record.facts).catch((error: unknown) => {
          if (error instanceof InvalidFactsError) return undefined;
          throw error;
        });
        // The version in force needs facts the record lacks (or refuses them): the record stays as it was.
        if (!decision) {
          unresolved++;
          continue;
        }
        if (canonicalJson(decision.outcome) !== canonicalJson(record.outcome)) changed++;
        record.supersededAt = new Date();
        tx.persist(tx.create(DecisionRecord, { decision: record.decision, ruleSetId: current.id, ruleSetHash: current.contentHash, subjectType: record.subjectType, subjectId: record.subjectId, facts: record.facts, outcome: decision.outcome, supersedes: record.id, decidedAt: new Date() }));
      }
      recordAudit(tx, this.caller, 'rules.reevaluate', { type: 'RuleSet', id: current.id }, { contentHash: current.contentHash, reevaluated: stale.length, changed, unresolved });
      return { reevaluated: stale.length, changed, unresolved, ruleSetHash: current.contentHash };
    });
  }

  /**
   * Publishes a valid draft: it replaces the province-year's rule files, takes effect at once in every process
   * (they watch the files), and is audited. Decisions already recorded keep the version that made them. A draft with
   * values marked as placeholders is refused unless every one is confirmed by its id (`confirmPlaceholders`).
   */
  async publish(province: string, examYear: number, confirmPlaceholders: readonly string[] = []): Promise<{ ruleSetHash: string; previousHash?: string }> {
    const dryRun = await this.dryRun(province, examYear);
    if (!dryRun.valid) {
      const first = dryRun.problems[0] ? `${dryRun.problems[0].file} ${dryRun.problems[0].path}: ${dryRun.problems[0].message}` : dryRun.failedCases[0];
      throw new Refusal('DRAFT_INVALID', `草稿未通过校验，不能发布（${first}）`);
    }
    const draftFolder = this.draftFolder(province, examYear);
    // The placeholders of the very draft the dry run validated.
    const placeholders = placeholderRefusal(dryRun.placeholders, confirmPlaceholders);
    if (placeholders) throw new Refusal('PLACEHOLDERS_UNCONFIRMED', placeholders);
    const target = path.join(this.folders.roots.split(path.delimiter)[0], province, String(examYear));
    const staging = `${target}.publishing`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(draftFolder, staging, { recursive: true });
    const previous = `${target}.previous`;
    fs.rmSync(previous, { recursive: true, force: true });
    if (fs.existsSync(target)) fs.renameSync(target, previous);
    fs.renameSync(staging, target);
    fs.rmSync(previous, { recursive: true, force: true });
    fs.rmSync(draftFolder, { recursive: true, force: true });
    this.rules.reload();
    const published = this.rules.get(province, examYear)!;
    recordAudit(this.em, this.caller, 'rules.publish', { type: 'RuleSet', id: published.id }, { contentHash: published.contentHash, previousHash: dryRun.publishedHash, changedOutcomes: dryRun.changes.length, compared: dryRun.compared, confirmedPlaceholders: dryRun.placeholders.map((p) => p.id) });
    await this.em.flush();
    return { ruleSetHash: published.contentHash, previousHash: dryRun.publishedHash };
  }
}
