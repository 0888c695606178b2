import type { AccountPolicy, PasswordRequirement } from '@zsb/rules';

const CHECKS: Record<PasswordRequirement, { test: RegExp; name: string }> = {
  digit: { test: /\d/, name: '数字' },
  letter: { test: /[A-Za-z]/, name: '英文字母' },
  lowercase: { test: /[a-z]/, name: '小写字母' },
  uppercase: { test: /[A-Z]/, name: '大写字母' },
  special: { test: /[^A-Za-z0-9]/, name: '特殊字符' },
};

/** Passwords seen first in every leaked list; refused whatever the province's policy. */
const COMMON = new Set(['12345678', '123456789', '1234567890', 'password', 'password1', 'a1234567', 'qwer1234', 'abc12345', 'abcd1234', 'aa123456', 'Aa123456', 'Aa123456!', 'P@ssw0rd', 'Passw0rd!', '1qaz2wsx', 'Qwer1234!']);

/**
 * Why a new password is refused under the province's policy, or `undefined`. Beyond the policy: printable ASCII
 * only (what every keyboard and SMS reset can reproduce), not a well-known password, and not containing the
 * candidate's own ID number.
 */
export function passwordProblem(policy: AccountPolicy['password'], password: string, idNumber?: string): string | undefined {
  if (password.length < policy.minLength || password.length > policy.maxLength) return `密码长度应为${policy.minLength}-${policy.maxLength}位`;
  if (!/^[\x21-\x7e]+$/.test(password)) return '密码只能包含数字、英文字母和英文特殊字符，不能包含空格或中文';
  const missing = policy.require.filter((r) => !CHECKS[r].test.test(password)).map((r) => CHECKS[r].name);
  if (missing.length) return `密码必须包含${missing.join('、')}（${policy.description}）`;
  if (COMMON.has(password)) return '密码过于常见，请换一个更难猜的密码';
  if (idNumber && idNumber.length >= 6 && password.toUpperCase().includes(idNumber.slice(-6))) return '密码不能包含证件号码';
  return undefined;
}
