import { forbidden, Refusal, type Caller, type Payable, type UploadTarget as PlatformUploadTarget } from '@zsb/platform';
import {
  actionWindow,
  applyStep,
  examSessionId,
  markShown,
  parseExamSessionId,
  planRegistration,
  validateStepInput,
  windowStatus,
  type FileValue,
  type PlannedStep,
  type RegistrationState,
  type RuleCatalog,
  type RuleSet,
  type StepCode,
} from '@zsb/rules';
import type { CandidateProfile } from './candidates.client.ts';
import { Registration } from './registration.entity.ts';
import { platformFacts, refusal, type RegistrationStore } from './registration.store.ts';
import { UPLOAD_STEPS, userError } from './registration.view.ts';
import type { RegistrationPayment } from './registration.types.ts';
import type { ChangeService } from '../review/change.service.ts';
import { personalInformationFields } from '../voice-fill/form-fields.ts';
import type { VoiceFillService } from '../voice-fill/voice-fill.service.ts';

/** The values the platform supplies for the form's `prefill` keys, from the person's account and roster entry. */
export function prefillOf(profile: CandidateProfile): Record<string, string> {
  const prefill: Record<string, string> = { 'account.idType': profile.account.idType, 'account.idNumber': profile.account.idNumber, 'account.phone': profile.account.phone };
  if (profile.roster) {
    for (const [key, value] of Object.entries(profile.roster)) if (value) prefill[`roster.${key}`] = value;
  }
  return prefill;
}

/** A registration as the upload service sees it, with the rules' step codes, statuses and photo section. */
export type UploadTarget = PlatformUploadTarget<RuleSet['materials']['photo'], StepCode, PlannedStep['status']>;

/**
 * Registration as the candidate does it, step by step, every step checked here by the flow interpreter against the
 * pinned rule-set version and the platform clock; and the hand-over points of uploads (files accepted) and payments
 * (marked paid).
 */
export class RegistrationService {
  constructor(
    private readonly store: RegistrationStore,
    private readonly rules: RuleCatalog,
    private readonly caller: Caller,
    private readonly changes: () => ChangeService,
  ) {}

  private candidate(): { accountId: string; province: string } {
    const p = this.caller.principal;
    if (p.kind !== 'candidate') throw forbidden();
    return { accountId: p.accountId, province: p.province };
  }

  /** The signed-in candidate's registration, or `REGISTRATION_NOT_FOUND`. */
  own(id: string): Promise<Registration> {
    const { accountId } = this.candidate();
    return this.store.get(id, (r) => r.accountId === accountId);
  }

  /** The exam session a candidate registers for: the one named (of their province), or the one in force on the platform clock. */
  private session(examSession: string | undefined): RuleSet {
    const { province } = this.candidate();
    const parsed = examSession ? parseExamSessionId(examSession) : undefined;
    if (examSession && (!parsed || parsed.province !== province)) throw new Refusal('EXAM_SESSION_UNKNOWN', '没有该考试的报名', 'examSessionId');
    const set = parsed ? this.rules.get(parsed.province, parsed.examYear) : this.rules.current(province, this.store.deps.clock.now(province));
    if (!set) throw new Refusal('EXAM_SESSION_UNKNOWN', '没有该考试的报名', 'examSessionId');
    return set;
  }

  async mine(examSession?: string): Promise<Registration | null> {
    const { accountId } = this.candidate();
    const set = this.session(examSession);
    return this.store.em.findOne(Registration, { accountId, examSessionId: examSessionId(set.manifest.province, set.manifest.examYear) });
  }

