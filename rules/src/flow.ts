/**
 * The registration flow interpreter: from a rule set and what a registration holds so far, which steps apply, which is
 * next, what each asks, what is locked and how it may still change; and the checks and transitions the exams
 * subgraph calls. Pure: no clock (every function takes `now`), no storage. The code knows step kinds, never a province.
 */
import { decisionFacts, factNames } from './facts.ts';
import { canonicalJson } from './load.ts';
import { DecisionEngine, InvalidFactsError, type Decision } from './engine.ts';
import { fromIdNumber, PROVINCES, samePrefecture } from './regions.ts';
import { prefecturesOf } from './prefectures.ts';
import { flowFields, STEP_FIELD_LABELS, STEP_TEXTS, TERMINAL_STEPS } from './steps.ts';
import { windowStatus, type WindowStatus } from './time.ts';
import type { ChangePhase, ChangeRoute, ChangeRule, DecisionName, FlowStepRule, FormField, PolicyReference, ReviewerRole, RuleSet, StepCode } from './types.ts';

export type StepStatus = 'DONE' | 'CURRENT' | 'AVAILABLE' | 'BLOCKED' | 'LOCKED' | 'NOT_APPLICABLE';
export type RegistrationStatus = 'IN_PROGRESS' | 'IN_REVIEW' | 'RETURNED' | 'REJECTED' | 'COMPLETE';
export type ReviewOutcome = 'APPROVE' | 'REJECT' | 'RETURN';

/** An uploaded file as the platform describes it: its id, and for checks its format, size and compliance result. */
export interface FileValue {
  fileId: string;
  /** jpg, png or pdf. */
  format?: string;
  bytes?: number;
  /** The photo's compliance check (合规检测). */
  check?: 'PASSED' | 'FAILED' | 'PENDING';
}

export interface StepProgress {
  /** When the step's page was first shown (the countdown of a text runs from here). */
  shownAt?: string;
  completedAt?: string;
  /** What the candidate gave, by field code. */
  input?: Record<string, unknown>;
}

export interface ReviewProgress {
  status: 'PENDING' | 'RETURNED' | 'APPROVED' | 'REJECTED';
  /** Index of the current stage of `review.stages`. */
  stage: number;
  submittedAt: string;
  /** The reviewer's reason for the last rejection or return. */
  reason?: string;
  history: { stage: number; role?: ReviewerRole; outcome: ReviewOutcome | 'SUBMIT' | 'RESUBMIT'; reason?: string; at: string }[];
}

/** A decision taken for a registration: what a `decision_record` keeps (outcome, facts, version hash) and where. */
export interface TakenDecision extends Decision {
  takenAt: string;
  /** The step whose completion took it, or the field whose change took it again. */
  step?: StepCode;
  change?: string;
}

/** What a registration holds so far. JSON throughout (times as ISO 8601 strings), so it can be stored as is. */
export interface RegistrationState {
  /** Values for the form's `prefill` keys (roster.majorCode, account.idNumber, …), supplied by the platform. */
  prefill?: Record<string, string>;
  /** Facts no step asks, supplied by the platform (e.g. appliedForRetiredSoldierExemption). */
  facts?: Record<string, unknown>;
  steps?: Partial<Record<StepCode, StepProgress>>;
  payment?: { status: 'UNPAID' | 'PAID'; amountFen?: number; paidAt?: string; /** The payment order that paid it (the hand-over's idempotency key). */ orderId?: string };
  review?: ReviewProgress;
  /** The latest decision of each name taken for the registration. */
  decisions?: Partial<Record<DecisionName, TakenDecision>>;
}

/** A refusal: a stable code for programs, a Chinese message for candidates, and the field it concerns. */
export interface FlowError {
  code: string;
  message: string;
  field?: string;
}

export interface FieldOption {
  code: string;
  name: string;
  /** A subject group's subjects and major scope (专业范围). */
  subjects?: { code: string; name: string }[];
  majorScope?: string[];
}

/** A field a step asks, resolved for this candidate. */
export interface AskedField {
  code: string;
  label: string;
  type: FormField['type'] | 'boolean' | 'acknowledgement' | 'file' | 'photo';
  required: boolean;
  options?: FieldOption[];
  /** The value held now (for a read-only field, the value the platform supplied). */
  value?: unknown;
  /** What the page shows before the candidate answers: a prefilled value, or a decision's default (是否兼报 否). */
  default?: unknown;
  readOnly: boolean;
  /** The value comes from the account, the roster or the ID number. */
  prefilled: boolean;
  locked: boolean;
  hint?: string;
  validation?: FormField['validation'];
  /** Files: accepted formats and size. */
  formats?: string[];
  maxBytes?: number;
  reference?: PolicyReference;
}

export interface PlannedStep {
  code: StepCode;
  title: string;
  description?: string;
  position: number;
  /** e.g. `2/7`; absent for a step outside the manual's numbering. */
  number?: string;
  status: StepStatus;
  /** Why a BLOCKED step cannot be done now (a window, a decision's refusal, a missing fact, a rejection). */
  blockedBy?: FlowError;
  asks: AskedField[];
  /** What the step shows instead of questions, e.g. 不需要考试. */
  label?: string;
  text?: { code: string; title: string; body: string[]; acknowledgement?: string; countdownSeconds: number; shownAt?: string; unlocksAt?: string };
  payment?: { required: boolean; totalFen: number; lines: { code: string; name: string; amountFen: number }[]; channel?: { code: string; name: string }; paid: boolean; refundAfterPayment?: boolean; notices: string[]; pledge?: { title: string; body: string[] } };
  review?: {
    status?: ReviewProgress['status'];
    stage?: { index: number; role: ReviewerRole; title: string; routeBy?: { field: string; value?: unknown } };
    stages: { role: ReviewerRole; title: string }[];
    reason?: string;
    outcomes: { outcome: ReviewOutcome; label: string; reasonRequired: boolean }[];
  };
  /** The window the step is done in, and whether it is open now. */
  window?: WindowStatus;
  /** Fields that cannot change directly once the step is done. */
  locks: string[];
  decides: DecisionName[];
  completedAt?: string;
}

export interface ChangeOption {
  route: ChangeRoute;
  phase: ChangePhase;
  decidedBy?: ReviewerRole;
  redecide: DecisionName[];
  window: WindowStatus;
}

/** Every field of the registration: its value, whether it is locked and why, and how it may change now. */
export interface FieldState {
  code: string;
  label: string;
  step: StepCode;
  value?: unknown;
  /** The value as shown: an option's name, 是/否. */
  display?: string;
  locked: boolean;
  lock?: { reason: 'READ_ONLY' | 'STEP' | 'SUBMITTED' | 'COMPLETE'; step?: StepCode; message: string };
  /** The route open now for a locked field, if any. */
  changeable: ChangeOption | null;
}

