import type { Question, Registration, Step, StepSummary } from './documents.ts';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

/** How each step status reads in the task list (GOV.UK's task list: the status beside each step). */
export const STEP_STATUS_LABELS = labels(['DONE', 'AVAILABLE', 'CURRENT', 'BLOCKED', 'LOCKED', 'NOT_APPLICABLE'] as const, (code) => t(`stepStatus.${code}`));

export const REGISTRATION_STATUS_LABELS = labels(['IN_PROGRESS', 'IN_REVIEW', 'RETURNED', 'REJECTED', 'COMPLETE'] as const, (code) => t(`registrationStatus.${code}`));

export const REVIEW_STATUS_LABELS = labels(['PENDING', 'RETURNED', 'APPROVED', 'REJECTED'] as const, (code) => t(`reviewStatus.${code}`));

/** A code → label table whose labels follow the language switch (each read translates, so a page re-renders). */
export function labels<K extends string>(codes: readonly K[], label: (code: K) => string): Record<string, string> {
  const table: Record<string, string> = {};
  for (const code of codes) Object.defineProperty(table, code, { get: () => label(code), enumerable: true });
  return table;
}

/** A step the candidate may open now: the one to do, or a done one that can still be redone or looked at. */
export function canOpen(step: Pick<Step, 'status'>): boolean {
  return step.status === 'CURRENT' || step.status === 'AVAILABLE' || step.status === 'DONE' || step.status === 'BLOCKED';
}

/** Progress over the numbered steps, as the manuals count them ("2/7"): how many are done, of how many. */
export function progress(steps: readonly Pick<Step, 'number' | 'status'>[]): { done: number; total: number } {
  const numbered = steps.filter((s) => s.number);
  const done = numbered.filter((s) => s.status === 'DONE' || s.status === 'AVAILABLE' || s.status === 'NOT_APPLICABLE').length;
  return { done, total: numbered.length };
}

/** The value a question shows first: what the registration holds, else the prefilled or default value. */
export function initialValue(question: Pick<Question, 'value' | 'default'>): unknown {
  return question.value ?? question.default ?? undefined;
}

/** A question answered with a file or photo: the upload service completes it, not this form. */
export function isUpload(question: Pick<Question, 'type'>): boolean {
  return question.type === 'file' || question.type === 'photo';
}

/** The answers a form sends: what the candidate may answer (not read-only, not locked, not a file), as typed. */
export function answersOf(questions: readonly Question[], values: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of questions) {
    if (question.readOnly || question.locked || isUpload(question)) continue;
    const value = values[question.code];
    if (value === undefined || value === '') continue;
    answers[question.code] = typeof value === 'string' ? value.trim() : value;
  }
  return answers;
}

/**
 * Checks made before sending (the server checks everything again, and its messages win): required answers, and the
 * pattern and lengths the rules give a question, with the rules' own message.
 */
export function questionProblem(question: Question, value: unknown): string | undefined {
  if (question.readOnly || question.locked || isUpload(question)) return undefined;
  const empty = value === undefined || value === null || value === '' || (question.type === 'acknowledgement' && value !== true);
  if (empty) {
    if (!question.required) return undefined;
    if (question.type === 'acknowledgement') return t('checks.acknowledge', { label: question.label });
    return question.type === 'select' || question.type === 'boolean' || question.type === 'region' ? t('checks.choose', { label: question.label }) : t('checks.fill', { label: question.label });
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const message = question.validationMessage ?? t('checks.invalid', { label: question.label });
  if (typeof question.minLength === 'number' && text.length < question.minLength) return message;
  if (typeof question.maxLength === 'number' && text.length > question.maxLength) return message;
  if (question.pattern && !new RegExp(question.pattern).test(text)) return message;
  return undefined;
}

/** Amounts in fen, shown in yuan: 15000 → ¥150.00. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

/** The step after `code` in the flow that applies to this candidate, if any. */
export function stepAfter(registration: Pick<Registration, 'steps'>, code: string): StepSummary | undefined {
  const index = registration.steps.findIndex((s) => s.code === code);
  return registration.steps.slice(index + 1).find((s) => s.status !== 'NOT_APPLICABLE');
}

/**
 * The values that lock when a step is done, as labels the candidate reads: those this registration holds (a value
 * the rules do not ask this candidate, such as 是否兼报 for most, is left out), each once.
 */
export function lockedBy(registration: Pick<Registration, 'fields'>, step: Pick<Step, 'locks'>): string[] {
  const labels = step.locks.flatMap((code) => registration.fields.filter((f) => f.code === code && !f.locked).map((f) => f.label));
  return [...new Set(labels)];
}

/** A JSON value as the page shows it when the API gives no display text. */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return t('values.empty');
  if (value === true) return t('values.yes');
  if (value === false) return t('values.no');
  if (typeof value === 'object') return t('values.submitted');
  return String(value);
}
