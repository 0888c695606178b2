import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { planRegistration, type RegistrationState } from './flow.ts';
import { DEFAULT_RULES_DIR } from './load.ts';
import { prefecturesOf } from './prefectures.ts';
import { PROVINCES } from './regions.ts';

describe('prefecturesOf', () => {
  it("lists a province's prefecture-level divisions by their six-digit code", () => {
    const shandong = prefecturesOf('370000');
    expect(shandong).toHaveLength(16);
    expect(shandong).toContainEqual({ code: '370200', name: '青岛市' });
    expect(shandong).toContainEqual({ code: '371700', name: '菏泽市' });
    expect(prefecturesOf('150000').map((p) => p.name)).toContain('锡林郭勒盟');
  });

  it("lists a municipality's districts and counties, as the household field's hint asks", () => {
    expect(prefecturesOf('110000')).toContainEqual({ code: '110105', name: '朝阳区' });
    expect(prefecturesOf('500000').map((p) => p.name)).toContain('城口县');
  });

  it('gives every mainland province-level division a list whose codes lie in it and none for a code that is not one', () => {
    for (const province of PROVINCES.filter((p) => !['710000', '810000', '820000'].includes(p.code))) {
      const list = prefecturesOf(province.code);
      expect(list.length, province.name).toBeGreaterThan(0);
      for (const item of list) expect(item.code.slice(0, 2), item.name).toBe(province.code.slice(0, 2));
    }
    expect(prefecturesOf(undefined)).toEqual([]);
    expect(prefecturesOf('37')).toEqual([]);
  });
});

describe('a region field with optionsFrom prefectures (Shandong 户籍所在市)', () => {
  const shandong = () => RuleCatalog.load(DEFAULT_RULES_DIR).get('CN-SD', 2023)!;
  // Answers given so far, as a step preview passes them (the step's input).
  const city = async (input: Record<string, unknown>) =>
    (await planRegistration(shandong(), { steps: { PERSONAL_INFORMATION: { input } } } as RegistrationState, new Date('2023-04-10T10:00:00+08:00'))).steps.find((s) => s.code === 'PERSONAL_INFORMATION')!.asks.find((f) => f.code === 'householdCity')!;

  it('offers the prefectures of the province chosen, and none before one is chosen', async () => {
    expect((await city({})).options).toEqual([]);
    expect((await city({ householdProvince: '370000' })).options).toContainEqual({ code: '370200', name: '青岛市' });
    expect((await city({ householdProvince: '110000' })).options).toContainEqual({ code: '110105', name: '朝阳区' });
  });
});