export interface RegistrationPlan {
  ruleSetId: string;
  ruleSetHash: string;
  status: RegistrationStatus;
  steps: PlannedStep[];
  next: { code: StepCode; title: string; number?: string } | null;
  fields: FieldState[];
  decisions: Partial<Record<DecisionName, TakenDecision>>;
}

export type FlowResult = { ok: true; state: RegistrationState; decisions: TakenDecision[] } | { ok: false; errors: FlowError[] };

/** A change of a locked value: how it is made, the old and new value, and what is decided again. */
export interface ChangeProposal {
  field: string;
  label: string;
  oldValue: unknown;
  newValue: unknown;
  route: ChangeRoute;
  phase: ChangePhase;
  decidedBy?: ReviewerRole;
  redecide: DecisionName[];
}

const ROLE_NAMES: Record<ReviewerRole, string> = { COLLEGE_REVIEWER: '院校审核人员', PROVINCE_REVIEWER: '省级审核人员' };
const STEP_LOCAL = new Set(['acknowledged', 'confirmed']);
/** Steps whose completion rests on what the candidate gave, and so is checked again while its values may change. */
const INPUT_STEPS: ReadonlySet<StepCode> = new Set(['NOTICE', 'PLEDGE', 'CANDIDATE_TYPE', 'PERSONAL_INFORMATION', 'PHOTO', 'MATERIALS', 'IDENTITY_CAPTURE', 'EXAM_CHOICE', 'CONFIRMATION']);

const engines = new WeakMap<RuleSet, DecisionEngine>();

/** The decision engine the interpreter uses for a rule-set version: the one given, or one built once per version. */
export function flowEngine(rules: RuleSet | DecisionEngine): DecisionEngine {
  if (rules instanceof DecisionEngine) return rules;
  let engine = engines.get(rules);
  if (!engine) {
    engine = new DecisionEngine(rules);
    engines.set(rules, engine);
  }
  return engine;
}

type Evaluated = { ok: true; decision: Decision } | { ok: false; error: FlowError };

interface StepView {
  applicable: boolean;
  asks: AskedField[];
  label?: string;
  blockedBy?: FlowError;
  payment?: PlannedStep['payment'];
  /** Outcomes the view rests on, by decision. */
  evaluated: Partial<Record<DecisionName, Decision>>;
}

/** Everything the interpreter derives from a state at an instant; built once per call. */
class Registration {
  readonly set: RuleSet;
  readonly engine: DecisionEngine;
  readonly askedBy: Map<string, StepCode>;
  readonly values: Record<string, unknown>;
  private readonly views = new Map<string, Promise<StepView>>();
  /** Steps that do not apply to this candidate (a materials step with nothing to upload). */
  private readonly moot = new Set<StepCode>();

  /** Builds the view of a registration; which steps apply is settled first, as locks and completion depend on it. */
  static async of(rules: RuleSet | DecisionEngine, state: RegistrationState, now: Date): Promise<Registration> {
    const r = new Registration(rules, state, now);
    if (r.step('MATERIALS')) {
      const required = await r.evaluate('requiredMaterials');
      if (required.ok && (required.decision.outcome.items as string[]).length === 0) r.moot.add('MATERIALS');
    }
    return r;
  }

  private constructor(
    rules: RuleSet | DecisionEngine,
    readonly state: RegistrationState,
    readonly now: Date,
  ) {
    this.engine = flowEngine(rules);
    this.set = this.engine.ruleSet;
    this.askedBy = flowFields(this.set).askedBy;
    this.values = {};
    for (const field of this.set.form.fields) {
      if (field.readOnly && field.prefill) {
        const value = this.prefill(field.prefill);
        if (value !== undefined) this.values[field.code] = value;
      }
    }
    for (const step of this.set.flow.steps) {
      for (const [code, value] of Object.entries(state.steps?.[step.code]?.input ?? {})) if (!STEP_LOCAL.has(code)) this.values[code] = value;
    }
  }

  get flow() {
    return this.set.flow;
  }

  step(code: StepCode): FlowStepRule | undefined {
    return this.flow.steps.find((s) => s.code === code);
  }

  prefill(key: string): string | undefined {
    const given = this.state.prefill?.[key];
    if (given !== undefined) return given;
    if (key === 'idNumber.birthDate') return fromIdNumber(this.state.prefill?.['account.idNumber']).birthDate;
    if (key === 'idNumber.gender') return fromIdNumber(this.state.prefill?.['account.idNumber']).gender;
    return undefined;
  }

  completed(code: StepCode): boolean {
    return Boolean(this.state.steps?.[code]?.completedAt);
  }

  windowOf(code: string | undefined): WindowStatus | undefined {
    return code ? windowStatus(this.set, code, this.now) : undefined;
  }

  stepWindow(step: FlowStepRule): WindowStatus | undefined {
    if (TERMINAL_STEPS.has(step.code)) return undefined;
    if (step.code === 'QUALIFICATION_REVIEW') return this.windowOf(this.flow.review?.window);
    return this.windowOf(step.window ?? this.flow.window);
  }

  /** The registration is submitted (under review or past it) or complete: nothing changes directly any more. */
  submitted(): boolean {
    return Boolean(this.state.review) || this.complete();
  }

  complete(): boolean {
    const review = this.step('QUALIFICATION_REVIEW');
    if (review) return this.state.review?.status === 'APPROVED';
    return this.flow.steps.filter((s) => !TERMINAL_STEPS.has(s.code)).every((s) => this.completed(s.code) || this.moot.has(s.code));
  }

  /** The facts a decision declares, read from the registration's fields and the platform's facts; `overrides` win. */
  factsFor(name: DecisionName, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const facts: Record<string, unknown> = {};
    for (const [fact, declared] of Object.entries(decisionFacts(this.set, name))) {
      if (declared.derivedFrom) continue;
      const value = fact in overrides ? overrides[fact] : fact in this.values ? this.values[fact] : this.state.facts?.[fact];
      if (value !== undefined && value !== null) facts[fact] = value;
    }
    return facts;
  }

  async evaluate(name: DecisionName, overrides: Record<string, unknown> = {}): Promise<Evaluated> {
    try {
      return { ok: true, decision: await this.engine.decide(name, this.factsFor(name, overrides)) };
    } catch (error) {
      if (!(error instanceof InvalidFactsError)) throw error;
      const missing = error.missing.length ? `缺少${error.missing.join('、')}` : error.problems.join('；');
      return { ok: false, error: { code: 'FACTS_INVALID', message: `报名信息不足以办理此步骤（${missing}），请联系报名管理机构。` } };
    }
  }

  label(code: string, step?: FlowStepRule): string {
    return step?.labels?.[code] ?? this.set.form.fields.find((f) => f.code === code)?.label ?? this.set.materials.materials.find((m) => m.code === code)?.name ?? STEP_FIELD_LABELS[code] ?? code;
  }

