import { randomUUID } from 'node:crypto';
import { OptimisticLockError, type EntityManager } from '@mikro-orm/core';
import { Refusal, type OutboxRelay, type PlatformClock } from '@zsb/platform';
import { decisionFacts, DECISIONS, flowFields, planRegistration, type DecisionEngine, type FlowError, type RegistrationPlan, type RegistrationState, type RuleSet, type TakenDecision } from '@zsb/rules';
import { DecisionRecord } from '../policy/decision-record.entity.ts';
import type { CandidatesClient } from './candidates.client.ts';
import { Registration, type PersonalValues } from './registration.entity.ts';
import type { RuleSetVersions } from './rule-set-versions.ts';

/** What the registration services share, built once at start. */
export interface RegistrationDependencies {
  versions: RuleSetVersions;
  clock: PlatformClock;
  candidates: CandidatesClient;
  /** Delivers the outbox (SMS to candidates) after a commit. */
  relay: OutboxRelay;
}

/** The step whose input holds the personal information (the form): its values go to the personal column. */
const PERSONAL_STEP = 'PERSONAL_INFORMATION';

/** The state as the interpreter reads it: the stored state with its personal values put back. */
export function mergeState(registration: Pick<Registration, 'state' | 'personal'>): RegistrationState {
  const { state, personal } = registration;
  const steps = { ...state.steps };
  if (personal.form) steps[PERSONAL_STEP] = { ...steps[PERSONAL_STEP], input: personal.form };
  return { ...state, prefill: personal.prefill, steps };
}

/** Splits a state into what is stored as is and the personal values (prefill, personal information). */
export function splitState(state: RegistrationState): { state: RegistrationState; personal: PersonalValues } {
  const { prefill, ...rest } = state;
  const steps = { ...rest.steps };
  const form = steps[PERSONAL_STEP]?.input;
  if (steps[PERSONAL_STEP]) {
    const { input: _input, ...progress } = steps[PERSONAL_STEP]!;
    steps[PERSONAL_STEP] = progress;
  }
  return { state: { ...rest, steps }, personal: { ...(prefill ? { prefill } : {}), ...(form ? { form } : {}) } };
}

/** A field's value as the registration holds it: a read-only prefilled value, else what the step that asks it was given. */
export function valueOf(set: RuleSet, state: RegistrationState, code: string): unknown {
  const field = set.form.fields.find((f) => f.code === code);
  if (field?.readOnly && field.prefill) return state.prefill?.[field.prefill];
  const step = flowFields(set).askedBy.get(code);
  return step ? state.steps?.[step]?.input?.[code] : undefined;
}

/**
 * The field that says which college a registration belongs to: the one a college review stage routes by, else the
 * form's college field (from the roster or the colleges list). Undefined where the rules know no college code.
 */
export function collegeField(set: RuleSet): string | undefined {
  const routed = set.flow.review?.stages.find((s) => s.routeBy)?.routeBy;
  if (routed) return routed;
  return set.form.fields.find((f) => f.prefill === 'roster.collegeCode' || f.optionsFrom === 'colleges')?.code;
}

/**
 * Facts the platform supplies, at start, for the decisions that declare them. `appliedForRetiredSoldierExemption`:
 * whether the person holds another registration in this exam session. A person holds one registration per exam
 * session (a unique index), and where the retired student-soldier exemption is a candidate type here it is that very
 * registration's type, read from the roster; so a registration for the unified exam never comes with the exemption.
 */
export function platformFacts(set: RuleSet, known: { otherRegistrations: number }): Record<string, unknown> {
  const declared = DECISIONS.some((name) => 'appliedForRetiredSoldierExemption' in decisionFacts(set, name));
  return declared ? { appliedForRetiredSoldierExemption: known.otherRegistrations > 0 } : {};
}

/** The first refusal as the operation's error, with every refusal for forms that show each field's problem. */
export function refusal(errors: FlowError[]): Refusal {
  const [first] = errors;
  return new Refusal(first.code, first.message, first.field, { errors: errors.map((e) => ({ code: e.code, message: e.message, field: e.field })) });
}

export const NOT_FOUND_MESSAGE = '没有找到该报名';

/**
 * Loads and saves registrations for the services that act on them: the state put together and split again, the
 * rule-set version each is pinned to, the time for its province, its plan (once per version per request), and a
 * write that applies only over the version it was read at, together with the decisions it took.
 */
export class RegistrationStore {
  private readonly plans = new Map<string, Promise<RegistrationPlan>>();
  private readonly instants = new Map<string, Date>();

  constructor(
    readonly em: EntityManager,
    readonly deps: RegistrationDependencies,
  ) {}

