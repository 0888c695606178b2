import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { applyStep, markShown, planRegistration, validateStepInput, type RegistrationState } from './flow.ts';
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

  it('takes a city only from the chosen province\'s list', async () => {
    const at = (time: string) => new Date(`2023-04-01T${time}+08:00`);
    const prefill = { 'account.idType': 'RESIDENT_ID', 'account.idNumber': '370102200101011015', 'account.phone': '13912345678', 'roster.name': '王晓明', 'roster.collegeCode': '10427', 'roster.collegeName': '济南职业学院', 'roster.majorCode': '620403', 'roster.majorName': '医学影像技术', 'roster.track': 'THREE_PLUS_TWO' };
    let state: RegistrationState = markShown({ prefill, facts: { appliedForRetiredSoldierExemption: false } }, 'PLEDGE', at('10:00:00'));
    for (const [step, input, time] of [
      ['PLEDGE', { acknowledged: true }, '10:00:05'],
      ['PHOTO', { idCardFront: { fileId: 'c1', format: 'jpg', bytes: 1000 }, photo: { fileId: 'p1', format: 'jpg', bytes: 1000, check: 'PASSED' } }, '10:01:00'],
    ] as const) {
      const result = await applyStep(shandong(), state, step, input, at(time));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      state = result.state;
    }
    const personal = { politicalStatus: '03', birthDate: '2001-01-01', gender: '1', ethnicity: '01', phone: '13912345678', mailingAddress: '山东省菏泽市牡丹区中华路1号', postcode: '274000', email: 'wangxm@example.com', householdProvince: '370000', candidateCategory: '1' };
    const cityErrors = async (householdCity: string) => (await validateStepInput(shandong(), state, 'PERSONAL_INFORMATION', { ...personal, householdCity }, at('10:02:00'))).filter((e) => e.field === 'householdCity');
    expect(await cityErrors('370200')).toEqual([]);
    expect(await cityErrors('379900')).toEqual([{ code: 'FIELD_INVALID', field: 'householdCity', message: '请从列表中选择“户籍所在市(直辖市)”。' }]);
    expect((await cityErrors('110105'))[0]?.message).toMatch(/须在所选/);
  });
});