  offeredExamCities(): FieldOption[] {
    const cities = this.set.parameters.examCities;
    if (!cities) return [];
    if (!cities.offeredBy) return cities.items;
    const allowed = new Set<string>();
    for (const source of cities.offeredBy) {
      const value = this.values[source.field];
      if (typeof value !== 'string' || !value) continue;
      if (source.via === 'colleges') {
        const city = this.set.parameters.colleges?.items.find((c) => c.code === value)?.city;
        if (city) allowed.add(city);
      } else {
        for (const city of cities.items) if (samePrefecture(city.code, value)) allowed.add(city.code);
      }
    }
    return cities.items.filter((c) => allowed.has(c.code));
  }

  offeredSubjectGroups(): FieldOption[] {
    const groups = this.set.parameters.subjectGroups;
    if (!groups) return [];
    const major = groups.offeredBy ? this.values[groups.offeredBy.field] : undefined;
    const subjectName = (code: string) => this.set.parameters.subjects?.items.find((s) => s.code === code)?.name ?? code;
    return groups.items
      .filter((g) => !groups.offeredBy || !g.majorCodes || (typeof major === 'string' && g.majorCodes.some((code) => major.startsWith(code))))
      .map((g) => ({ code: g.code, name: g.name, subjects: g.subjects.map((code) => ({ code, name: subjectName(code) })), majorScope: g.majorScope }));
  }

  optionsFrom(source: NonNullable<FormField['optionsFrom']>): FieldOption[] {
    const p = this.set.parameters;
    switch (source) {
      case 'examCities':
        return this.offeredExamCities();
      case 'subjectGroups':
        return this.offeredSubjectGroups();
      case 'candidateTypes':
        return p.candidateTypes.items.map((t) => ({ code: t.code, name: t.name }));
      case 'colleges':
        return (p.colleges?.items ?? []).map((c) => ({ code: c.code, name: c.name }));
      case 'provinces':
        return [...PROVINCES];
      case 'idTypes':
        return this.set.accounts.idTypes.map((t) => ({ code: t.code, name: t.name }));
      case 'prefectures': {
        // Those of the province chosen in the form's province field, as answered so far (none before it is chosen).
        const province = this.set.form.fields.find((f) => f.optionsFrom === 'provinces');
        const chosen = province && this.values[province.code];
        return prefecturesOf(typeof chosen === 'string' ? chosen : undefined).map((r) => ({ code: r.code, name: r.name }));
      }
    }
  }

  /** Why a field cannot change directly now, if it cannot. */
  lockOf(code: string): FieldState['lock'] {
    const field = this.set.form.fields.find((f) => f.code === code);
    if (field?.readOnly) return { reason: 'READ_ONLY', message: `“${field.label}”由系统带出，不能修改${field.hint ? `（${field.hint}）` : ''}` };
    for (const step of this.flow.steps) {
      if ((step.locks?.includes(code) || field?.locksAt === step.code) && this.completed(step.code)) {
        return { reason: 'STEP', step: step.code, message: `“${step.title}”后“${this.label(code)}”不能直接修改` };
      }
    }
    if (this.complete()) return { reason: 'COMPLETE', message: `报名已完成，“${this.label(code)}”不能直接修改` };
    if (this.submitted()) return { reason: 'SUBMITTED', message: `报名信息已提交审核，“${this.label(code)}”不能直接修改` };
    return undefined;
  }

  /** The phases that apply now, most specific first. */
  phases(): ChangePhase[] {
    const review = this.state.review?.status;
    if (review === 'REJECTED') return [];
    if (this.complete()) return ['AFTER_COMPLETION'];
    if (review === 'RETURNED') return ['WHEN_RETURNED', 'DURING_REVIEW'];
    if (review === 'PENDING') return ['DURING_REVIEW'];
    return ['AFTER_LOCK'];
  }

  changeRule(code: string): ChangeRule | undefined {
    for (const phase of this.phases()) {
      const rule = this.flow.changes?.find((c) => c.phase === phase && c.fields.includes(code));
      if (rule) return rule;
    }
    return undefined;
  }

  changeOption(code: string): ChangeOption | null {
    const lock = this.lockOf(code);
    if (!lock || lock.reason === 'READ_ONLY') return null;
    const rule = this.changeRule(code);
    if (!rule) return null;
    return { route: rule.route, phase: rule.phase, decidedBy: rule.decidedBy, redecide: rule.redecide, window: this.windowOf(rule.window ?? this.flow.window)! };
  }

  /** What a step asks and shows for this candidate; `input` (answers being checked) is read before stored values. */
  view(step: FlowStepRule, input?: Record<string, unknown>): Promise<StepView> {
    const key = `${step.code}\n${input ? canonicalJson(input) : ''}`;
    let view = this.views.get(key);
    if (!view) {
      view = this.buildView(step, input ?? {});
      this.views.set(key, view);
    }
    return view;
  }

  private field(code: string, step: FlowStepRule, extra: Partial<AskedField> & Pick<AskedField, 'type' | 'required'>): AskedField {
    const lock = this.lockOf(code);
    return { code, label: this.label(code, step), readOnly: false, prefilled: false, locked: Boolean(lock), value: this.values[code], ...extra };
  }

