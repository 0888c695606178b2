import { gb11643Problem, normaliseIdNumber, phoneProblem as carrierPhoneProblem } from '@zsb/platform/id-number';
import type { AccountPolicy, IdTypeOption } from '../graphql/types.ts';

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
  if (!phone) return '请输入手机号码';
  return carrierPhoneProblem(phone);
}

/**
 * Whether an ID number can be one of this type, as the server checks it: GB 11643 (area, birth date, check character)
 * with the shared `@zsb/platform/id-number`, else the type's pattern from the account policy.
 */
export function idNumberProblem(type: Pick<IdTypeOption, 'name' | 'hint' | 'checkDigit' | 'pattern'> | undefined, value: string, emptyMessage = '请输入证件号码'): string | undefined {
  const number = normaliseIdNumber(value);
  if (!number) return emptyMessage;
  if (!type) return undefined;
  if (type.checkDigit) return gb11643Problem(number);
  return type.pattern && !new RegExp(type.pattern).test(number) ? `${type.name}号码格式不正确（${type.hint}）` : undefined;
}

export function smsCodeProblem(value: string): string | undefined {
  const code = value.trim();
  if (!code) return '请输入短信验证码';
  return /^\d{6}$/.test(code) ? undefined : '短信验证码为6位数字';
}

const CLASSES: Record<string, { test: RegExp; name: string }> = {
  digit: { test: /\d/, name: '数字' },
  letter: { test: /[A-Za-z]/, name: '英文字母' },
  lowercase: { test: /[a-z]/, name: '小写字母' },
  uppercase: { test: /[A-Z]/, name: '大写字母' },
  special: { test: /[^A-Za-z0-9]/, name: '特殊字符' },
};

/** Whether a new password meets the province's rule (the server also refuses common passwords and the ID number). */
export function passwordProblem(rule: AccountPolicy['password'], value: string, emptyMessage = '请设置登录密码'): string | undefined {
  if (!value) return emptyMessage;
  if (value.length < rule.minLength || value.length > rule.maxLength) return `密码长度应为${rule.minLength}-${rule.maxLength}位`;
  if (!/^[\x21-\x7e]+$/.test(value)) return '密码只能包含数字、英文字母和英文特殊字符，不能包含空格或中文';
  const missing = rule.requirements.filter((r) => CLASSES[r] && !CLASSES[r].test.test(value)).map((r) => CLASSES[r].name);
  if (missing.length) return `密码必须包含${missing.join('、')}`;
  return undefined;
}

export function confirmationProblem(password: string, confirmation: string): string | undefined {
  if (!confirmation) return '请再次输入密码';
  return password === confirmation ? undefined : '两次输入的密码不一致';
}

/** Keeps the messages of the fields that have one. */
export function problems(checks: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(checks).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
