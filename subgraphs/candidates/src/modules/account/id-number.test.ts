import { describe, expect, it } from 'vitest';
import { idNumberProblem, maskPhone } from './id-number.ts';

describe('ID numbers by the province\'s ID types', () => {
  it('a resident ID card is checked by GB 11643', () => {
    expect(idNumberProblem({ code: 'RESIDENT_ID', name: '居民身份证', format: 'gb11643' }, '110105194912310021')).toBe('证件号码校验位不正确，请核对后重新输入');
    expect(idNumberProblem({ code: 'RESIDENT_ID', name: '居民身份证', format: 'gb11643' }, '11010519491231002X')).toBeUndefined();
  });

  it('a pattern-formatted ID type reports its own hint', () => {
    expect(idNumberProblem({ code: 'TAIWAN_PERMIT', name: '台湾居民来往大陆通行证', format: { pattern: '^\\d{8}$', hint: '8位数字' } }, '1234567')).toBe('台湾居民来往大陆通行证号码格式不正确（8位数字）');
  });
});

describe('phones', () => {
  it('a masked phone keeps the first three and last four digits', () => {
    expect(maskPhone('13112345678')).toBe('131****5678');
  });
});
