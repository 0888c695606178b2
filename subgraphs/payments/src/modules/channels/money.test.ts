import { describe, expect, it } from 'vitest';
import { fenFromString, fenToString, fenToYuan, yuanToFen } from './money.ts';

describe('amounts at the channels’ edge', () => {
  it('writes fen as yuan with two decimals, exactly', () => {
    expect([0, 1, 10, 99, 100, 15000, 123456789, 2 ** 53 - 1].map(fenToYuan)).toEqual(['0.00', '0.01', '0.10', '0.99', '1.00', '150.00', '1234567.89', '90071992547409.91']);
  });

  it('reads yuan with up to two decimals into fen, without a float rounding 0.29 or 19.99', () => {
    expect(['0.01', '0.1', '0.29', '19.99', '150', '150.5', '150.50', '1234567.89'].map(yuanToFen)).toEqual([1, 10, 29, 1999, 15000, 15050, 15050, 123456789]);
  });

  it('refuses what is not plainly an amount in yuan', () => {
    for (const text of ['', '-1.00', '+1', '1e3', '1.234', '01.00', ' 1.00', '1.', '.5', '1,000.00', 'NaN', '0x10']) {
      expect(() => yuanToFen(text), text).toThrow(/not an amount in yuan/);
    }
  });

  it('writes and reads fen as UnionPay sends them, refusing signs, decimals and leading zeros', () => {
    expect(fenToString(15000)).toBe('15000');
    expect(fenFromString('15000')).toBe(15000);
    expect(fenFromString('0')).toBe(0);
    for (const text of ['-1', '1.5', '015000', '', '1e4']) expect(() => fenFromString(text), text).toThrow(/not an amount in fen/);
  });

  it('refuses to write a fraction of a fen or a negative amount', () => {
    for (const fen of [1.5, -1, Number.NaN, 2 ** 53]) expect(() => fenToYuan(fen), String(fen)).toThrow(/whole, non-negative/);
  });
});