  private async buildView(step: FlowStepRule, input: Record<string, unknown>): Promise<StepView> {
    const view: StepView = { applicable: true, asks: [], evaluated: {} };
    const answer = (code: string) => (code in input ? input[code] : this.values[code]);
    switch (step.code) {
      case 'NOTICE':
      case 'PLEDGE': {
        const text = this.set.texts.texts.find((t) => t.code === STEP_TEXTS[step.code])!;
        view.asks.push({ code: 'acknowledged', label: text.acknowledgement ?? `我已阅读${text.title}`, type: 'acknowledgement', required: true, readOnly: false, prefilled: false, locked: false });
        break;
      }
      case 'CANDIDATE_TYPE':
        if (step.askExemption) view.asks.push(this.field('exemptionClaimed', step, { type: 'boolean', required: true }));
        view.asks.push(this.field('candidateType', step, { type: 'select', required: true, options: this.optionsFrom('candidateTypes') }));
        break;
      case 'PERSONAL_INFORMATION':
        for (const f of this.set.form.fields) {
          const prefilled = f.prefill ? this.prefill(f.prefill) : undefined;
          view.asks.push(
            this.field(f.code, step, {
              type: f.type,
              required: f.required,
              options: f.options ?? (f.optionsFrom ? this.optionsFrom(f.optionsFrom) : undefined),
              readOnly: f.readOnly ?? false,
              prefilled: Boolean(f.prefill),
              default: f.readOnly ? undefined : prefilled,
              hint: f.hint,
              validation: f.validation,
              reference: f.reference,
            }),
          );
        }
        break;
      case 'PHOTO':
      case 'IDENTITY_CAPTURE': {
        const photo = this.set.materials.photo;
        if (photo.idCardFront) view.asks.push(this.field('idCardFront', step, { type: 'file', required: true, formats: photo.formats ?? ['jpg', 'png'], maxBytes: photo.maxBytes }));
        view.asks.push(this.field('photo', step, { type: 'photo', required: true, formats: photo.formats, maxBytes: photo.maxBytes, hint: photo.requirements.join(''), reference: photo.reference }));
        break;
      }
      case 'MATERIALS': {
        const required = await this.evaluate('requiredMaterials');
        if (!required.ok) {
          view.blockedBy = required.error;
          break;
        }
        view.evaluated.requiredMaterials = required.decision;
        const items = required.decision.outcome.items as string[];
        view.applicable = !this.moot.has('MATERIALS');
        for (const code of items) {
          const m = this.set.materials.materials.find((x) => x.code === code)!;
          view.asks.push(this.field(code, step, { type: 'file', required: true, formats: m.formats, maxBytes: m.maxBytes, hint: m.description, reference: m.reference }));
        }
        break;
      }
      case 'EXAM_CHOICE': {
        const dual = await this.evaluate('dualApplication');
        if (!dual.ok) {
          view.blockedBy = dual.error;
          break;
        }
        view.evaluated.dualApplication = dual.decision;
        const offered = dual.decision.outcome.offered === true;
        const overrides: Record<string, unknown> = {};
        if (offered) {
          view.asks.push(this.field('dualApplication', step, { type: 'boolean', required: true, default: dual.decision.outcome.default }));
          // Until the candidate answers, the page shows the default (是否兼报 否) and what follows from it.
          const given = answer('dualApplication');
          overrides.dualApplication = typeof given === 'boolean' ? given : dual.decision.outcome.default;
        }
        const exam = await this.evaluate('examRequirement', overrides);
        if (!exam.ok) {
          view.blockedBy = exam.error;
          break;
        }
        view.evaluated.examRequirement = exam.decision;
        const outcome = exam.decision.outcome;
        if (typeof outcome.label === 'string') view.label = outcome.label;
        if (outcome.chooseExamCity === true) view.asks.push(this.field('examCity', step, { type: 'select', required: true, options: this.offeredExamCities() }));
        if (outcome.chooseSubjectGroup === true) view.asks.push(this.field('subjectGroup', step, { type: 'select', required: true, options: this.offeredSubjectGroups() }));
        const empty = view.asks.find((f) => f.type === 'select' && f.options?.length === 0);
        if (empty) view.blockedBy = { code: 'NO_OPTIONS_OFFERED', field: empty.code, message: `没有可选的“${empty.label}”，请核对已填写的信息或联系所在学校。` };
        break;
      }
      case 'CONFIRMATION':
        view.asks.push({ code: 'confirmed', label: step.title, type: 'acknowledgement', required: true, readOnly: false, prefilled: false, locked: false });
        break;
      case 'PAYMENT': {
        const fee = await this.evaluate('feeQuote');
        if (!fee.ok) {
          view.blockedBy = fee.error;
          break;
        }
        view.evaluated.feeQuote = fee.decision;
        const totalFen = fee.decision.outcome.totalFen as number;
        const p = this.set.parameters.paymentChannels;
        const pledge = this.set.texts.texts.find((t) => t.code === 'INTEGRITY_PLEDGE');
        view.payment = {
          required: totalFen > 0,
          totalFen,
          lines: fee.decision.outcome.lines as { code: string; name: string; amountFen: number }[],
          paid: this.state.payment?.status === 'PAID',
          refundAfterPayment: p.refundAfterPayment,
          notices: p.notices ?? [],
          pledge: pledge && { title: pledge.title, body: pledge.body },
        };
        if (totalFen > 0) {
          const channel = await this.evaluate('paymentChannel');
          if (!channel.ok) {
            view.blockedBy = channel.error;
            break;
          }
          view.evaluated.paymentChannel = channel.decision;
          view.payment.channel = p.items.find((c) => c.code === channel.decision.outcome.channel);
        }
        break;
      }
      default:
        break;
    }
    return view;
  }

  /** Checks a step's input against what the step asks; returns every problem found. */
  async check(step: FlowStepRule, input: Record<string, unknown>, options: { atCompletion?: Date; shownAt?: string } = {}): Promise<FlowError[]> {
    const view = await this.view(step, input);
    if (view.blockedBy) return [view.blockedBy];
    const errors: FlowError[] = [];
    const asked = new Map(view.asks.map((f) => [f.code, f]));
    for (const code of Object.keys(input)) {
      if (!asked.has(code)) errors.push({ code: 'FIELD_NOT_ASKED', field: code, message: `“${this.label(code, step)}”不是本步骤填写的内容。` });
    }
    for (const field of view.asks) {
      const given = input[field.code];
      const current = this.values[field.code];
      if (field.readOnly) {
        if (given !== undefined && canonicalJson(given) !== canonicalJson(current)) errors.push({ code: 'FIELD_READ_ONLY', field: field.code, message: `“${field.label}”由系统带出，不能修改。` });
        else if (field.required && (current === undefined || current === '')) errors.push({ code: 'PREFILL_MISSING', field: field.code, message: `系统未能带出“${field.label}”，请联系所在专科学校或报名管理机构。` });
        continue;
      }
      if (field.locked && !STEP_LOCAL.has(field.code)) {
        if (given !== undefined && canonicalJson(given) !== canonicalJson(current)) errors.push({ code: 'FIELD_LOCKED', field: field.code, message: this.lockOf(field.code)!.message });
        continue;
      }
      const error = checkValue(this, field, given, { ...this.values, ...input });
      if (error) errors.push(error);
    }
    const text = STEP_TEXTS[step.code] && this.set.texts.texts.find((t) => t.code === STEP_TEXTS[step.code]);
    if (text?.countdownSeconds && input.acknowledged === true) {
      const shownAt = options.shownAt ?? this.state.steps?.[step.code]?.shownAt;
      const accepted = options.atCompletion ?? this.now;
      if (!shownAt) errors.push({ code: 'TEXT_NOT_SHOWN', field: 'acknowledged', message: `请先阅读“${text.title}”。` });
      else {
        const left = Math.ceil((Date.parse(shownAt) + text.countdownSeconds * 1000 - accepted.getTime()) / 1000);
        if (left > 0) errors.push({ code: 'COUNTDOWN_NOT_FINISHED', field: 'acknowledged', message: `请在倒计时结束后勾选“${text.acknowledgement ?? '我已阅读'}”（还需${left}秒）。` });
      }
    }
    return errors;
  }

