import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '@zsb/platform';
import { DecisionRecord } from '../../subgraphs/exams/src/modules/policy/decision-record.entity.ts';
import { Registration } from '../../subgraphs/exams/src/modules/registration/registration.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, registerShandong } from './flows.ts';
import {
  completeStep,
  decideChangeRequest,
  decision,
  eventually,
  handOverFiles,
  markPaid,
  must,
  myRegistration,
  photo,
  requestChanges,
  showStep,
  startRegistration,
  step,
  type RegistrationView,
} from './registration-flows.ts';

/** Shandong 2023, as its manual walks it: 报考承诺 (3 s), photo, personal information, exam choice, confirmation, payment, preview. */
const REGISTRATION_OPEN = '2023-04-01T10:00:00+08:00';
const PAYMENT_OPEN = '2023-04-12T10:00:00+08:00';

const personal = (phone: string) => ({
  politicalStatus: '03',
  birthDate: '1995-01-01',
  gender: '1',
  ethnicity: '01',
  phone,
  foreignLanguage: 'ENGLISH',
  mailingAddress: '山东省菏泽市牡丹区中华路1号',
  postcode: '274000',
  email: 'candidate@example.com',
  householdProvince: '370000',
  householdCity: '371700',
  candidateCategory: '1',
});

describe.each(DATABASES)('registration in Shandong (%s)', (dialect) => {
  let p: TestPlatform;
  const people = {
    ordinary: { id: residentId('370102'), phone: phoneNumber(), track: '普通', college: '10427' },
    dualYes: { id: residentId('370102'), phone: phoneNumber(), track: '3+2', college: '13000' },
    dualNo: { id: residentId('370102'), phone: phoneNumber(), track: '3+2', college: '10427' },
    exempt: { id: residentId('370102'), phone: phoneNumber(), track: '退役大学生士兵', college: '10427' },
  };
  const tokens: Record<string, string> = {};
  const staff: Record<string, string> = {};

  const at = (instant: string) => p.clock.set(instant, 'CN-SD');

  /** From a fresh account to the exam-choice step: pledge after its countdown, photo handed over, personal information. */
  async function throughPersonalInformation(who: keyof typeof people): Promise<RegistrationView> {
    const token = tokens[who];
    at(REGISTRATION_OPEN);
    const started = must(await startRegistration(p, token));
    must(await showStep(p, token, started.id, 'PLEDGE'));
    at('2023-04-01T10:00:03+08:00');
    must(await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true }));
    expect((await handOverFiles(p, started.id, 'PHOTO', { photo: photo() })).body).toMatchObject({ completed: true });
    return must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', personal(people[who].phone)));
  }

  beforeAll(async () => {
    p = await startPlatform(dialect);
    const csv = [
      '证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型',
      ...Object.values(people).map((x, i) => `${x.id},考生${i},${x.college},${x.college === '13000' ? '青岛职业技术学院' : '济南职业学院'},620403,医学影像技术,${x.track}`),
    ].join('\n');
    await p.importRoster('CN-SD-2023', csv);
    for (const [who, person] of Object.entries(people)) tokens[who] = (await registerShandong(p, person.id, person.phone)).tokens!.accessToken;
    for (const [key, member] of Object.entries({
      jinan: { username: 'sd.college.10427', role: 'COLLEGE_REVIEWER', province: 'CN-SD', collegeCode: '10427' },
      qingdao: { username: 'sd.college.13000', role: 'COLLEGE_REVIEWER', province: 'CN-SD', collegeCode: '13000' },
      province: { username: 'sd.province', role: 'PROVINCE_REVIEWER', province: 'CN-SD' },
    } as const)) {
      const { password } = await p.createStaff(member);
      const r = await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($u: String!, $p: String!) { logInStaff(username: $u, password: $p) { tokens { accessToken } } }', { u: member.username, p: password });
      staff[key] = r.data!.logInStaff.tokens.accessToken;
    }
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('registration is refused before its window opens, naming the window and its dates', async () => {
    at('2023-03-30T12:00:00+08:00');
    const refused = await startRegistration(p, tokens.ordinary);
    expect(refused).toMatchObject({ ok: false, error: { code: 'WINDOW_NOT_YET_OPEN', message: '报名尚未开始，报名时间为2023年3月31日至4月4日（北京时间）。' }, registration: null });
  });

  it('an ordinary candidate: the pledge waits for its 3 s countdown on the server clock, the photo is handed over, school and major come read-only from the roster', async () => {
    const token = tokens.ordinary;
    at(REGISTRATION_OPEN);
    const started = must(await startRegistration(p, token));
    expect(started).toMatchObject({ status: 'IN_PROGRESS', examSessionId: 'CN-SD-2023', next: { code: 'PLEDGE', number: '1/7' }, collegeCode: '10427', candidateType: 'GENERAL' });
    expect((await startRegistration(p, token)).registration?.id).toBe(started.id);

    expect((await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true })).error?.code).toBe('TEXT_NOT_SHOWN');
    const shown = must(await showStep(p, token, started.id, 'PLEDGE'));
    expect(step(shown, 'PLEDGE').text).toMatchObject({ countdownSeconds: 3, shownAt: '2023-04-01T02:00:00.000Z', unlocksAt: '2023-04-01T02:00:03.000Z' });
    at('2023-04-01T10:00:02+08:00');
    expect((await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true })).error).toMatchObject({ code: 'COUNTDOWN_NOT_FINISHED', field: 'acknowledged' });
    // Showing the page again does not restart the countdown.
    must(await showStep(p, token, started.id, 'PLEDGE'));
    at('2023-04-01T10:00:03+08:00');
    const pledged = must(await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true }));
    expect(pledged.next).toMatchObject({ code: 'PHOTO', number: '2/7' });

    expect((await completeStep(p, token, started.id, 'PHOTO', { photo: photo() })).error?.code).toBe('STEP_COMPLETED_BY_UPLOAD');
    expect((await handOverFiles(p, started.id, 'PHOTO', { photo: photo('FAILED') })).body.error?.code).toBe('PHOTO_CHECK_FAILED');
    expect((await handOverFiles(p, started.id, 'PHOTO', { photo: photo() })).body).toMatchObject({ completed: true });

    const before = await myRegistration(p, token);
    const asks = step(before, 'PERSONAL_INFORMATION').asks;
    expect(asks.find((f) => f.code === 'collegeName')).toMatchObject({ readOnly: true, prefilled: true, value: '济南职业学院', locked: true });
    expect(asks.find((f) => f.code === 'majorCode')).toMatchObject({ readOnly: true, value: '620403' });
    expect(asks.find((f) => f.code === 'phone')).toMatchObject({ readOnly: false, default: people.ordinary.phone });
    const readOnly = await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', { ...personal(people.ordinary.phone), majorCode: '510201' });
    expect(readOnly.errors).toContainEqual(expect.objectContaining({ code: 'FIELD_READ_ONLY', field: 'majorCode' }));
    const invalid = await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', { ...personal(people.ordinary.phone), postcode: '2740', householdCity: '110105' });
    expect(invalid.errors.map((e) => [e.code, e.field])).toEqual([
      ['FIELD_INVALID', 'postcode'],
      ['FIELD_INVALID', 'householdCity'],
    ]);
    const filled = must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', personal(people.ordinary.phone)));
    expect(filled.next?.code).toBe('EXAM_CHOICE');
  });

  it('the exam city is the school\'s or the household\'s, the subject group follows the major, and confirmation locks them; payment waits for its window', async () => {
    const token = tokens.ordinary;
    const current = (await myRegistration(p, token))!;
    const choice = step(current, 'EXAM_CHOICE');
    expect(choice.asks.map((f) => f.code)).toEqual(['examCity', 'subjectGroup']);
    expect(choice.asks[0].options?.map((o) => o.code)).toEqual(['370100', '371700']);
    expect(choice.asks[1].options?.map((o) => o.code)).toEqual(['MEDICINE']);
    expect((await completeStep(p, token, current.id, 'EXAM_CHOICE', { examCity: '370200', subjectGroup: 'MEDICINE' })).error).toMatchObject({ code: 'OPTION_NOT_OFFERED', field: 'examCity' });
    expect((await completeStep(p, token, current.id, 'EXAM_CHOICE', { dualApplication: true, examCity: '371700', subjectGroup: 'MEDICINE' })).error).toMatchObject({ code: 'FIELD_NOT_ASKED', field: 'dualApplication' });
    const chosen = must(await completeStep(p, token, current.id, 'EXAM_CHOICE', { examCity: '371700', subjectGroup: 'MEDICINE' }));
    expect(chosen).toMatchObject({ examCity: '371700', next: { code: 'CONFIRMATION' } });
    // Before confirmation the personal information may still change.
    expect(step(chosen, 'PERSONAL_INFORMATION').status).toBe('AVAILABLE');

    const confirmed = must(await completeStep(p, token, current.id, 'CONFIRMATION', { confirmed: true }));
    expect(decision(confirmed, 'applicationEligibility')).toEqual({ eligible: true });
    expect(decision(confirmed, 'examRequirement')).toMatchObject({ examRequired: true });
    expect(confirmed.fields.filter((f) => ['householdCity', 'examCity', 'subjectGroup', 'politicalStatus'].every(() => true) && f.locked).map((f) => f.code)).toEqual(expect.arrayContaining(['householdProvince', 'householdCity', 'examCity', 'subjectGroup', 'politicalStatus']));
    expect((await completeStep(p, token, current.id, 'EXAM_CHOICE', { examCity: '370100', subjectGroup: 'MEDICINE' })).error?.code).toBe('STEP_LOCKED');
    expect(step(confirmed, 'PAYMENT')).toMatchObject({ status: 'BLOCKED', blockedBy: { code: 'WINDOW_NOT_YET_OPEN', message: '网上缴费尚未开始，网上缴费时间为2023年4月12日至14日，每天9:00至17:00（北京时间）。' } });
    expect(confirmed.payment).toMatchObject({ required: true, totalFen: 4, readyToPay: false, notReadyBecause: { code: 'WINDOW_NOT_YET_OPEN' } });

    // Every decision the steps took is recorded, citing the pinned rule-set version.
    const records = await p.subgraphs.exams.orm.em.fork().find(DecisionRecord, { subjectType: 'Registration', subjectId: current.id });
    expect(records.map((r) => r.decision).sort()).toEqual(['applicationEligibility', 'dualApplication', 'examRequirement', 'requiredMaterials']);
    expect(new Set(records.map((r) => r.ruleSetHash))).toEqual(new Set([current.ruleSetHash]));
    expect(records.find((r) => r.decision === 'applicationEligibility')!.facts).toMatchObject({ candidateType: 'GENERAL', examCity: '371700', subjectGroup: 'MEDICINE', appliedForRetiredSoldierExemption: false });
  });

  it('payment opens on 12 April within daily hours: ready to pay 0.04 yuan through CEB, and once marked paid the registration is complete', async () => {
    const token = tokens.ordinary;
    const id = (await myRegistration(p, token))!.id;
    at('2023-04-12T08:30:00+08:00');
    expect((await myRegistration(p, token))!.payment).toMatchObject({ readyToPay: false, notReadyBecause: { code: 'WINDOW_OUTSIDE_DAILY_HOURS' } });
    at(PAYMENT_OPEN);
    const ready = (await myRegistration(p, token))!;
    expect(ready.payment).toMatchObject({ required: true, totalFen: 4, readyToPay: true, channel: { code: 'CEB', name: '光大支付' }, paid: false });
    expect(ready.payment!.lines.map((l) => l.name)).toEqual(['报名', '计算机', '大学英语', '其他教育']);
    expect((await completeStep(p, token, id, 'PAYMENT', {})).error?.code).toBe('PAYMENT_NOT_MADE');

    expect((await markPaid(p, id, 4)).body).toMatchObject({ completed: true, status: 'COMPLETE' });
    const done = (await myRegistration(p, token))!;
    expect(done).toMatchObject({ status: 'COMPLETE', next: null, payment: { paid: true, paidFen: 4, readyToPay: false } });
    expect(step(done, 'PREVIEW').status).toBe('DONE');
    expect(decision(done, 'paymentChannel')).toEqual({ channel: 'CEB' });
    // The channel's confirmation may come twice; a different amount for a paid registration is refused.
    expect((await markPaid(p, id, 4)).body).toMatchObject({ completed: true });
    expect((await markPaid(p, id, 5)).body).toMatchObject({ error: { code: 'PAYMENT_ALREADY_MADE' } });
  });
});
