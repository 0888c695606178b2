import { describe, expect, it } from 'vitest';
import { digitsOf, readDigitRun, readNumber, readPositional } from './chinese-numbers.ts';

const digits = (text: string) => readDigitRun(text, 0)?.digits;

describe('numbers read digit by digit', () => {
  it('reads Chinese digits, 幺 for 一 and 洞 for 〇 as phone numbers are read aloud', () => {
    expect(digits('一三八一二三四五六七八')).toBe('13812345678');
    expect(digits('幺三九洞幺二三洞四五六')).toBe('13901230456');
    expect(digits('两拐勾')).toBe('279');
  });

  it('reads Arabic and Chinese digits mixed in one number', () => {
    expect(digits('幺3洞4七幺2')).toBe('1304712');
    expect(digits('15 01 03 二零零三')).toBe('150103二零零三'.replace('二零零三', '2003'));
  });

  it('keeps the groups a speaker paused between, across spaces, dashes, commas and 杠', () => {
    const run = readDigitRun('138-4710，2233杠5', 0)!;
    expect(run.groups.map((g) => g.digits)).toEqual(['138', '4710', '2233', '5']);
    expect(run.digits).toBe('138471022335');
  });

  it('reads 三个八 as 888', () => {
    expect(digits('幺八六四个八五六七八')).toBe('18688885678');
  });

  it('reads X, 叉 and 艾克斯 as the check character only at the end of a number', () => {
    expect(digits('15010220020815105X')).toBe('15010220020815105X');
    expect(digits('一零五叉')).toBe('105X');
    expect(digits('109艾克斯，手机')).toBe('109X');
    expect(readDigitRun('叉叉', 0)).toBeUndefined();
  });

  it('does not read a positional number or a lone radio word as digits', () => {
    expect(readDigitRun('二十三', 0)).toBeUndefined();
    expect(readDigitRun('两千零三', 0)).toBeUndefined();
    expect(readDigitRun('拐角', 0)).toBeUndefined();
    expect(readDigitRun('洞口', 0)).toBeUndefined();
  });

  it('records where each digit ends, so a number can be cut after its last digit', () => {
    const run = readDigitRun('一三个八九', 0)!;
    expect(run.digits).toBe('18889');
    expect(run.groups[0].ends).toEqual([1, 4, 4, 4, 5]);
  });
});

describe('positional numbers', () => {
  it('reads tens, hundreds, thousands and ten-thousands with 零 for a skipped place', () => {
    expect(readPositional('十二', 0)?.value).toBe(12);
    expect(readPositional('二十三', 0)?.value).toBe(23);
    expect(readPositional('一百零五号', 0)).toEqual({ value: 105, start: 0, end: 4 });
    expect(readPositional('两千零三年', 0)?.value).toBe(2003);
    expect(readPositional('三万五千', 0)?.value).toBe(35_000);
    expect(readPositional('3千', 0)?.value).toBe(3000);
  });

  it('stops where a digit-by-digit reading begins', () => {
    expect(readPositional('二零零三', 0)?.end).toBe(1);
  });
});

describe('a number in either reading', () => {
  it('prefers the digit reading when digits follow one another and the positional one otherwise', () => {
    expect(readNumber('二零零三年', 0)?.value).toBe(2003);
    expect(readNumber('两千零三年', 0)?.value).toBe(2003);
    expect(readNumber('十二月', 0)?.value).toBe(12);
    expect(readNumber('05日', 0)?.value).toBe(5);
    expect(readNumber('五月', 0)?.value).toBe(5);
  });

  it('turns spoken digits into Arabic ones and leaves the rest', () => {
    expect(digitsOf('五零一室')).toBe('501室');
  });
});