  /** Whether a completed step still holds: its stored input checks under the current state. */
  async holds(step: FlowStepRule): Promise<boolean> {
    if (!INPUT_STEPS.has(step.code)) return true;
    const progress = this.state.steps?.[step.code];
    const input = Object.fromEntries(Object.entries(progress?.input ?? {}).filter(([code]) => STEP_LOCAL.has(code) || !this.lockOf(code)));
    return (await this.check(step, input, { atCompletion: progress?.completedAt ? new Date(progress.completedAt) : undefined })).length === 0;
  }

  /** Whether some value the step asks may still change through it. */
  async reopenable(step: FlowStepRule): Promise<boolean> {
    if (!INPUT_STEPS.has(step.code) || this.submitted()) return false;
    const view = await this.view(step);
    return view.asks.some((f) => !STEP_LOCAL.has(f.code) && !f.readOnly && !f.locked);
  }
}

function sizeOf(bytes: number): string {
  return bytes >= 1048576 ? `${Number((bytes / 1048576).toFixed(1))}MB` : `${Math.round(bytes / 1024)}KB`;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

const DEFAULT_PATTERNS: Partial<Record<AskedField['type'], { pattern: RegExp; message: string }>> = {
  phone: { pattern: /^1[3-9]\d{9}$/, message: '请输入11位手机号码' },
  email: { pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, message: '请输入正确的电子邮箱' },
  postcode: { pattern: /^\d{6}$/, message: '邮政编码为6位数字' },
};

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** One value against its field: presence, type, options, pattern, lengths, files' format and size. */
function checkValue(registration: Registration, field: AskedField, value: unknown, answers: Record<string, unknown> = registration.values): FlowError | undefined {
  const fail = (code: string, message: string): FlowError => ({ code, field: field.code, message });
  if (isBlank(value)) {
    if (!field.required) return undefined;
    if (field.type === 'acknowledgement') return fail(field.code === 'confirmed' ? 'CONFIRMATION_REQUIRED' : 'ACKNOWLEDGEMENT_REQUIRED', `请勾选“${field.label}”。`);
    const verb = field.type === 'select' || field.type === 'boolean' || field.type === 'region' ? '请选择' : field.type === 'file' || field.type === 'photo' ? '请上传' : '请填写';
    return fail('FIELD_REQUIRED', `${verb}“${field.label}”。`);
  }
  switch (field.type) {
    case 'acknowledgement':
      return value === true ? undefined : fail(field.code === 'confirmed' ? 'CONFIRMATION_REQUIRED' : 'ACKNOWLEDGEMENT_REQUIRED', `请勾选“${field.label}”。`);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : fail('FIELD_INVALID', `“${field.label}”请选择“是”或“否”。`);
    case 'select':
      if (typeof value !== 'string' || !field.options?.some((o) => o.code === value)) return fail('OPTION_NOT_OFFERED', `“${field.label}”请在可选项中选择。`);
      return undefined;
    case 'file':
    case 'photo': {
      const file = value as FileValue;
      if (typeof file !== 'object' || typeof file.fileId !== 'string' || !file.fileId) return fail('FIELD_INVALID', `请上传“${field.label}”。`);
      const format = typeof file.format === 'string' ? file.format.toLowerCase().replace('jpeg', 'jpg') : undefined;
      if (field.formats && (!format || !field.formats.includes(format))) return fail('FILE_FORMAT_NOT_ALLOWED', `“${field.label}”须为${field.formats.map((f) => f.toUpperCase()).join('或')}格式。`);
      if (field.maxBytes && (typeof file.bytes !== 'number' || !(file.bytes <= field.maxBytes))) return fail('FILE_TOO_LARGE', `“${field.label}”不能超过${sizeOf(field.maxBytes)}。`);
      if (field.type === 'photo') {
        const compliance = registration.set.materials.photo.compliance;
        if (file.check === 'FAILED' || (compliance === 'AUTOMATIC' && file.check !== 'PASSED')) return fail('PHOTO_CHECK_FAILED', '照片未通过合规检测，请按要求重新拍摄。');
      }
      return undefined;
    }
    default:
      break;
  }
  if (typeof value !== 'string') return fail('FIELD_INVALID', `“${field.label}”格式不正确。`);
  const rules = field.validation;
  const message = rules?.message ?? DEFAULT_PATTERNS[field.type]?.message ?? `“${field.label}”格式不正确。`;
  const length = [...value].length;
  if (rules?.minLength !== undefined && length < rules.minLength) return fail('FIELD_INVALID', message);
  if (rules?.maxLength !== undefined && length > rules.maxLength) return fail('FIELD_INVALID', message);
  const pattern = rules?.pattern ? new RegExp(rules.pattern) : DEFAULT_PATTERNS[field.type]?.pattern;
  if (pattern && !pattern.test(value)) return fail('FIELD_INVALID', message);
  if (field.type === 'date' && !validDate(value)) return fail('FIELD_INVALID', `“${field.label}”不是有效的日期。`);
  if (field.type === 'region') {
    if (!/^\d{6}$/.test(value) || value.endsWith('0000')) return fail('FIELD_INVALID', `请选择“${field.label}”。`);
    // A region below a province field of the same form must lie in that province.
    const province = registration.set.form.fields.find((f) => f.optionsFrom === 'provinces');
    const chosen = province && answers[province.code];
    if (typeof chosen === 'string' && chosen.slice(0, 2) !== value.slice(0, 2)) return fail('FIELD_INVALID', `“${field.label}”须在所选“${province!.label}”之内。`);
    // Where the province has a list (not 台湾、香港、澳门, which the source does not divide), the value must be on it.
    const listed = registration.set.form.fields.find((f) => f.code === field.code)?.optionsFrom === 'prefectures' && typeof chosen === 'string' ? prefecturesOf(chosen) : [];
    if (listed.length > 0 && !listed.some((o) => o.code === value)) return fail('FIELD_INVALID', `请从列表中选择“${field.label}”。`);
  }
  return undefined;
}

function displayOf(field: AskedField | undefined, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') return (value as FileValue).fileId ? '已上传' : undefined;
  return field?.options?.find((o) => o.code === value)?.name ?? String(value);
}

async function plan(r: Registration): Promise<RegistrationPlan> {
  const total = r.flow.steps.filter((s) => s.numbered !== false).length;
  let number = 0;
  let reachable = true;
  const steps: PlannedStep[] = [];
  const fields: FieldState[] = [];
  for (const [position, step] of r.flow.steps.entries()) {
    const view = await r.view(step);
    const progress = r.state.steps?.[step.code];
    const window = r.stepWindow(step);
    const planned: PlannedStep = {
      code: step.code,
      title: step.title,
      description: step.description,
      position: position + 1,
      number: step.numbered === false ? undefined : `${++number}/${total}`,
      status: 'LOCKED',
      asks: view.asks,
      label: view.label,
      payment: view.payment,
      window,
      locks: [...(step.locks ?? []), ...r.set.form.fields.filter((f) => f.locksAt === step.code).map((f) => f.code)],
      decides: step.decides ?? [],
      completedAt: progress?.completedAt,
    };
    const textCode = STEP_TEXTS[step.code];
    const text = textCode && r.set.texts.texts.find((t) => t.code === textCode);
    if (text) {
      const countdown = text.countdownSeconds ?? 0;
      planned.text = { code: text.code, title: text.title, body: text.body, acknowledgement: text.acknowledgement, countdownSeconds: countdown, shownAt: progress?.shownAt, unlocksAt: progress?.shownAt && new Date(Date.parse(progress.shownAt) + countdown * 1000).toISOString() };
    }
    if (step.code === 'QUALIFICATION_REVIEW' && r.flow.review) {
      const review = r.flow.review;
      const stage = r.state.review && review.stages[r.state.review.stage];
      planned.review = {
        status: r.state.review?.status,
        stage: stage && { index: r.state.review!.stage, role: stage.role, title: stage.title, routeBy: stage.routeBy ? { field: stage.routeBy, value: r.values[stage.routeBy] } : undefined },
        stages: review.stages.map((s) => ({ role: s.role, title: s.title })),
        reason: r.state.review?.reason,
        outcomes: [
          { outcome: 'APPROVE' as const, label: review.outcomes.approve.label, reasonRequired: false },
          { outcome: 'REJECT' as const, ...review.outcomes.reject },
          ...(review.outcomes.return ? [{ outcome: 'RETURN' as const, ...review.outcomes.return }] : []),
        ],
      };
    }
    const block = (error: FlowError) => {
      planned.status = 'BLOCKED';
      planned.blockedBy = error;
    };
    if (!view.applicable) planned.status = 'NOT_APPLICABLE';
    else if (!reachable) planned.status = 'LOCKED';
    else if (TERMINAL_STEPS.has(step.code)) planned.status = 'DONE';
    else if (step.code === 'QUALIFICATION_REVIEW') {
      const review = r.state.review;
      if (review?.status === 'APPROVED') planned.status = 'DONE';
      else {
        reachable = false;
        if (review?.status === 'REJECTED') block({ code: 'REVIEW_REJECTED', message: `资格审核未通过${review.reason ? `：${review.reason}` : '。'}` });
        else planned.status = 'CURRENT';
      }
    } else if (step.code === 'PAYMENT' && progress?.completedAt) planned.status = 'DONE';
    else if (progress?.completedAt && (!(await r.reopenable(step)) || (await r.holds(step)))) {
      planned.status = (await r.reopenable(step)) && window?.open !== false ? 'AVAILABLE' : 'DONE';
    } else {
      reachable = false;
      if (view.blockedBy) block(view.blockedBy);
      else if (step.code === 'PAYMENT' && r.state.payment?.status === 'PAID') planned.status = 'CURRENT';
      else if (window && !window.open) block(windowError(window));
      else planned.status = 'CURRENT';
      if (planned.status === 'CURRENT' && step.decides?.includes('applicationEligibility')) {
        // A refusal that no answer on this page can change blocks the step at once.
        const eligibility = await r.evaluate('applicationEligibility');
        const reads = factNames(r.set, 'applicationEligibility');
        const answerable = view.asks.some((f) => reads.includes(f.code));
        if (!answerable && !eligibility.ok) block(eligibility.error);
        else if (!answerable && eligibility.ok && eligibility.decision.outcome.eligible === false) block(refusalOf(eligibility.decision));
      }
    }
    steps.push(planned);
    if (!view.applicable) continue;
    for (const field of view.asks) {
      if (STEP_LOCAL.has(field.code)) continue;
      const lock = r.lockOf(field.code);
      fields.push({ code: field.code, label: field.label, step: step.code, value: r.values[field.code], display: displayOf(field, r.values[field.code]), locked: Boolean(lock), lock, changeable: r.changeOption(field.code) });
    }
  }
  const current = steps.find((s) => s.status === 'CURRENT' || s.status === 'BLOCKED');
  const review = r.state.review?.status;
  const status: RegistrationStatus =
    review === 'REJECTED' ? 'REJECTED' : review === 'RETURNED' ? 'RETURNED' : review === 'PENDING' ? 'IN_REVIEW' : current ? 'IN_PROGRESS' : 'COMPLETE';
  return {
    ruleSetId: r.set.id,
    ruleSetHash: r.set.contentHash,
    status,
    steps,
    next: current ? { code: current.code, title: current.title, number: current.number } : null,
    fields,
    decisions: { ...(r.state.decisions ?? {}) },
  };
}

function windowError(window: WindowStatus): FlowError {
  return { code: `WINDOW_${window.state}`, message: window.message };
}

function refusalOf(decision: Decision, field?: string): FlowError {
  return { code: String(decision.outcome.code ?? 'NOT_ELIGIBLE'), message: String(decision.outcome.message ?? '不符合报名条件。'), field };
}

/**
 * The registration as the rules see it now: the steps that apply to this candidate, in order, each with its status,
 * number (e.g. 2/7), what it asks (options resolved, read-only values marked) and its window; the next step; every
 * field with its lock and the change route open now; and the decisions taken so far.
 */
export async function planRegistration(rules: RuleSet | DecisionEngine, state: RegistrationState, now: Date): Promise<RegistrationPlan> {
  return plan(await Registration.of(rules, state, now));
}

/** Records that a step's page was shown (the first time only): a text's countdown runs from then. */
export function markShown(state: RegistrationState, step: StepCode, now: Date): RegistrationState {
  if (state.steps?.[step]?.shownAt) return state;
  return { ...state, steps: { ...state.steps, [step]: { ...state.steps?.[step], shownAt: now.toISOString() } } };
}

async function gate(r: Registration, code: StepCode): Promise<{ step: FlowStepRule; errors: FlowError[] }> {
  const step = r.step(code);
  if (!step) return { step: undefined as never, errors: [{ code: 'STEP_UNKNOWN', message: `报名流程中没有“${code}”这一步。` }] };
  if (TERMINAL_STEPS.has(code) || code === 'QUALIFICATION_REVIEW') return { step, errors: [{ code: 'STEP_NOT_CANDIDATE_ACTION', message: `“${step.title}”无需考生操作。` }] };
  const planned = await plan(r);
  const status = planned.steps.find((s) => s.code === code)!;
  switch (status.status) {
    case 'CURRENT':
    case 'AVAILABLE':
      return { step, errors: [] };
    case 'BLOCKED':
      return { step, errors: [status.blockedBy!] };
    case 'NOT_APPLICABLE':
      return { step, errors: [{ code: 'STEP_NOT_APPLICABLE', message: `“${step.title}”不适用于您。` }] };
    case 'DONE':
      // A step that could be reopened but for its window says which window is shut.
      if (status.window && !status.window.open && INPUT_STEPS.has(code) && !r.submitted() && status.asks.some((f) => !STEP_LOCAL.has(f.code) && !f.readOnly && !f.locked)) return { step, errors: [windowError(status.window)] };
      return { step, errors: [{ code: 'STEP_LOCKED', message: `“${step.title}”已完成，不能再修改。` }] };
    default: {
      const next = planned.next;
      return { step, errors: [{ code: 'STEP_NOT_REACHED', message: next ? `请先完成“${next.title}”。` : `现在不能办理“${step.title}”。` }] };
    }
  }
}

/** Takes the decisions a step (or a change) takes, in order; a refusal or a missing fact stops it. */
async function take(r: Registration, names: DecisionName[], at: { step?: StepCode; change?: string }, overrides: Record<string, unknown>): Promise<{ taken: TakenDecision[]; errors: FlowError[] }> {
  const taken: TakenDecision[] = [];
  for (const name of names) {
    // Nothing to pay, no channel to choose: a candidate who owes 0 is not asked how to pay.
    if (name === 'paymentChannel' && taken.find((d) => d.decision === 'feeQuote')?.outcome.totalFen === 0) continue;
    const evaluated = await r.evaluate(name, overrides);
    if (!evaluated.ok) return { taken, errors: [evaluated.error] };
    const { decision } = evaluated;
    if (decision.outcome.eligible === false) {
      const reads = factNames(r.set, name);
      const field = Object.keys(overrides).find((code) => reads.includes(code) && code !== 'exemptionClaimed') ?? Object.keys(overrides).find((code) => reads.includes(code));
      return { taken, errors: [refusalOf(decision, field)] };
    }
    taken.push({ ...decision, takenAt: r.now.toISOString(), ...at });
  }
  return { taken, errors: [] };
}

function withDecisions(state: RegistrationState, taken: TakenDecision[]): RegistrationState['decisions'] {
  const decisions = { ...state.decisions };
  for (const decision of taken) decisions[decision.decision] = decision;
  return decisions;
}

/** Starts qualification review once every step before it is done (the registration is submitted). */
async function submitIfReady(rules: RuleSet | DecisionEngine, state: RegistrationState, now: Date): Promise<RegistrationState> {
  if (state.review) return state;
  const p = await planRegistration(rules, state, now);
  const review = p.steps.find((s) => s.code === 'QUALIFICATION_REVIEW');
  if (!review || review.status !== 'CURRENT') return state;
  return { ...state, review: { status: 'PENDING', stage: 0, submittedAt: now.toISOString(), history: [{ stage: 0, outcome: 'SUBMIT', at: now.toISOString() }] } };
}

function normalise(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/**
 * Checks what a candidate gives for a step, as completing it would: the step must be the current one (or a done step
 * whose values may still change), inside its window; every field as the rules ask it; a text's countdown run out; and
 * the decisions the step takes must not refuse. Returns every problem (Chinese message, stable code, field).
 */
export async function validateStepInput(rules: RuleSet | DecisionEngine, state: RegistrationState, code: StepCode, input: Record<string, unknown>, now: Date): Promise<FlowError[]> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return [{ code: 'INPUT_INVALID', message: '提交的内容格式不正确。' }];
  const r = await Registration.of(rules, state, now);
  const { step, errors } = await gate(r, code);
  if (errors.length) return errors;
  const given = normalise(input);
  const problems = await r.check(step, given);
  if (problems.length) return problems;
  if (code === 'PAYMENT') {
    const view = await r.view(step);
    if (view.payment?.required && !view.payment.paid) return [{ code: 'PAYMENT_NOT_MADE', message: `请先缴纳${(view.payment.totalFen / 100).toFixed(2)}元。` }];
    if (view.payment?.required && state.payment?.amountFen !== undefined && state.payment.amountFen !== view.payment.totalFen) {
      return [{ code: 'PAYMENT_AMOUNT_MISMATCH', message: `已缴金额与应缴金额${(view.payment.totalFen / 100).toFixed(2)}元不符，请联系报名管理机构。` }];
    }
  }
  return (await take(await Registration.of(rules, withStepInput(r, code, given), now), step.decides ?? [], { step: code }, answers(given))).errors;
}

function answers(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([code]) => !STEP_LOCAL.has(code)));
}