  /**
   * Starts the candidate's registration for an exam session (once; asking again answers the same registration): pins
   * the rule-set version in force, prefills from the account and the roster, inside the flow's window.
   */
  async start(examSession?: string): Promise<Registration> {
    const { accountId, province } = this.candidate();
    const set = this.session(examSession);
    const sessionId = examSessionId(set.manifest.province, set.manifest.examYear);
    const existing = await this.store.em.findOne(Registration, { accountId, examSessionId: sessionId });
    if (existing) return existing;
    const firstStep = set.flow.steps[0].code;
    const windowCode = actionWindow(set, { step: firstStep });
    const window = windowCode ? windowStatus(set, windowCode, this.store.deps.clock.now(province)) : undefined;
    if (window && !window.open) throw new Refusal(`WINDOW_${window.state}`, window.message);
    const profile = await this.store.deps.candidates.profile(accountId, set.manifest.examYear);
    if (!profile) throw new Refusal('REGISTRATION_NOT_FOUND', '没有找到您的账号信息，请重新登录');
    if (set.accounts.registration.requiresRoster && !profile.roster) {
      throw new Refusal('NOT_ON_ROSTER', set.accounts.registration.rosterMissingMessage ?? '您不在本次考试的考生名单中，请联系所在学校。');
    }
    await this.store.deps.versions.pin(this.store.em, set);
    const facts = platformFacts(set, { otherRegistrations: await this.store.em.count(Registration, { accountId, examSessionId: sessionId }) });
    const registration = this.store.em.create(Registration, {
      accountId,
      examSessionId: sessionId,
      province,
      ruleSetId: set.id,
      ruleSetHash: set.contentHash,
      state: {},
      personal: { prefill: prefillOf(profile) },
    });
    this.store.em.persist(registration);
    try {
      return await this.store.save(registration, { prefill: prefillOf(profile), ...(Object.keys(facts).length ? { facts } : {}) });
    } catch (error) {
      // Two devices started at once: the other one's registration is the candidate's registration.
      if ((error as { name?: string }).name !== 'UniqueConstraintViolationException') throw error;
      const fork = this.store.em.fork();
      const theirs = await fork.findOne(Registration, { accountId, examSessionId: sessionId });
      if (!theirs) throw error;
      return theirs;
    }
  }

  /** Records that a step's page was shown, the first time only: a text's countdown runs from then, on the server's clock. */
  async show(id: string, step: StepCode): Promise<Registration> {
    const registration = await this.own(id);
    const { set } = await this.store.rules(registration);
    if (!set.flow.steps.some((s) => s.code === step)) throw new Refusal('STEP_UNKNOWN', `报名流程中没有“${step}”这一步。`, 'step');
    const state = await this.store.state(registration);
    if (state.steps?.[step]?.shownAt) return registration;
    return this.store.save(registration, markShown(state, step, this.store.now(registration)));
  }

  /**
   * Completes (or, before its values lock, redoes) a step with the candidate's answers. Steps completed by uploads and
   * payment are handed over by those services; a payment step owing nothing completes here.
   */
  async complete(id: string, step: StepCode, values: Record<string, unknown>, version?: number): Promise<Registration> {
    let registration = await this.own(id);
    this.store.expectVersion(registration, version);
    if (UPLOAD_STEPS.has(step)) throw new Refusal('STEP_COMPLETED_BY_UPLOAD', '此步骤在文件上传并通过检查后自动完成。', 'step');
    const { set, engine } = await this.store.rules(registration);
    if (step === 'PAYMENT') await this.ensurePledge(registration, set);
    if (step === 'PERSONAL_INFORMATION') registration = await this.refreshPrefill(registration, set);
    const result = await applyStep(engine, await this.store.state(registration), step, values ?? {}, this.store.now(registration));
    if (!result.ok) throw refusal(result.errors);
    return this.store.save(registration, result.state, result.decisions);
  }

  /**
   * Reads the person again while the form is being filled in: a college that corrects the roster (school, major) is
   * seen by the candidate before the values lock.
   */
  private async refreshPrefill(registration: Registration, set: RuleSet): Promise<Registration> {
    if (registration.status !== 'IN_PROGRESS') return registration;
    const profile = await this.store.deps.candidates.profile(registration.accountId, set.manifest.examYear);
    if (!profile) return registration;
    const prefill = prefillOf(profile);
    if (JSON.stringify(prefill) === JSON.stringify(registration.personal.prefill)) return registration;
    registration.personal = { ...registration.personal, prefill };
    return registration;
  }

