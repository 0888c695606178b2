import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { actorOf, forbidden, recordAudit, Refusal, type Caller } from '@zsb/platform';
import {
  canonicalJson,
  compareRuleSets,
  DecisionEngine,
  InvalidFactsError,
  InvalidRuleSetError,
  loadRuleSet,
  placeholderRefusal,
  placeholdersOf,
  runCases,
  runFlowCases,
  type Comparison,
  type DecisionName,
  type Placeholder,
  type RuleCatalog,
  type RuleFolders,
  type RuleSet,
  parseExamSessionId,
  type Sample,
  type Situation,
  type TakenDecision,
  yuan,
  DECISIONS,
  decisionFacts,
  ruleFileSchemas,
  schemaOfRuleFile,
  explainInChinese,
  filesOf,
  RULE_FILES,
  type Decision,
} from '@zsb/rules';
import { DecisionRecord } from './decision-record.entity.ts';
import type { RuleSetPublications } from './rule-set-publications.ts';
import type { RegistrationStore } from '../registration/registration.store.ts';

// Where rule sets are read from and drafts kept (`ZSB_RULES_DIR`, `ZSB_RULES_DRAFTS_DIR`), declared with the rules.
export { ruleFolders, type RuleFolders } from '@zsb/rules';

export interface DryRunChange {
  source: Situation['source'];
  decision: DecisionName;
  situation: string;
  facts: Record<string, unknown>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  text: string;
}

/** The file names a draft is made of, as they sit in its folder. */
const DRAFT_FILES: ReadonlySet<string> = new Set([...Object.keys(RULE_FILES), ...DECISIONS.map((d) => `decisions/${d}.json`)]);
/** Most characters of one draft's files together (the largest rule set today is about 100,000). */
const DRAFT_MAX_CHARS = 2_000_000;

/** The files a policy officer edits for a province-year, as text, and where they come from. */
export interface DraftFiles {
  /** DRAFT: the draft saved on the server; VERSION: the version in force for the year; NEW_YEAR: the latest earlier year's, moved to this year. */
  source: 'DRAFT' | 'VERSION' | 'NEW_YEAR';
  /** The version the files were taken from (none for a draft). */
  ruleSetId?: string;
  contentHash?: string;
  files: { name: string; content: string; schema: string }[];
}

/** Most recorded decisions a dry run replays (the newest first). */
const RECORDED_LIMIT = 100_000;

export interface DryRunResult {
  valid: boolean;
  problems: { file: string; path: string; message: string }[];
  failedCases: string[];
  compared: number;
  changes: DryRunChange[];
  draftHash?: string;
  /** The version the draft replaces: the one in force for its province-year, if any. */
  publishedHash?: string;
  /** What it was compared with: the version in force for the province-year, else the latest earlier year's. */
  comparedWith?: { ruleSetId: string; contentHash: string };
  /** Values of the draft marked as placeholders: publishing needs each replaced or confirmed. */
  placeholders: Placeholder[];
  /** The year-on-year preview (policy changes, outcome changes by source with counts, the text in Chinese). */
  comparison?: Comparison;
}