/** The state with one field (or a few) of a step's input changed. */
function withInput(state: RegistrationState, code: StepCode, input: Record<string, unknown>): RegistrationState {
  const previous = state.steps?.[code]?.input ?? {};
  return { ...state, steps: { ...state.steps, [code]: { ...state.steps?.[code], input: { ...previous, ...input } } } };
}

/** The state with a step's input replaced by what was given, keeping only the values locked since (not resent). */
function withStepInput(r: Registration, code: StepCode, input: Record<string, unknown>): RegistrationState {
  const previous = r.state.steps?.[code]?.input ?? {};
  const kept = Object.fromEntries(Object.entries(previous).filter(([field]) => !(field in input) && !STEP_LOCAL.has(field) && r.lockOf(field)));
  return { ...r.state, steps: { ...r.state.steps, [code]: { ...r.state.steps?.[code], input: { ...kept, ...input } } } };
}

/**
 * Completes a step: checks it as `validateStepInput` does, stores the input, takes the step's decisions (each with its
 * facts, outcome and rule-set hash, for `decision_record`), and submits the registration for review once every step
 * before review is done.
 */
export async function applyStep(rules: RuleSet | DecisionEngine, state: RegistrationState, code: StepCode, input: Record<string, unknown>, now: Date): Promise<FlowResult> {
  const errors = await validateStepInput(rules, state, code, input, now);
  if (errors.length) return { ok: false, errors };
  const given = normalise(input);
  const stored = withStepInput(await Registration.of(rules, state, now), code, given);
  const r = await Registration.of(rules, stored, now);
  const step = r.step(code)!;
  const { taken, errors: refused } = await take(r, step.decides ?? [], { step: code }, answers(given));
  if (refused.length) return { ok: false, errors: refused };
  let next: RegistrationState = { ...stored, steps: { ...stored.steps, [code]: { ...stored.steps?.[code], completedAt: now.toISOString() } }, decisions: withDecisions(stored, taken) };
  next = await submitIfReady(rules, next, now);
  return { ok: true, state: next, decisions: taken };
}