  /**
   * A step as it would ask with some answers given but not submitted: 是否兼报 是 shows the exam cities and subject
   * groups it opens, before the candidate completes the step. Nothing is stored.
   */
  async previewStep(registration: Registration, step: StepCode, values: Record<string, unknown>): Promise<PlannedStep | undefined> {
    const { engine } = await this.store.rules(registration);
    const state = await this.store.state(registration);
    const tentative: RegistrationState = { ...state, steps: { ...state.steps, [step]: { ...state.steps?.[step], input: { ...state.steps?.[step]?.input, ...values } } } };
    return (await planRegistration(engine, tentative, this.store.now(registration))).steps.find((s) => s.code === step);
  }

  /** Where the rules show an integrity pledge at payment (诚信考试承诺书), it must be acknowledged before paying. */
  private async ensurePledge(registration: Registration, set: RuleSet): Promise<void> {
    if (!set.texts.texts.some((t) => t.code === 'INTEGRITY_PLEDGE') || registration.pledgeAcknowledgedAt) return;
    throw new Refusal('INTEGRITY_PLEDGE_REQUIRED', `请先下载并阅读《${set.texts.texts.find((t) => t.code === 'INTEGRITY_PLEDGE')!.title}》并确认。`, 'pledge');
  }

  /** The candidate acknowledges the integrity pledge shown at payment, once the payment step is reached. */
  async acknowledgePledge(id: string, version?: number): Promise<Registration> {
    const registration = await this.own(id);
    this.store.expectVersion(registration, version);
    const { set } = await this.store.rules(registration);
    const pledge = set.texts.texts.find((t) => t.code === 'INTEGRITY_PLEDGE');
    if (!pledge) throw new Refusal('PLEDGE_NOT_ASKED', '本省缴费前无需确认诚信考试承诺书。');
    if (registration.pledgeAcknowledgedAt) return registration;
    const plan = await this.store.plan(registration);
    const payment = plan.steps.find((s) => s.code === 'PAYMENT');
    if (!payment || !['CURRENT', 'BLOCKED', 'DONE', 'AVAILABLE'].includes(payment.status)) {
      throw new Refusal('STEP_NOT_REACHED', plan.next ? `请先完成“${plan.next.title}”。` : '现在不能确认承诺书。');
    }
    registration.pledgeAcknowledgedAt = this.store.now(registration);
    return this.store.save(registration, await this.store.state(registration));
  }

  /** What the registration owes and whether payment can start now, as the API and the payments subgraph read it. */
  async payment(registration: Registration): Promise<RegistrationPayment | undefined> {
    const plan = await this.store.plan(registration);
    const step = plan.steps.find((s) => s.code === 'PAYMENT');
    if (!step?.payment) return undefined;
    const { set } = await this.store.rules(registration);
    const state = registration.state;
    const pledge = set.texts.texts.find((t) => t.code === 'INTEGRITY_PLEDGE');
    const p = step.payment;
    let notReady: { code: string; message: string; field?: string } | undefined;
    if (p.paid) notReady = { code: 'PAYMENT_ALREADY_MADE', message: '已缴费。' };
    else if (!p.required) notReady = { code: 'NOTHING_TO_PAY', message: '您无需缴费。' };
    else if (step.status === 'LOCKED') notReady = { code: 'STEP_NOT_REACHED', message: plan.next ? `请先完成“${plan.next.title}”。` : '现在不能缴费。' };
    else if (step.status === 'BLOCKED') notReady = step.blockedBy;
    else if (step.status !== 'CURRENT') notReady = { code: 'STEP_NOT_REACHED', message: '现在不能缴费。' };
    else if (pledge && !registration.pledgeAcknowledgedAt) notReady = { code: 'INTEGRITY_PLEDGE_REQUIRED', message: `请先下载并阅读《${pledge.title}》并确认。` };
    return {
      required: p.required,
      totalFen: p.totalFen,
      lines: p.lines,
      channel: p.channel,
      paid: p.paid,
      paidFen: state.payment?.amountFen,
      paidAt: state.payment?.paidAt ? new Date(state.payment.paidAt) : undefined,
      refundAfterPayment: p.refundAfterPayment,
      notices: p.notices,
      pledge: pledge && { title: pledge.title, body: pledge.body, acknowledgedAt: registration.pledgeAcknowledgedAt },
      readyToPay: !notReady,
      notReadyBecause: userError(notReady),
    };
  }

