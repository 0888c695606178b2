import { describe, expect, it } from 'vitest';
import { confirmationProblem, idNumberProblem, passwordProblem, phoneProblem, problems, requiredProblem, smsCodeProblem } from './validate.ts';

const SHANDONG = { minLength: 8, maxLength: 16, requirements: ['digit', 'letter', 'special'], description: '密码为8-16位，必须包含数字、英文字母（区分大小写）、特殊字符' };
const INNER_MONGOLIA = { minLength: 8, maxLength: 20, requirements: ['digit', 'letter'], description: '密码为8-20位，须同时包含数字和英文字母' };

describe('passwordProblem', () => {
  it('accepts a password meeting the province rule', () => {
    expect(passwordProblem(SHANDONG, 'Kaoshi#2023')).toBeUndefined();
    expect(passwordProblem(INNER_MONGOLIA, 'kaoshi2026')).toBeUndefined();
  });

  it('names what is missing under the province rule', () => {
    expect(passwordProblem(SHANDONG, 'kaoshi2023')).toBe('密码必须包含特殊字符');
    expect(passwordProblem(INNER_MONGOLIA, 'kaoshikaoshi')).toBe('密码必须包含数字');
  });

  it('checks the length the province sets', () => {
    expect(passwordProblem(SHANDONG, 'Ab#1')).toBe('密码长度应为8-16位');
    expect(passwordProblem(SHANDONG, 'Ab#1'.repeat(5))).toBe('密码长度应为8-16位');
  });

  it('refuses spaces and Chinese, which cannot be typed everywhere', () => {
    expect(passwordProblem(INNER_MONGOLIA, 'kaoshi 2026')).toMatch(/不能包含空格或中文/);
    expect(passwordProblem(INNER_MONGOLIA, '考试kaoshi2026')).toMatch(/不能包含空格或中文/);
  });

  it('asks for a password when empty', () => {
    expect(passwordProblem(SHANDONG, '')).toBe('请设置登录密码');
  });
});

describe('other checks', () => {
  it('phone numbers are 11 digits starting 13-19', () => {
    expect(phoneProblem('13812345678')).toBeUndefined();
    expect(phoneProblem('138 1234 5678')).toBeUndefined();
    expect(phoneProblem('12812345678')).toBe('请输入11位手机号码');
    expect(phoneProblem('')).toBe('请输入手机号码');
  });

  it('SMS codes are 6 digits', () => {
    expect(smsCodeProblem('012345')).toBeUndefined();
    expect(smsCodeProblem('12345')).toBe('短信验证码为6位数字');
    expect(smsCodeProblem(' ')).toBe('请输入短信验证码');
  });

  it('the confirmation must match', () => {
    expect(confirmationProblem('Kaoshi#2023', 'Kaoshi#2023')).toBeUndefined();
    expect(confirmationProblem('Kaoshi#2023', 'Kaoshi#2024')).toBe('两次输入的密码不一致');
  });

  it('problems() keeps only the fields with a message', () => {
    expect(problems({ idNumber: requiredProblem('', '请输入证件号码'), password: requiredProblem('x', '请输入密码') })).toEqual({ idNumber: '请输入证件号码' });
  });
});

describe('idNumberProblem', () => {
  const RESIDENT = { name: '居民身份证', hint: '18位，最后一位可为X', checkDigit: true, pattern: null };
  const PASSPORT = { name: '护照', hint: '字母和数字，5-20位', checkDigit: false, pattern: '^[A-Z0-9]{5,20}$' };

  it('checks a resident ID with the GB 11643 check character the server uses', () => {
    expect(idNumberProblem(RESIDENT, '11010519491231002X')).toBeUndefined();
    expect(idNumberProblem(RESIDENT, '110105194912310021')).toBe('证件号码校验位不正确，请核对后重新输入');
    expect(idNumberProblem(RESIDENT, '11010519491231002x')).toBeUndefined();
    expect(idNumberProblem(RESIDENT, '1101051949')).toMatch(/应为18位/);
  });

  it("checks other types against the policy's pattern, naming the type", () => {
    expect(idNumberProblem(PASSPORT, 'E12345678')).toBeUndefined();
    expect(idNumberProblem(PASSPORT, 'E1')).toBe('护照号码格式不正确（字母和数字，5-20位）');
  });

  it('asks for a number when empty', () => {
    expect(idNumberProblem(RESIDENT, '  ')).toBe('请输入证件号码');
  });
});