/** A reviewer's answer for the current stage of qualification review. */
export async function applyReview(
  rules: RuleSet | DecisionEngine,
  state: RegistrationState,
  answer: { outcome: ReviewOutcome; role: ReviewerRole; reason?: string },
  now: Date,
): Promise<FlowResult> {
  const r = await Registration.of(rules, state, now);
  const policy = r.flow.review;
  const review = state.review;
  if (!policy || !review) return { ok: false, errors: [{ code: 'REVIEW_NOT_PENDING', message: '该报名尚未提交资格审核。' }] };
  if (review.status !== 'PENDING') return { ok: false, errors: [{ code: 'REVIEW_NOT_PENDING', message: review.status === 'RETURNED' ? '报名已退回考生修改，待考生重新提交后审核。' : '资格审核已结束。' }] };
  const stage = policy.stages[review.stage];
  if (answer.role !== stage.role) return { ok: false, errors: [{ code: 'REVIEWER_NOT_ALLOWED', message: `当前为“${stage.title}”，须由${ROLE_NAMES[stage.role]}审核。` }] };
  const window = r.windowOf(policy.window);
  if (window && !window.open) return { ok: false, errors: [windowError(window)] };
  const reason = answer.reason?.trim() || undefined;
  const rule = answer.outcome === 'REJECT' ? policy.outcomes.reject : answer.outcome === 'RETURN' ? policy.outcomes.return : policy.outcomes.approve;
  if (!rule) return { ok: false, errors: [{ code: 'REVIEW_OUTCOME_NOT_ALLOWED', message: '本省资格审核不退回考生修改，请审核通过或不通过。' }] };
  if ('reasonRequired' in rule && rule.reasonRequired && !reason) return { ok: false, errors: [{ code: 'REASON_REQUIRED', field: 'reason', message: `“${rule.label}”须填写原因。` }] };
  const at = now.toISOString();
  const history = [...review.history, { stage: review.stage, role: answer.role, outcome: answer.outcome, reason, at }];
  const last = review.stage === policy.stages.length - 1;
  const next: ReviewProgress =
    answer.outcome === 'APPROVE'
      ? { ...review, status: last ? 'APPROVED' : 'PENDING', stage: last ? review.stage : review.stage + 1, reason: undefined, history }
      : { ...review, status: answer.outcome === 'REJECT' ? 'REJECTED' : 'RETURNED', reason, history };
  return { ok: true, state: { ...state, review: next }, decisions: [] };
}

