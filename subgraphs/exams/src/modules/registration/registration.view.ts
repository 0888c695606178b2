import { maskIdNumber, maskPhone, UserError } from '@zsb/platform';
import { flowFields, type AskedField, type FieldState, type FlowError, type PlannedStep, type RegistrationPlan, type RuleSet, type StepCode, type TakenDecision, type VoiceFillRules, type WindowStatus } from '@zsb/rules';
import type {
  ChangeOptionView,
  RegistrationDecision,
  RegistrationFieldState,
  RegistrationReview,
  RegistrationStep,
  RegistrationWindow,
  StepQuestion,
} from './registration.types.ts';

/** Steps completed by the upload service handing over accepted files, never by the candidate's own answer. */
export const UPLOAD_STEPS: ReadonlySet<StepCode> = new Set(['MATERIALS', 'PHOTO', 'IDENTITY_CAPTURE']);

/** The step a voice-fill recording fills (the form's own step). */
const VOICE_FILL_STEP: StepCode = 'PERSONAL_INFORMATION';

/** Steps whose answers are about the person (the form, photos, materials): masked for partners. */
const PERSONAL_STEPS: ReadonlySet<StepCode> = new Set(['PERSONAL_INFORMATION', 'PHOTO', 'IDENTITY_CAPTURE', 'MATERIALS']);

/** Every personal value of a rule set, by field code, with its type (`idNumber`, `phone`, `text`, `file`, …). */
export function personalFields(set: RuleSet): Map<string, string> {
  const types = new Map(set.form.fields.map((f) => [f.code, f.type as string]));
  return new Map([...flowFields(set).askedBy].filter(([, step]) => PERSONAL_STEPS.has(step)).map(([code]) => [code, types.get(code) ?? 'file']));
}

/** A personal value as a partner sees it: enough to recognise (王*, 139****5678, 3701**********1015), never the whole. */
export function maskValue(value: unknown, type?: string): string | null {
  if (typeof value !== 'string' || !value) return null;
  if (type === 'idNumber') return maskIdNumber(value);
  if (type === 'phone') return maskPhone(value);
  const chars = [...value];
  if (chars.length <= 6) return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 5) + chars.slice(-2).join('');
}

/** The personal fields a caller must see masked (a partner's without the identity scope), with their types; or null. */
export type MaskedFields = Map<string, string> | null;

export function userError(error: FlowError | undefined): UserError | undefined {
  return error && new UserError(error.code, error.message, error.field);
}

export function windowView(window: WindowStatus | undefined): RegistrationWindow | undefined {
  return window && { window: window.window, name: window.name, state: window.state, open: window.open, period: window.period, message: window.message };
}

function questionView(field: AskedField, masked: MaskedFields): StepQuestion {
  const hide = masked?.has(field.code);
  return {
    code: field.code,
    label: field.label,
    type: field.type,
    required: field.required,
    options: field.options?.map((o) => ({ code: o.code, name: o.name, subjects: o.subjects, majorScope: o.majorScope })),
    value: hide ? maskValue(field.value, field.type) : field.value,
    default: hide ? maskValue(field.default, field.type) : field.default,
    readOnly: field.readOnly,
    prefilled: field.prefilled,
    locked: field.locked,
    hint: field.hint,
    pattern: field.validation?.pattern,
    minLength: field.validation?.minLength,
    maxLength: field.validation?.maxLength,
    validationMessage: field.validation?.message,
    formats: field.formats,
    maxBytes: field.maxBytes,
  };
}

/**
 * A planned step for the API; `masked` lists the personal fields a partner must not see; `voiceFill` is the form's
 * 语音识别填报 where the province offers it, shown on the personal-information step (the step a recording fills).
 */
export function stepView(step: PlannedStep, masked: MaskedFields, voiceFill?: VoiceFillRules): RegistrationStep {
  return {
    code: step.code,
    title: step.title,
    description: step.description,
    position: step.position,
    number: step.number,
    status: step.status,
    blockedBy: userError(step.blockedBy),
    asks: step.asks.map((f) => questionView(f, masked)),
    label: step.label,
    text: step.text && {
      code: step.text.code,
      title: step.text.title,
      body: step.text.body,
      acknowledgement: step.text.acknowledgement,
      countdownSeconds: step.text.countdownSeconds,
      shownAt: step.text.shownAt ? new Date(step.text.shownAt) : undefined,
      unlocksAt: step.text.unlocksAt ? new Date(step.text.unlocksAt) : undefined,
    },
    window: windowView(step.window),
    locks: step.locks,
    voiceFill: voiceFill && step.code === VOICE_FILL_STEP ? { maxSeconds: voiceFill.maxSeconds, maxBytes: voiceFill.maxBytes, formats: voiceFill.formats } : undefined,
    completedByUpload: UPLOAD_STEPS.has(step.code),
    completedAt: step.completedAt ? new Date(step.completedAt) : undefined,
  };
}

export function fieldView(field: FieldState, masked: MaskedFields): RegistrationFieldState {
  const hide = masked?.has(field.code);
  const type = masked?.get(field.code);
  const changeable: ChangeOptionView | undefined = field.changeable
    ? { route: field.changeable.route, phase: field.changeable.phase, decidedBy: field.changeable.decidedBy, window: windowView(field.changeable.window)! }
    : undefined;
  return {
    code: field.code,
    label: field.label,
    step: field.step,
    value: hide ? maskValue(field.value, type) : field.value,
    display: hide ? (maskValue(field.display, type) ?? undefined) : field.display,
    locked: field.locked,
    lockReason: field.lock?.reason,
    lockMessage: field.lock?.message,
    changeable,
  };
}

export function decisionView(decision: TakenDecision): RegistrationDecision {
  return {
    decision: decision.decision,
    outcome: decision.outcome,
    facts: decision.facts,
    ruleSetHash: decision.ruleSetHash,
    step: decision.step,
    change: decision.change,
    takenAt: new Date(decision.takenAt),
  };
}

export function reviewView(plan: RegistrationPlan, history: { stage: number; role?: string; outcome: string; reason?: string; at: string }[]): RegistrationReview | undefined {
  const review = plan.steps.find((s) => s.code === 'QUALIFICATION_REVIEW')?.review;
  if (!review) return undefined;
  return {
    status: review.status,
    stage: review.stage && { index: review.stage.index, role: review.stage.role, title: review.stage.title, routeValue: typeof review.stage.routeBy?.value === 'string' ? review.stage.routeBy.value : undefined },
    stages: review.stages.map((s, index) => ({ index, role: s.role, title: s.title })),
    reason: review.reason,
    outcomes: review.outcomes.map((o) => ({ outcome: o.outcome, label: o.label, reasonRequired: o.reasonRequired })),
    history: history.map((h) => ({ stage: h.stage, role: h.role, outcome: h.outcome, reason: h.reason, at: new Date(h.at) })),
  };
}
