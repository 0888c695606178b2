import { describe, expect, it } from 'vitest';
import { gb11643CheckChar, gb11643Problem, normaliseIdNumber, phoneProblem } from './id-number.ts';

describe('GB 11643 ID numbers', () => {
  it('the check character of the standard\'s own example 11010519491231002 is X', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(gb11643Problem('11010519491231002X')).toBeUndefined();
  });

  it('a number whose last character does not match the check digit is refused', () => {
    expect(gb11643Problem('110105194912310021')).toBe('证件号码校验位不正确，请核对后重新输入');
  });

  it('a number with a birth date that does not exist, or lies in the future, is refused', () => {
    const feb30 = '11010519490230002';
    expect(gb11643Problem(feb30 + gb11643CheckChar(feb30))).toBe('证件号码中的出生日期不正确');
    const future = '11010521990101002';
    expect(gb11643Problem(future + gb11643CheckChar(future))).toBe('证件号码中的出生日期不正确');
  });

  it('a number of the wrong length or with letters inside is refused with the expected format', () => {
    expect(gb11643Problem('1101051949123100')).toMatch(/18位/);
    expect(gb11643Problem('11010519491231A02X')).toMatch(/18位/);
  });

  it('spaces are dropped and a lower-case x is read as X', () => {
    expect(normaliseIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
  });
});

describe('phones', () => {
  it('mainland mobile numbers have 11 digits starting 13 to 19', () => {
    expect(phoneProblem('13912345678')).toBeUndefined();
    expect(phoneProblem('12912345678')).toBeDefined();
    expect(phoneProblem('1391234567')).toBeDefined();
  });
});