  /** The payments subgraph's view before it opens an order. */
  async payable(id: string): Promise<Payable> {
    const registration = await this.store.get(id, () => true);
    const payment = await this.payment(registration);
    const { set } = await this.store.rules(registration);
    return {
      registrationId: registration.id,
      accountId: registration.accountId,
      examSessionId: registration.examSessionId,
      ruleSetHash: registration.ruleSetHash,
      readyToPay: payment?.readyToPay ?? false,
      notReadyBecause: payment?.notReadyBecause && { code: payment.notReadyBecause.code, message: payment.notReadyBecause.message },
      totalFen: payment?.totalFen ?? 0,
      lines: payment?.lines ?? [],
      channel: payment?.channel,
      paid: payment?.paid ?? false,
      paidOrderId: registration.state.payment?.orderId,
      refund: {
        afterPayment: set.parameters.paymentChannels.refundAfterPayment === true,
        whenReviewFails: set.parameters.paymentChannels.refundWhenReviewFails === true,
        reviewFailed: registration.status === 'REJECTED',
      },
    };
  }

  /**
   * 语音识别填报 for the upload service: the recording read against the personal-information form of this registration
   * (its pinned rule set, its state now). Answers suggestions; nothing is saved.
   */
  async voiceFill(id: string, service: VoiceFillService, audio: Uint8Array) {
    const registration = await this.store.get(id, () => true);
    const { set } = await this.store.rules(registration);
    const now = this.store.now(registration);
    const fields = await personalInformationFields(set, await this.store.state(registration), now);
    return service.suggest({ ruleSet: set, fields, audio, now });
  }

  /**
   * What the upload service needs before it issues an upload token: whose registration it is and who reviews it (the
   * candidate, the province, the college), and each file field the flow asks with its step, the step's status now,
   * and the rules' limits; with the rule set's photo section, which the face analysis is held to.
   */
  async uploadTarget(id: string): Promise<UploadTarget> {
    const registration = await this.store.get(id, () => true);
    const { set } = await this.store.rules(registration);
    const plan = await this.store.plan(registration);
    const fields: UploadTarget['fields'] = [];
    for (const step of plan.steps) {
      if (!UPLOAD_STEPS.has(step.code)) continue;
      for (const ask of step.asks) {
        if (ask.type !== 'file' && ask.type !== 'photo') continue;
        fields.push({ code: ask.code, step: step.code, label: ask.label, type: ask.type, formats: ask.formats, maxBytes: ask.maxBytes, stepStatus: step.status, blockedBy: step.blockedBy && { code: step.blockedBy.code, message: step.blockedBy.message } });
      }
    }
    // A recording for voice fill, where the form offers it: it fills the personal-information step's suggestions.
    const voice = set.form.voiceFill;
    const personal = plan.steps.find((s) => s.code === 'PERSONAL_INFORMATION');
    if (voice && personal) fields.push({ code: 'recording', step: personal.code, label: '语音录音', type: 'recording', formats: voice.formats, maxBytes: voice.maxBytes, stepStatus: personal.status, blockedBy: personal.blockedBy && { code: personal.blockedBy.code, message: personal.blockedBy.message } });
    return { registrationId: registration.id, accountId: registration.accountId, province: registration.province, collegeCode: registration.collegeCode ?? null, examSessionId: registration.examSessionId, fields, photo: set.materials.photo };
  }

