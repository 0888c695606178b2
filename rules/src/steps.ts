import type { Flow, Form, Materials, StepCode } from './types.ts';

/** Steps that ask nothing and are done once reached: the end of registration. */
export const TERMINAL_STEPS: ReadonlySet<StepCode> = new Set(['PREVIEW', 'DONE']);

/** The text each reading step shows and has acknowledged. */
export const STEP_TEXTS: Partial<Record<StepCode, 'NOTICE' | 'PLEDGE'>> = { NOTICE: 'NOTICE', PLEDGE: 'PLEDGE' };

/** The fields each step kind asks, besides the form's; labels are the platform's wording unless a step gives its own. */
export const STEP_FIELD_LABELS: Record<string, string> = {
  exemptionClaimed: '是否免试',
  candidateType: '考生类型',
  dualApplication: '是否兼报',
  examCity: '考试地点',
  subjectGroup: '考试科目',
  photo: '本人照片',
  idCardFront: '身份证正面照片',
};

/**
 * Every field the flow can ask, by code, with the step that asks it: form fields (PERSONAL_INFORMATION), the
 * candidate type and 是否免试 (CANDIDATE_TYPE), exam choices (EXAM_CHOICE), photos (PHOTO, IDENTITY_CAPTURE) and
 * materials (MATERIALS, by material code). A code asked by two steps is listed once per step in `twice`.
 */
export function flowFields(rules: { flow: Flow; form: Form; materials: Materials }): { askedBy: Map<string, StepCode>; twice: { code: string; step: StepCode }[] } {
  const askedBy = new Map<string, StepCode>();
  const twice: { code: string; step: StepCode }[] = [];
  const ask = (code: string, step: StepCode) => {
    if (askedBy.has(code)) twice.push({ code, step });
    else askedBy.set(code, step);
  };
  for (const step of rules.flow.steps) {
    switch (step.code) {
      case 'CANDIDATE_TYPE':
        if (step.askExemption) ask('exemptionClaimed', step.code);
        ask('candidateType', step.code);
        break;
      case 'PERSONAL_INFORMATION':
        for (const field of rules.form.fields) ask(field.code, step.code);
        break;
      case 'EXAM_CHOICE':
        for (const code of ['dualApplication', 'examCity', 'subjectGroup']) ask(code, step.code);
        break;
      case 'PHOTO':
      case 'IDENTITY_CAPTURE':
        if (rules.materials.photo.idCardFront) ask('idCardFront', step.code);
        ask('photo', step.code);
        break;
      case 'MATERIALS':
        for (const material of rules.materials.materials) ask(material.code, step.code);
        break;
      default:
        break;
    }
  }
  return { askedBy, twice };
}

/**
 * The position of the step whose completion submits the registration: the last step before qualification review, or
 * the last step before the end where there is no review. Every value locks there at the latest.
 */
export function submissionIndex(flow: Flow): number {
  const review = flow.steps.findIndex((s) => s.code === 'QUALIFICATION_REVIEW');
  if (review > 0) return review - 1;
  let last = flow.steps.length - 1;
  while (last > 0 && TERMINAL_STEPS.has(flow.steps[last].code)) last--;
  return last;
}

/** The position of the step after which a field can no longer change directly; read-only fields are always locked (-1). */
export function lockIndex(rules: { flow: Flow; form: Form }, code: string): number {
  const field = rules.form.fields.find((f) => f.code === code);
  if (field?.readOnly) return -1;
  const positions = [submissionIndex(rules.flow)];
  rules.flow.steps.forEach((step, i) => {
    if (step.locks?.includes(code)) positions.push(i);
    if (field?.locksAt === step.code) positions.push(i);
  });
  return Math.min(...positions);
}