/**
 * Whether a locked value may change now to `value`, and how: the route the rules open in this phase (a direct edit, or
 * a change request decided by the reviewer they name), the old and new value, and the decisions to take again.
 */
export async function proposeChange(rules: RuleSet | DecisionEngine, state: RegistrationState, field: string, value: unknown, now: Date): Promise<{ ok: true; change: ChangeProposal } | { ok: false; errors: FlowError[] }> {
  const r = await Registration.of(rules, state, now);
  const stepCode = r.askedBy.get(field);
  if (!stepCode) return { ok: false, errors: [{ code: 'FIELD_UNKNOWN', field, message: `报名信息中没有“${field}”。` }] };
  const step = r.step(stepCode)!;
  const lock = r.lockOf(field);
  if (!lock) return { ok: false, errors: [{ code: 'FIELD_NOT_LOCKED', field, message: `“${r.label(field, step)}”可在“${step.title}”中直接修改。` }] };
  const option = r.changeOption(field);
  if (!option) return { ok: false, errors: [{ code: 'CHANGE_NOT_ALLOWED', field, message: `${lock.message}。` }] };
  if (!option.window.open) return { ok: false, errors: [{ ...windowError(option.window), field }] };
  const asked = (await r.view(step, { [field]: value })).asks.find((f) => f.code === field);
  if (!asked) return { ok: false, errors: [{ code: 'FIELD_NOT_ASKED', field, message: `“${r.label(field, step)}”不适用于您。` }] };
  const invalid = checkValue(r, { ...asked, locked: false }, value);
  if (invalid) return { ok: false, errors: [invalid] };
  const oldValue = r.values[field];
  if (canonicalJson(oldValue) === canonicalJson(value)) return { ok: false, errors: [{ code: 'CHANGE_UNCHANGED', field, message: `“${asked.label}”与原值相同。` }] };
  return { ok: true, change: { field, label: asked.label, oldValue, newValue: value, route: option.route, phase: option.phase, decidedBy: option.decidedBy, redecide: option.redecide } };
}

/**
 * Makes a change `proposeChange` allows: a direct edit by the candidate, or a change request approved by the reviewer
 * the rules name (`approvedBy`; `requestedAt` is when the candidate asked, which the window is checked at). The value
 * is stored, the rules' `redecide` decisions are taken again, and an edit during review resubmits the registration.
 */
export async function applyChange(
  rules: RuleSet | DecisionEngine,
  state: RegistrationState,
  change: { field: string; value: unknown; requestedAt?: Date; approvedBy?: ReviewerRole },
  now: Date,
): Promise<FlowResult> {
  const proposed = await proposeChange(rules, state, change.field, change.value, change.requestedAt ?? now);
  if (!proposed.ok) return proposed;
  const { route, decidedBy, redecide } = proposed.change;
  if (route === 'CHANGE_REQUEST' && change.approvedBy !== decidedBy) {
    return { ok: false, errors: [{ code: 'REVIEWER_NOT_ALLOWED', field: change.field, message: `修改“${proposed.change.label}”须由${ROLE_NAMES[decidedBy!]}审核。` }] };
  }
  if (route === 'EDIT' && change.approvedBy) return { ok: false, errors: [{ code: 'REVIEWER_NOT_ALLOWED', field: change.field, message: `“${proposed.change.label}”由考生本人修改，无需审核。` }] };
  const r = await Registration.of(rules, state, now);
  const code = r.askedBy.get(change.field)!;
  const stored = withInput(state, code, { [change.field]: change.value });
  const { taken, errors } = await take(await Registration.of(rules, stored, now), redecide, { change: change.field }, {});
  if (errors.length) return { ok: false, errors };
  let next: RegistrationState = { ...stored, decisions: withDecisions(stored, taken) };
  const review = state.review;
  if (route === 'EDIT' && review && (review.status === 'PENDING' || review.status === 'RETURNED')) {
    const stage = r.flow.review!.resubmitTo === 'FIRST_STAGE' ? 0 : review.stage;
    next = { ...next, review: { ...review, status: 'PENDING', stage, reason: undefined, history: [...review.history, { stage, outcome: 'RESUBMIT', at: now.toISOString() }] } };
  }
  return { ok: true, state: next, decisions: taken };
}

/** The window an action is governed by: a step's, a change route's, or review's; undefined where none applies. */
export function actionWindow(rules: RuleSet, action: { step: StepCode } | { change: string; phase: ChangePhase } | { review: true }): string | undefined {
  const flow = rules.flow;
  if ('step' in action) {
    if (TERMINAL_STEPS.has(action.step)) return undefined;
    if (action.step === 'QUALIFICATION_REVIEW') return flow.review?.window;
    return flow.steps.find((s) => s.code === action.step)?.window ?? flow.window;
  }
  if ('review' in action) return flow.review?.window;
  const rule = flow.changes?.find((c) => c.phase === action.phase && c.fields.includes(action.change));
  return rule ? (rule.window ?? flow.window) : undefined;
}
