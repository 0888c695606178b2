import { gb11643Problem, normaliseIdNumber, phoneProblem as carrierPhoneProblem } from '@zsb/platform/id-number';
import type { AccountPolicy, IdTypeOption } from '../graphql/types.ts';
import { useMessages } from '../i18n/locale.ts';
import { formMessages } from './messages.ts';

const t = useMessages(formMessages);

/**
 * Checks made in the browser before a request, so a candidate hears at once about an empty or mistyped field and no
 * captcha is spent on it. The server checks everything again; its messages win.
 */

export function requiredProblem(value: string, message: string): string | undefined {
  return value.trim() ? undefined : message;
}

/** Mainland mobile numbers: 11 digits starting 13–19 (the server's own check, from `@zsb/platform`). */
export function phoneProblem(value: string): string | undefined {
  const phone = value.replace(/\s+/g, '');
  if (!phone) return t('phoneRequired');
  return carrierPhoneProblem(phone);
}

/**
 * Whether an ID number can be one of this type, as the server checks it: GB 11643 (area, birth date, check character)
 * with the shared `@zsb/platform/id-number`, else the type's pattern from the account policy.
 */
export function idNumberProblem(type: Pick<IdTypeOption, 'name' | 'hint' | 'checkDigit' | 'pattern'> | undefined, value: string, emptyMessage = t('idNumberRequired')): string | undefined {
  const number = normaliseIdNumber(value);
  if (!number) return emptyMessage;
  if (!type) return undefined;
  if (type.checkDigit) return gb11643Problem(number);
  return type.pattern && !new RegExp(type.pattern).test(number) ? t('idNumberPattern', { type: type.name, hint: type.hint }) : undefined;
}

export function smsCodeProblem(value: string): string | undefined {
  const code = value.trim();
  if (!code) return t('smsRequired');
  return /^\d{6}$/.test(code) ? undefined : t('smsDigits');
}

const CLASSES: Record<string, RegExp> = {
  digit: /\d/,
  letter: /[A-Za-z]/,
  lowercase: /[a-z]/,
  uppercase: /[A-Z]/,
  special: /[^A-Za-z0-9]/,
};

/** Whether a new password meets the province's rule (the server also refuses common passwords and the ID number). */
export function passwordProblem(rule: AccountPolicy['password'], value: string, emptyMessage = t('passwordRequired')): string | undefined {
  if (!value) return emptyMessage;
  if (value.length < rule.minLength || value.length > rule.maxLength) return t('passwordLength', { min: rule.minLength, max: rule.maxLength });
  if (!/^[\x21-\x7e]+$/.test(value)) return t('passwordCharacters');
  const missing = rule.requirements.filter((r) => CLASSES[r] && !CLASSES[r].test(value)).map((r) => t(`passwordClasses.${r as 'digit'}`));
  if (missing.length) return t('passwordMissing', { classes: missing.join(t('listSeparator')) });
  return undefined;
}

export function confirmationProblem(password: string, confirmation: string): string | undefined {
  if (!confirmation) return t('confirmationRequired');
  return password === confirmation ? undefined : t('confirmationDiffers');
}

/** Keeps the messages of the fields that have one. */
export function problems(checks: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(checks).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
