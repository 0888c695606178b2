import { describe, expect, it } from 'vitest';
import { filesToSave, groupByProvince, nextDraftYear, parseFacts, uploadTarget } from './model.ts';

describe('the policy console model', () => {
  const sets = [
    { province: 'CN-SD', examYear: 2023, status: 'IN_FORCE' },
    { province: 'CN-NM', examYear: 2026, status: 'IN_FORCE' },
    { province: 'CN-SD', examYear: 2024, status: 'PUBLISHED' },
    { province: 'CN-SD', examYear: 2024, status: 'DRAFT' },
  ];

  it('groups a province’s rule sets newest first, a draft before the version of its year', () => {
    expect(groupByProvince(sets, 'CN-SD')).toEqual([{ province: 'CN-SD', sets: [sets[3], sets[2], sets[0]] }]);
    expect(groupByProvince(sets).map((g) => g.province)).toEqual(['CN-NM', 'CN-SD']);
  });

  it('proposes the open draft’s year, else the year after the latest', () => {
    expect(nextDraftYear(sets.filter((s) => s.province === 'CN-SD'))).toBe(2024);
    expect(nextDraftYear([sets[0]])).toBe(2024);
  });

  it('places an uploaded file by its name', () => {
    const known = ['parameters.json', 'decisions/feeQuote.json'];
    expect(uploadTarget('parameters.json', known)).toBe('parameters.json');
    expect(uploadTarget('feeQuote.json', known)).toBe('decisions/feeQuote.json');
    expect(uploadTarget('C:\\rules\\parameters.json', known)).toBe('parameters.json');
    expect(uploadTarget('lunch.json', known)).toBeUndefined();
  });

  it('saves the edited files of a draft, and every file of a draft not yet on the server', () => {
    const files = [
      { name: 'a.json', text: '{"a":2}', saved: '{"a":1}' },
      { name: 'b.json', text: '{}', saved: '{}' },
    ];
    expect(filesToSave(files, true)).toEqual([{ name: 'a.json', content: '{"a":2}' }]);
    expect(filesToSave(files, false).map((f) => f.name)).toEqual(['a.json', 'b.json']);
  });

  it('reads facts only as a JSON object', () => {
    expect(parseFacts('{"examCity": "370200"}')).toEqual({ examCity: '370200' });
    expect(parseFacts('[1]')).toBeUndefined();
    expect(parseFacts('{')).toBeUndefined();
  });
});
