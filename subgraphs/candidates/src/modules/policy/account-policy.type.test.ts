import 'reflect-metadata';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '@zsb/rules';
import { idNumberProblem } from '../account/id-number.ts';
import { toAccountPolicy } from './account-policy.type.ts';

const rules = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../../rules/provinces');

describe('toAccountPolicy: ID types', () => {
  it('tells clients which types carry a GB 11643 check character and the pattern of the others, as the server checks them', () => {
    const set = loadRuleSet(path.join(rules, 'CN-SD', '2023'));
    const types = toAccountPolicy(set).idTypes;
    expect(types.map((t) => [t.code, t.checkDigit, t.pattern])).toEqual([
      ['RESIDENT_ID', true, null],
      ['HMT_RESIDENCE_PERMIT', true, null],
      ['HK_MACAO_PERMIT', false, '^[HM]\\d{8}(\\d{2})?$'],
      ['TAIWAN_PERMIT', false, '^\\d{8}$'],
    ]);
    // The pattern given to clients is the one the server refuses with.
    const permit = set.accounts.idTypes.find((t) => t.code === 'TAIWAN_PERMIT')!;
    const offered = types.find((t) => t.code === 'TAIWAN_PERMIT')!;
    for (const value of ['12345678', '1234567', 'A1234567']) expect(new RegExp(offered.pattern!).test(value)).toBe(idNumberProblem(permit, value) === undefined);
  });
});