  async find(id: string): Promise<Registration | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return this.em.findOne(Registration, { id });
  }

  /** A registration the caller may act on, or `REGISTRATION_NOT_FOUND` (the same answer whether it exists or not). */
  async get(id: string, reachable: (r: Registration) => boolean): Promise<Registration> {
    const registration = await this.find(id);
    if (!registration || !reachable(registration)) throw new Refusal('REGISTRATION_NOT_FOUND', NOT_FOUND_MESSAGE, 'registrationId');
    return registration;
  }

  rules(registration: Pick<Registration, 'ruleSetHash'>): Promise<{ set: RuleSet; engine: DecisionEngine }> {
    return this.deps.versions.resolve(this.em, registration.ruleSetHash);
  }

  /** The platform clock for the registration's province, read once per request: one request acts at one instant. */
  now(registration: Pick<Registration, 'province'>): Date {
    let now = this.instants.get(registration.province);
    if (!now) this.instants.set(registration.province, (now = this.deps.clock.now(registration.province)));
    return now;
  }

  /** The state the interpreter works on. */
  async state(registration: Registration): Promise<RegistrationState> {
    return mergeState(registration);
  }

  plan(registration: Registration): Promise<RegistrationPlan> {
    const key = `${registration.id}:${registration.version}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = (async () => planRegistration((await this.rules(registration)).engine, mergeState(registration), this.now(registration)))();
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** Refuses a write from a page that showed an older version. */
  expectVersion(registration: Registration, version: number | undefined): void {
    if (version !== undefined && version !== null && version !== registration.version) throw staleWrite();
  }

  /**
   * Writes a new state with the decisions it took (each a `decision_record` citing the pinned version), and whatever
   * `also` adds (audit entries, change requests, outbox messages), in one transaction that applies only if nobody
   * wrote the registration since it was read.
   */
  async save(registration: Registration, next: RegistrationState, decisions: TakenDecision[] = [], also?: (em: EntityManager) => void): Promise<Registration> {
    const { set, engine } = await this.rules(registration);
    const { state, personal } = splitState(withoutExplanations(next));
    registration.state = state;
    registration.personal = personal;
    const plan = await planRegistration(engine, next, this.now(registration));
    this.denormalise(registration, set, next, plan);
    const records = decisions.map((decision) => ({
      id: randomUUID(),
      decision: decision.decision,
      ruleSetId: decision.ruleSetId,
      ruleSetHash: decision.ruleSetHash,
      subjectType: 'Registration',
      subjectId: registration.id,
      facts: decision.facts,
      outcome: decision.outcome,
      decidedAt: new Date(decision.takenAt),
    }));
    also?.(this.em);
    try {
      // One transaction: the registration's conditional update, what `also` added, and the decision records (written
      // as rows, without the unit of work's bookkeeping: they are never changed).
      await this.em.transactional(async (tx) => {
        await tx.flush();
        if (records.length) await tx.insertMany(DecisionRecord, records);
      });
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        this.em.clear();
        throw staleWrite();
      }
      throw error;
    }
    this.plans.set(`${registration.id}:${registration.version}`, Promise.resolve(plan));
    return registration;
  }

  private denormalise(registration: Registration, set: RuleSet, state: RegistrationState, plan: RegistrationPlan): void {
    const text = (code: string | undefined) => {
      const value = code ? valueOf(set, state, code) : undefined;
      return typeof value === 'string' && value ? value : undefined;
    };
    registration.status = plan.status;
    registration.nextStep = plan.next?.code;
    registration.candidateType = text('candidateType');
    registration.examCity = text('examCity');
    registration.collegeCode = text(collegeField(set));
    const review = state.review;
    registration.reviewRole = review?.status === 'PENDING' ? set.flow.review?.stages[review.stage]?.role : undefined;
    const submitted = review?.history.filter((h) => h.outcome === 'SUBMIT' || h.outcome === 'RESUBMIT').at(-1)?.at;
    if (submitted) registration.submittedAt = new Date(submitted);
    else if (plan.status === 'COMPLETE' && !registration.submittedAt) registration.submittedAt = this.now(registration);
  }
}

/**
 * A decision's explanation is not stored with the registration: it follows from the facts and the pinned version, and
 * the decision records keep those. It was half of the stored state.
 */
function withoutExplanations(state: RegistrationState): RegistrationState {
  if (!state.decisions) return state;
  const decisions = Object.fromEntries(Object.entries(state.decisions).map(([name, decision]) => [name, decision && { ...decision, explanation: [] }]));
  return { ...state, decisions };
}

function staleWrite(): Refusal {
  return new Refusal('REGISTRATION_CHANGED', '报名信息已在其他页面或设备上更新，请刷新后再操作', 'version');
}
