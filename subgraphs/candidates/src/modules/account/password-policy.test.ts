import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

const shandong = { minLength: 8, maxLength: 16, require: ['digit', 'letter', 'special'] as const, description: '8-16位，必须包含数字、英文字母、特殊字符', reference: { document: 'manual' } };
const policy = { ...shandong, require: [...shandong.require] };

describe('password policy', () => {
  it('a Shandong password needs digits, letters and special characters', () => {
    expect(passwordProblem(policy, 'Taishan#2023')).toBeUndefined();
    expect(passwordProblem(policy, 'Taishan2023')).toMatch(/特殊字符/);
  });

  it('the length bounds are the province\'s', () => {
    expect(passwordProblem(policy, 'Ta#1')).toBe('密码长度应为8-16位');
    expect(passwordProblem(policy, 'Taishan#2023Taishan#')).toBe('密码长度应为8-16位');
  });

  it('spaces and Chinese characters are refused', () => {
    expect(passwordProblem(policy, 'Tai shan#2023')).toMatch(/不能包含空格或中文/);
    expect(passwordProblem(policy, '泰山Taishan#2023')).toMatch(/不能包含空格或中文/);
  });

  it('a password from the leaked-password lists or holding the ID number is refused whatever the policy', () => {
    expect(passwordProblem(policy, 'Aa123456!')).toMatch(/过于常见/);
    expect(passwordProblem(policy, 'Me#31101X', '11010519491231101X')).toBe('密码不能包含证件号码');
  });
});