/** Policy staff's tools: see the rule sets, try a draft against what is in force, publish it. */
export class PolicyAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RuleCatalog,
    private readonly caller: Caller,
    private readonly folders: RuleFolders,
    private readonly publishing: RuleSetPublications,
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
    return fs
      .readdirSync(drafts)
      .filter((province) => /^CN-[A-Z]{2}$/.test(province))
      .flatMap((province) =>
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
   * The version a draft of a province-year is compared with: the one in force for that year, else (a new year) the
   * latest earlier year's of the province.
   */
  baseOf(province: string, examYear: number): RuleSet | undefined {
    return (
      this.rules.get(province, examYear) ??
      this.rules
        .all()
        .filter((s) => s.manifest.province === province && s.manifest.examYear < examYear)
        .sort((a, b) => b.manifest.examYear - a.manifest.examYear)[0]
    );
  }

  /**
   * What publishing a draft would do: is it valid, do its cases pass, what it changes against the version in force
   * (of its year, else the latest earlier year: a year-on-year preview), and which outcomes change — on both versions'
   * example cases, the samples given, and the facts recorded under the compared version (`decision_record`).
   */
  async dryRun(province: string, examYear: number, samples: Sample[] = []): Promise<DryRunResult> {
    return (await this.tryDraft(province, examYear, samples)).result;
  }

  /** The province-year's draft as saved, loaded, or the problems that keep it from loading (DRAFT_NOT_FOUND: none saved). */
  private loadDraft(province: string, examYear: number): { draft: RuleSet } | { invalid: InvalidRuleSetError } {
    this.ensurePolicyStaff(province);
    const folder = this.draftFolder(province, examYear);
    if (!fs.existsSync(folder)) throw new Refusal('DRAFT_NOT_FOUND', `没有 ${province} ${examYear} 年的规则草稿`);
    try {
      return { draft: loadRuleSet(folder) };
    } catch (error) {
      if (!(error instanceof InvalidRuleSetError)) throw error;
      return { invalid: error };
    }
  }

  private async tryDraft(province: string, examYear: number, samples: Sample[]): Promise<{ result: DryRunResult; draft?: RuleSet }> {
    const loaded = this.loadDraft(province, examYear);
    if ('invalid' in loaded) return { result: { valid: false, problems: loaded.invalid.problems, failedCases: [], compared: 0, changes: [], placeholders: [] } };
    const { draft } = loaded;
    const draftEngine = new DecisionEngine(draft);
    const failedCases = [
      ...(await runCases(draftEngine)).filter((r) => !r.passed).map((r) => `${r.decision}: ${r.name}`),
      ...(await runFlowCases(draftEngine)).filter((r) => !r.passed).map((r) => `flow: ${r.name} (${r.failures[0]})`),
    ];
    const base = this.baseOf(province, examYear);
    const published = this.rules.get(province, examYear);
    const result: DryRunResult = { valid: failedCases.length === 0, problems: [], failedCases, compared: 0, changes: [], draftHash: draft.contentHash, publishedHash: published?.contentHash, placeholders: placeholdersOf(draft) };
    if (!base) return { result, draft };
    // The registrations recorded under the compared year: each one's latest decisions, as they were taken.
    const records = await this.em.find(DecisionRecord, { ruleSetId: base.id, supersededAt: null }, { orderBy: { decidedAt: 'desc' }, limit: RECORDED_LIMIT });
    const recorded: Situation[] = records.map((r) => ({ source: 'RECORDED', decision: r.decision as DecisionName, name: `已记录 ${r.subjectType === 'Registration' ? '报名' : r.subjectType} ${r.subjectId.slice(0, 8)}`, facts: r.facts }));
    const comparison = await compareRuleSets(base, draft, { samples, recorded, engines: { before: this.rules.engine(base), after: draftEngine }, labels: { before: '现行版本', after: '草稿' } });
    result.comparedWith = { ruleSetId: base.id, contentHash: base.contentHash };
    result.comparison = comparison;
    result.compared = comparison.compared;
    result.changes = comparison.outcomes;
    return { result, draft };
  }

  /**
   * The files to edit for a province-year, as text: the draft's as saved (even an invalid one), else the version in
   * force for the year, else the latest earlier year's with its manifest moved to the new year (what `new-year` does).
   * Nothing is written: the draft exists once staff save it.
   */
  draftFiles(province: string, examYear: number): DraftFiles {
    this.ensurePolicyStaff(province);
    const folder = this.draftFolder(province, examYear);
    const withSchema = (files: { name: string; content: string }[]) => files.filter((f) => DRAFT_FILES.has(f.name)).map((f) => ({ ...f, schema: schemaOfRuleFile(f.name)! }));
    if (fs.existsSync(folder)) {
      const names = [
        ...fs.readdirSync(folder).filter((name) => name.endsWith('.json')),
        ...(fs.existsSync(path.join(folder, 'decisions')) ? fs.readdirSync(path.join(folder, 'decisions')).map((name) => `decisions/${name}`) : []),
      ];
      return { source: 'DRAFT', files: withSchema(names.map((name) => ({ name, content: fs.readFileSync(path.join(folder, name), 'utf8') }))) };
    }
    const base = this.baseOf(province, examYear);
    if (!base) throw new Refusal('RULE_SET_UNKNOWN', `没有 ${province} ${examYear} 年或更早年份的规则可作草稿的起点`);
    const data = filesOf(base);
    const newYear = base.manifest.examYear !== examYear;
    if (newYear) {
      const from = String(base.manifest.examYear);
      const manifest = { ...(data['ruleset.json'] as Record<string, unknown>) };
      manifest.examYear = examYear;
      manifest.title = String(manifest.title).replace(from, String(examYear));
      manifest.effective = { from: `${examYear}-01-01` };
      manifest.notes = [...((manifest.notes as string[] | undefined) ?? []), `Draft copied from ${base.id}: review every value and its reference before publishing.`];
      data['ruleset.json'] = manifest;
    }
    const files = Object.entries(data).map(([name, value]) => ({ name, content: `${JSON.stringify(value, null, 2)}\n` }));
    return { source: newYear ? 'NEW_YEAR' : 'VERSION', ruleSetId: base.id, contentHash: base.contentHash, files: withSchema(files) };
  }

  /** The JSON Schemas the rule files are validated with (each with its `$id`), for editors that check as staff type. */
  schemas(): { file: string; schema: Record<string, unknown> }[] {
    return [...ruleFileSchemas()];
  }

  /** One decision taken by the draft on the facts given, with its explanation in Chinese: a try before publishing. */
  async tryDraftDecision(province: string, examYear: number, decision: DecisionName, facts: Record<string, unknown>): Promise<Decision & { explanationText: string }> {
    const loaded = this.loadDraft(province, examYear);
    if ('invalid' in loaded) {
      const [first] = loaded.invalid.problems;
      throw new Refusal('DRAFT_INVALID', `草稿未通过校验，先改正再试（${first.file} ${first.path}: ${first.message}）`);
    }
    const { draft } = loaded;
    try {
      const taken = await new DecisionEngine(draft).decide(decision, facts);
      return { ...taken, explanationText: explainInChinese(draft, taken).join('\n') };
    } catch (error) {
      if (error instanceof InvalidFactsError) throw new Refusal('FACTS_INVALID', `提交的信息不符合要求：${error.message}`, 'facts');
      throw error;
    }
  }

  /** Every publication recorded, newest first. */
  async publications(): Promise<{ ruleSetId: string; sequence: number; contentHash: string; previousHash?: string; publishedAt: Date; publishedBy: string; reason: string; confirmedPlaceholders: string[]; compared?: number; changedOutcomes?: number }[]> {
    return (await this.publishing.history(this.em)).map((p) => ({ ...p }));
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
   * Publishes a valid draft: its content is stored once by hash and a publication recorded (who, when, the version it
   * replaces, why, the placeholders confirmed, what the dry run found), with an audit entry, in one transaction. It
   * takes effect at once here and within seconds in every other replica (see `RuleSetPublications`); no earlier
   * version is deleted. Decisions already recorded, and registrations already pinned, keep the version that made them.
   * A draft with values marked as placeholders is refused unless every one is confirmed by its id.
   */
  async publish(province: string, examYear: number, confirmPlaceholders: readonly string[] = [], reason = ''): Promise<{ ruleSetHash: string; previousHash?: string; changedOutcomes: number; compared: number }> {
    const why = reason.trim();
    if (!why) throw new Refusal('PUBLICATION_REASON_REQUIRED', '请写明发布的理由（如：依据 2024 年招生通知调整报名时间和费用）', 'reason');
    if (why.length > 1000) throw new Refusal('PUBLICATION_REASON_REQUIRED', '发布理由不能超过 1000 字', 'reason');
    const { result: dryRun, draft } = await this.tryDraft(province, examYear, []);
    if (!dryRun.valid || !draft) {
      const first = dryRun.problems[0] ? `${dryRun.problems[0].file} ${dryRun.problems[0].path}: ${dryRun.problems[0].message}` : dryRun.failedCases[0];
      throw new Refusal('DRAFT_INVALID', `草稿未通过校验，不能发布（${first}）`);
    }
    // The placeholders of the very draft the dry run validated.
    const placeholders = placeholderRefusal(dryRun.placeholders, confirmPlaceholders);
    if (placeholders) throw new Refusal('PLACEHOLDERS_UNCONFIRMED', placeholders);
    if (draft.contentHash === dryRun.publishedHash) throw new Refusal('DRAFT_UNCHANGED', '草稿与现行版本完全相同，无需发布');
    await this.publishing.versions.pin(this.em, draft);
    const publishedBy = actorOf(this.caller);
    await this.em.transactional(async (tx) => {
      await this.publishing.record(tx, draft, { publishedBy, reason: why, confirmedPlaceholders: dryRun.placeholders.map((p) => p.id), compared: dryRun.compared, changedOutcomes: dryRun.changes.length }, dryRun.publishedHash ?? null);
      recordAudit(tx, this.caller, 'rules.publish', { type: 'RuleSet', id: draft.id }, { contentHash: draft.contentHash, previousHash: dryRun.publishedHash, reason: why, changedOutcomes: dryRun.changes.length, compared: dryRun.compared, confirmedPlaceholders: dryRun.placeholders.map((p) => p.id) });
    });
    // In force here at once; the other replicas read the publication when notified or polled.
    await this.publishing.refresh();
    fs.rmSync(this.draftFolder(province, examYear), { recursive: true, force: true });
    return { ruleSetHash: draft.contentHash, previousHash: dryRun.publishedHash, changedOutcomes: dryRun.changes.length, compared: dryRun.compared };
  }

  /**
   * Re-pins one registration to the version in force for its exam session and takes its decisions again under it, on
   * the facts they were taken on: the only way a registration leaves the version it was pinned to. The old decision
   * records are kept, marked superseded; audited with the reason. Refused, changing nothing, when the version in force
   * cannot decide on the registration's facts.
   */
  async repinRegistration(store: RegistrationStore, registrationId: string, reason: string, version?: number): Promise<{ registrationId: string; ruleSetHash: string; previousHash: string; retaken: number; changed: number }> {
    const registration = await store.find(registrationId);
    if (!registration) throw new Refusal('REGISTRATION_NOT_FOUND', '没有找到该报名', 'registrationId');
    this.ensurePolicyStaff(registration.province);
    store.expectVersion(registration, version);
    const why = reason.trim();
    if (!why || why.length > 1000) throw new Refusal('REEVALUATION_REASON_REQUIRED', '请写明重新按现行版本办理的理由（不超过 1000 字）', 'reason');
    const session = parseExamSessionId(registration.examSessionId)!;
    const current = this.rules.get(session.province, session.examYear);
    if (!current) throw new Refusal('RULE_SET_UNKNOWN', `没有 ${session.province} ${session.examYear} 年的规则`);
    const previousHash = registration.ruleSetHash;
    if (current.contentHash === previousHash) throw new Refusal('REGISTRATION_ALREADY_CURRENT', '该报名已按现行版本办理，无需重新评估');
    const engine = this.rules.engine(current);
    const state = await store.state(registration);
    const now = new Date().toISOString();
    const retaken: TakenDecision[] = [];
    const refused: string[] = [];
    let changed = 0;
    for (const taken of Object.values(state.decisions ?? {})) {
      if (!taken) continue;
      const declared = decisionFacts(current, taken.decision);
      // Derived facts are looked up again in the version in force (a candidate type may no longer be exempt).
      const facts = Object.fromEntries(Object.entries(taken.facts).filter(([fact]) => declared[fact] && !declared[fact].derivedFrom));
      const decision = await engine.decide(taken.decision, facts).catch((error: unknown) => {
        if (error instanceof InvalidFactsError) return undefined;
        throw error;
      });
      if (!decision) {
        refused.push(taken.decision);
        continue;
      }
      if (canonicalJson(decision.outcome) !== canonicalJson(taken.outcome)) changed++;
      retaken.push({ ...decision, takenAt: now, ...(taken.step ? { step: taken.step } : {}), ...(taken.change ? { change: taken.change } : {}) });
    }
    if (refused.length) throw new Refusal('REEVALUATION_FACTS_MISSING', `现行版本无法按该报名已有的情况重新作出：${refused.join('、')}；报名未作改动`);
    // A fee already paid is not re-quoted behind the candidate's back: a different amount needs a refund or a top-up first.
    const fee = retaken.find((d) => d.decision === 'feeQuote');
    if (state.payment?.status === 'PAID' && fee && fee.outcome.totalFen !== state.payment.amountFen) {
      throw new Refusal('REEVALUATION_CHANGES_PAID_FEE', `该报名已缴费 ${yuan(state.payment.amountFen ?? 0)}，按现行版本应缴 ${yuan(Number(fee.outcome.totalFen))}：请先办理退费或补缴；报名未作改动`);
    }
    await this.publishing.versions.pin(store.em, current);
    const superseded = await store.em.find(DecisionRecord, { subjectType: 'Registration', subjectId: registration.id, supersededAt: null });
    for (const record of superseded) record.supersededAt = new Date();
    registration.ruleSetHash = current.contentHash;
    const next = { ...state, decisions: { ...state.decisions, ...Object.fromEntries(retaken.map((d) => [d.decision, d])) } };
    await store.save(registration, next, retaken, (em) =>
      recordAudit(em, this.caller, 'registration.repin', { type: 'Registration', id: registration.id }, { reason: why, previousHash, ruleSetHash: current.contentHash, retaken: retaken.map((d) => d.decision), changed }),
    );
    return { registrationId: registration.id, ruleSetHash: current.contentHash, previousHash, retaken: retaken.length, changed };
  }

  /**
   * Saves a draft handed over as JSON by file name (`parameters.json`, `decisions/feeQuote.json`, …), so staff and
   * partners' tools need no access to the server's files. Files not given are kept from the draft there is, else taken
   * from the version in force of that year, else of the latest earlier year (a new year starts from the last). The
   * draft is validated with the same loader as publishing; it is saved even when invalid (to be corrected), and the
   * problems come back by file and JSON path. The draft folder is replaced whole, never left half-written.
   */
  async saveDraft(province: string, examYear: number, files: readonly { name: string; content: string }[]): Promise<{ problems: DryRunResult['problems']; draftHash?: string; files: string[] }> {
    this.ensurePolicyStaff(province);
    const target = this.draftFolder(province, examYear);
    if (examYear < 2000 || examYear > 2100) throw new Refusal('RULE_SET_UNKNOWN', '年度不正确');
    const names = files.map((f) => f.name);
    if (!names.length) throw new Refusal('DRAFT_FILES_INVALID', '没有给出任何规则文件', 'files');
    const unknown = names.filter((name) => !DRAFT_FILES.has(name));
    if (unknown.length) throw new Refusal('DRAFT_FILES_INVALID', `不认识的文件：${unknown.join('、')}；文件名应是 ${[...DRAFT_FILES].join('、')} 之一`, 'files');
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length) throw new Refusal('DRAFT_FILES_INVALID', `文件给了两次：${twice.join('、')}`, 'files');
    if (files.reduce((n, f) => n + f.content.length, 0) > DRAFT_MAX_CHARS) throw new Refusal('DRAFT_FILES_INVALID', '规则文件过大', 'files');
    const texts = new Map(files.map((f) => [f.name, f.content]));

    const staging = path.join(this.folders.drafts, `.saving-${randomUUID()}`, province, String(examYear));
    try {
      fs.mkdirSync(path.join(staging, 'decisions'), { recursive: true });
      // What the files given do not replace.
      const base = fs.existsSync(target) ? undefined : this.baseOf(province, examYear);
      if (fs.existsSync(target)) fs.cpSync(target, staging, { recursive: true });
      else if (base) for (const [name, data] of Object.entries(filesOf(base))) fs.writeFileSync(path.join(staging, name), `${JSON.stringify(data, null, 2)}\n`);
      for (const [name, text] of texts) fs.writeFileSync(path.join(staging, name), text);
      let problems: DryRunResult['problems'] = [];
      let draftHash: string | undefined;
      try {
        // Problems name the file as staff sent it: `parameters.json`, not a path on the server.
        draftHash = loadRuleSet(staging, path.join(staging, 'files')).contentHash;
      } catch (error) {
        if (!(error instanceof InvalidRuleSetError)) throw error;
        problems = error.problems;
      }
      const aside = `${target}.replaced-${randomUUID()}`;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (fs.existsSync(target)) fs.renameSync(target, aside);
      fs.renameSync(staging, target);
      fs.rmSync(aside, { recursive: true, force: true });
      recordAudit(this.em, this.caller, 'rules.draft.save', { type: 'RuleSet', id: `${province}/${examYear}` }, { files: names, draftHash, problems: problems.length });
      await this.em.flush();
      return { problems, draftHash, files: names };
    } finally {
      fs.rmSync(path.dirname(path.dirname(staging)), { recursive: true, force: true });
    }
  }
}
