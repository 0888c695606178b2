import { describe, expect, it } from 'vitest';
import { closestOptions, optionVariants, similarity } from './options.ts';

const political = [
  { code: '01', name: '中共党员' },
  { code: '02', name: '中共预备党员' },
  { code: '03', name: '共青团员' },
  { code: '13', name: '群众' },
];

describe('how options are said', () => {
  it('knows the spoken synonyms of an option and its short form, longest first', () => {
    const variants = optionVariants(political).map((v) => v.text);
    expect(variants).toContain('团员');
    expect(variants).toContain('预备党员');
    expect(variants.indexOf('中国共产党预备党员')).toBeLessThan(variants.indexOf('党员'));
    expect(optionVariants([{ code: '02', name: '蒙古族' }]).map((v) => [v.text, v.kind])).toEqual([
      ['蒙古族', 'name'],
      ['蒙族', 'synonym'],
      ['蒙古', 'short'],
    ]);
    expect(optionVariants([{ code: '150000', name: '内蒙古自治区' }]).map((v) => v.text)).toContain('内蒙古');
  });

  it('scores similarity by characters alone', () => {
    expect(similarity('共青团员', '共青团员')).toBe(1);
    expect(similarity('共青团圆', '共青团员')).toBeCloseTo(0.75, 2);
    expect(similarity('满洲族', '满族')).toBeGreaterThan(0.7);
    expect(similarity('群众', '共青团员')).toBe(0);
  });

  it('offers the closest options to a word that is none of them, best first', () => {
    const guesses = closestOptions('共青团圆', political);
    expect(guesses[0].option.code).toBe('03');
    expect(guesses).toHaveLength(3);
    expect(guesses[0].similarity).toBeGreaterThan(guesses[1].similarity);
  });
});