  /**
   * The payment hand-over: the payments subgraph marks the registration paid once the channel confirms it, with the
   * time it was paid (on the platform clock). Accepted only as payment could start then — every earlier step done,
   * the pledge acknowledged, the payment window open — and for the amount quoted: the payment step completes (taking
   * the fee and channel decisions) and, where review follows, the registration is submitted. A refusal records
   * nothing; the payments subgraph refunds what it cannot hand over. The hand-over is an idempotent consumer keyed by
   * the payment order: the same order again is answered as before (`repeated`), another order for a paid registration
   * is refused with `PAYMENT_ALREADY_MADE` (a second charge, which payments refunds).
   */
  async markPaid(id: string, paid: { amountFen: number; paidAt?: Date; orderId?: string }): Promise<{ registration: Registration; completed: boolean; repeated: boolean }> {
    const registration = await this.store.get(id, () => true);
    const { set, engine } = await this.store.rules(registration);
    const state = await this.store.state(registration);
    if (state.payment?.status === 'PAID') {
      const sameOrder = paid.orderId === undefined || state.payment.orderId === undefined ? true : paid.orderId === state.payment.orderId;
      if (state.payment.amountFen !== paid.amountFen || !sameOrder) throw new Refusal('PAYMENT_ALREADY_MADE', '该报名已记录另一笔缴费。');
      return { registration, completed: Boolean(state.steps?.PAYMENT?.completedAt), repeated: true };
    }
    const now = this.store.now(registration);
    const at = paid.paidAt && paid.paidAt.getTime() <= now.getTime() ? paid.paidAt : now;
    const step = (await planRegistration(engine, state, at)).steps.find((s) => s.code === 'PAYMENT');
    if (!step) throw new Refusal('STEP_UNKNOWN', '报名流程中没有缴费这一步。');
    if (step.status !== 'CURRENT') throw refusal([step.blockedBy ?? { code: 'STEP_NOT_REACHED', message: '现在不能缴费。' }]);
    if (!step.payment?.required) throw new Refusal('NOTHING_TO_PAY', '该报名无需缴费。');
    await this.ensurePledge(registration, set);
    const result = await applyStep(engine, { ...state, payment: { status: 'PAID', amountFen: paid.amountFen, paidAt: at.toISOString(), ...(paid.orderId ? { orderId: paid.orderId } : {}) } }, 'PAYMENT', {}, at);
    if (!result.ok) throw refusal(result.errors);
    return { registration: await this.store.save(registration, result.state, result.decisions), completed: true, repeated: false };
  }

  /**
   * The upload hand-over: the upload service gives the files it accepted for a step (a material, a photo with its
   * compliance result). The step completes once every file it asks is in; before that the files are kept. A file for a
   * step whose values are locked is a change, made through the route the rules open (or refused).
   */
  async receiveFiles(id: string, step: StepCode, files: Record<string, FileValue>): Promise<{ registration: Registration; completed: boolean; missing: string[] }> {
    if (!UPLOAD_STEPS.has(step)) throw new Refusal('STEP_NOT_UPLOAD', `“${step}”不是上传文件的步骤。`, 'step');
    const registration = await this.store.get(id, () => true);
    const { set, engine } = await this.store.rules(registration);
    if (!set.flow.steps.some((s) => s.code === step)) throw new Refusal('STEP_UNKNOWN', `报名流程中没有“${step}”这一步。`, 'step');
    const plan = await this.store.plan(registration);
    const planned = plan.steps.find((s) => s.code === step)!;
    if (planned.status === 'DONE') {
      const changed = await this.changes().request(registration, Object.entries(files).map(([field, value]) => ({ field, value })));
      return { registration: changed, completed: true, missing: [] };
    }
    const state = await this.store.state(registration);
    const now = this.store.now(registration);
    const merged = { ...state.steps?.[step]?.input, ...files };
    const errors = await validateStepInput(engine, state, step, merged, now);
    if (!errors.length) {
      const result = await applyStep(engine, state, step, merged, now);
      if (!result.ok) throw refusal(result.errors);
      return { registration: await this.store.save(registration, result.state, result.decisions), completed: true, missing: [] };
    }
    // Only files still to come may be missing; anything wrong with the files given, or with the step now, is refused.
    const missing = errors.filter((e) => e.code === 'FIELD_REQUIRED' && e.field && !(e.field in files));
    if (missing.length !== errors.length) throw refusal(errors.filter((e) => !missing.includes(e)));
    const kept: RegistrationState = { ...state, steps: { ...state.steps, [step]: { ...state.steps?.[step], input: merged } } };
    return { registration: await this.store.save(registration, kept), completed: false, missing: missing.map((e) => e.field!) };
  }
}
