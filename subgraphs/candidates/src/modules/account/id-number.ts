import type { IdTypeRule } from '@zsb/rules';
import { gb11643Problem } from '@zsb/platform/id-number';

export { gb11643CheckChar, gb11643Problem, normaliseIdNumber, phoneProblem } from '@zsb/platform/id-number';

/** Why `value` is not a valid number of the given ID type, or `undefined`. */
export function idNumberProblem(rule: IdTypeRule, value: string): string | undefined {
  if (rule.format === 'gb11643') return gb11643Problem(value);
  return new RegExp(rule.format.pattern).test(value) ? undefined : `${rule.name}号码格式不正确（${rule.format.hint}）`;
}

/** `131****5678`: enough for the owner to recognise, not enough to reuse. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
