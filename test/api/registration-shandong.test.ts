import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '@zsb/platform';
import { DecisionRecord } from '../../subgraphs/exams/src/modules/policy/decision-record.entity.ts';
import { Registration } from '../../subgraphs/exams/src/modules/registration/registration.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { everyStoredValue } from '../support/stored-text.ts';
import { bearer, registerShandong } from './flows.ts';
import {
  completeStep,
  decideChangeRequest,
  decision,
  eventually,
  file,
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
  mailingAddress: '山东省菏泽市牡丹区考试路88号',
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
    expect((await handOverFiles(p, started.id, 'PHOTO', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });
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

    expect((await completeStep(p, token, started.id, 'PHOTO', { idCardFront: file(), photo: photo() })).error?.code).toBe('STEP_COMPLETED_BY_UPLOAD');
    expect((await handOverFiles(p, started.id, 'PHOTO', { idCardFront: file(), photo: photo('FAILED') })).body.error?.code).toBe('PHOTO_CHECK_FAILED');
    expect((await handOverFiles(p, started.id, 'PHOTO', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });

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

  it('a 3+2 candidate who answers 是 to 是否兼报 chooses an exam city and subjects; a Qingdao exam city pays through UnionPay; a payment outside the window or of another amount is refused and nothing recorded', async () => {
    const token = tokens.dualYes;
    const filled = await throughPersonalInformation('dualYes');
    const choice = step(filled, 'EXAM_CHOICE');
    // Until answered, 是否兼报 shows its default 否 and what follows from it: no exam city; 是 would open them.
    expect(choice).toMatchObject({ label: '不需要考试', asks: [{ code: 'dualApplication', type: 'boolean', default: false }] });
    const preview = await p.graphql<{ registration: { stepPreview: { asks: { code: string; options: { code: string }[] | null }[] } } }>(
      'query($id: ID!) { registration(id: $id) { stepPreview(step: "EXAM_CHOICE", values: { dualApplication: true }) { asks { code options { code } } } } }',
      { id: filled.id },
      bearer(token),
    );
    expect(preview.data!.registration.stepPreview.asks.map((f) => [f.code, f.options?.map((o) => o.code) ?? null])).toEqual([
      ['dualApplication', null],
      ['examCity', ['370200', '371700']],
      ['subjectGroup', ['MEDICINE']],
    ]);
    must(await completeStep(p, token, filled.id, 'EXAM_CHOICE', { dualApplication: true, examCity: '370200', subjectGroup: 'MEDICINE' }));
    const confirmed = must(await completeStep(p, token, filled.id, 'CONFIRMATION', { confirmed: true }));
    expect(decision(confirmed, 'examRequirement')).toMatchObject({ examRequired: true });
    expect(confirmed.fields.find((f) => f.code === 'dualApplication')).toMatchObject({ value: true, display: '是', locked: true });

    at('2023-04-11T16:00:00+08:00');
    expect((await markPaid(p, filled.id, 4)).body).toMatchObject({ error: { code: 'WINDOW_NOT_YET_OPEN' } });
    at(PAYMENT_OPEN);
    expect((await markPaid(p, filled.id, 1)).body).toMatchObject({ error: { code: 'PAYMENT_AMOUNT_MISMATCH' } });
    const waiting = (await myRegistration(p, token))!;
    expect(waiting.payment).toMatchObject({ paid: false, readyToPay: true, totalFen: 4, channel: { code: 'UNIONPAY', name: '银联支付' } });
    expect((await markPaid(p, filled.id, 4)).body).toMatchObject({ completed: true, status: 'COMPLETE' });
    const done = (await myRegistration(p, token))!;
    expect(decision(done, 'paymentChannel')).toEqual({ channel: 'UNIONPAY' });
  });

  it('a 3+2 candidate who answers 否 registers for the 3+2 route only: 不需要考试, nothing to pay, and completes once the payment window opens', async () => {
    const token = tokens.dualNo;
    const filled = await throughPersonalInformation('dualNo');
    expect((await completeStep(p, token, filled.id, 'EXAM_CHOICE', { dualApplication: false, examCity: '370100' })).error).toMatchObject({ code: 'FIELD_NOT_ASKED', field: 'examCity' });
    const chosen = must(await completeStep(p, token, filled.id, 'EXAM_CHOICE', { dualApplication: false }));
    expect(step(chosen, 'EXAM_CHOICE')).toMatchObject({ label: '不需要考试' });
    expect(step(chosen, 'EXAM_CHOICE').asks.map((f) => f.code)).toEqual(['dualApplication']);
    const confirmed = must(await completeStep(p, token, filled.id, 'CONFIRMATION', { confirmed: true }));
    expect(confirmed.examCity).toBeNull();
    expect(confirmed.payment).toMatchObject({ required: false, totalFen: 0, readyToPay: false, notReadyBecause: { code: 'NOTHING_TO_PAY' } });
    expect((await completeStep(p, token, filled.id, 'PAYMENT', {})).error?.code).toBe('WINDOW_NOT_YET_OPEN');
    at(PAYMENT_OPEN);
    const done = must(await completeStep(p, token, filled.id, 'PAYMENT', {}));
    expect(done).toMatchObject({ status: 'COMPLETE', payment: { paid: false, required: false } });
    expect(decision(done, 'feeQuote')).toMatchObject({ items: [], totalFen: 0 });
    expect(decision(done, 'paymentChannel')).toBeUndefined();
  });

  it('a retired student-soldier on the list is exempt: 不需要考试, no exam city, nothing to pay; the unified exam and the exemption never meet in one person', async () => {
    const token = tokens.exempt;
    const filled = await throughPersonalInformation('exempt');
    expect(filled.candidateType).toBe('RETIRED_SOLDIER_EXEMPT');
    expect(filled.fields.find((f) => f.code === 'candidateType')).toMatchObject({ display: '退役大学生士兵免试考生', locked: true, lockReason: 'READ_ONLY' });
    const choice = step(filled, 'EXAM_CHOICE');
    expect(choice).toMatchObject({ label: '不需要考试', asks: [] });
    expect((await completeStep(p, token, filled.id, 'EXAM_CHOICE', { examCity: '370100', subjectGroup: 'MEDICINE' })).errors.map((e) => e.code)).toEqual(['FIELD_NOT_ASKED', 'FIELD_NOT_ASKED']);
    must(await completeStep(p, token, filled.id, 'EXAM_CHOICE', {}));
    // Confirmation belongs to registration and closes with its window.
    at('2023-04-05T00:10:00+08:00');
    expect((await completeStep(p, token, filled.id, 'CONFIRMATION', { confirmed: true })).error).toMatchObject({ code: 'WINDOW_CLOSED', message: '报名已结束，报名时间为2023年3月31日至4月4日（北京时间）。' });
    at(REGISTRATION_OPEN);
    const confirmed = must(await completeStep(p, token, filled.id, 'CONFIRMATION', { confirmed: true }));
    expect(decision(confirmed, 'examRequirement')).toMatchObject({ examRequired: false, label: '不需要考试' });
    expect(confirmed.decisions.find((d) => d.decision === 'applicationEligibility')!.facts).toMatchObject({ candidateType: 'RETIRED_SOLDIER_EXEMPT', exempt: true });
    // One registration per person and exam session, its type read from the list: a candidate of the unified exam holds
    // no exemption application, and cannot turn the registration into one.
    const ordinary = (await myRegistration(p, tokens.ordinary))!;
    expect(ordinary.decisions.find((d) => d.decision === 'applicationEligibility')!.facts).toMatchObject({ exempt: false, appliedForRetiredSoldierExemption: false });
    expect((await startRegistration(p, tokens.ordinary)).registration?.id).toBe(ordinary.id);
    at(PAYMENT_OPEN);
    expect((await requestChanges(p, tokens.ordinary, ordinary.id, [{ field: 'candidateType', value: 'RETIRED_SOLDIER_EXEMPT' }])).error?.code).toBe('CHANGE_NOT_ALLOWED');
    const done = must(await completeStep(p, token, filled.id, 'PAYMENT', {}));
    expect(done).toMatchObject({ status: 'COMPLETE', payment: { required: false } });
  });

  it('after confirmation a contact detail changes only through a change request the college decides; the old and new value are kept, the candidate is told by SMS, and the decision is audited', async () => {
    at('2023-04-13T10:00:00+08:00');
    const token = tokens.ordinary;
    const registration = (await myRegistration(p, token))!;
    expect(registration.fields.find((f) => f.code === 'phone')!.changeable).toMatchObject({ route: 'CHANGE_REQUEST', decidedBy: 'COLLEGE_REVIEWER', window: { name: '申请修改报名信息', open: true } });
    expect((await requestChanges(p, token, registration.id, [{ field: 'politicalStatus', value: '01' }])).error).toMatchObject({ code: 'CHANGE_NOT_ALLOWED', field: 'politicalStatus' });
    expect((await requestChanges(p, token, registration.id, [{ field: 'postcode', value: '2500' }])).error).toMatchObject({ code: 'FIELD_INVALID', field: 'postcode' });
    const newPhone = phoneNumber();
    const filed = await requestChanges(p, token, registration.id, [
      { field: 'phone', value: newPhone },
      { field: 'mailingAddress', value: '山东省济南市历下区报名街9号' },
    ]);
    expect(filed.ok).toBe(true);
    expect(filed.changeRequests.map((r) => [r.field, r.status, r.route, r.decidedBy, r.oldValue, r.newValue])).toEqual([
      ['phone', 'PENDING', 'CHANGE_REQUEST', 'COLLEGE_REVIEWER', people.ordinary.phone, newPhone],
      ['mailingAddress', 'PENDING', 'CHANGE_REQUEST', 'COLLEGE_REVIEWER', '山东省菏泽市牡丹区考试路88号', '山东省济南市历下区报名街9号'],
    ]);
    // Nothing changes until the college decides, and a second request for the same field waits for the first.
    expect((await myRegistration(p, token))!.fields.find((f) => f.code === 'phone')!.value).toBe(people.ordinary.phone);
    expect((await requestChanges(p, token, registration.id, [{ field: 'phone', value: phoneNumber() }])).error?.code).toBe('CHANGE_REQUEST_PENDING');

    const queue = async (reviewer: string) =>
      (await p.graphql<{ changeRequests: { totalCount: number; nodes: { id: string; field: string }[] } }>('{ changeRequests(examSessionId: "CN-SD-2023") { totalCount nodes { id field } } }', {}, bearer(staff[reviewer]))).data!.changeRequests;
    expect((await queue('qingdao')).totalCount).toBe(0);
    expect((await queue('jinan')).nodes.map((n) => n.field).sort()).toEqual(['mailingAddress', 'phone']);
    const [phoneRequest, addressRequest] = filed.changeRequests;
    expect((await decideChangeRequest(p, staff.qingdao, phoneRequest.id, true)).error?.code).toBe('CHANGE_REQUEST_NOT_FOUND');
    expect((await decideChangeRequest(p, staff.province, phoneRequest.id, true)).error?.code).toBe('REVIEWER_NOT_ALLOWED');
    expect((await decideChangeRequest(p, staff.jinan, addressRequest.id, false)).error?.code).toBe('REASON_REQUIRED');

    // Asked after the change window closed, a change is refused naming the window; decided after it, one asked within it counts.
    at('2023-04-22T10:00:00+08:00');
    expect((await requestChanges(p, token, registration.id, [{ field: 'email', value: 'late@example.com' }])).error).toMatchObject({
      code: 'WINDOW_CLOSED',
      message: '申请修改报名信息已结束，申请修改报名信息时间为2023年4月12日至21日（北京时间）。',
    });
    at('2023-04-25T10:00:00+08:00');
    const approved = await decideChangeRequest(p, staff.jinan, phoneRequest.id, true);
    expect(approved).toMatchObject({ ok: true, changeRequest: { status: 'APPROVED' } });
    expect(approved.registration!.fields.find((f) => f.code === 'phone')!.value).toBe(newPhone);
    expect((await decideChangeRequest(p, staff.jinan, phoneRequest.id, true)).error?.code).toBe('CHANGE_REQUEST_DECIDED');
    const refused = await decideChangeRequest(p, staff.jinan, addressRequest.id, false, '地址与户籍不符，请核实');
    expect(refused).toMatchObject({ ok: true, changeRequest: { status: 'REJECTED', reason: '地址与户籍不符，请核实' } });
    expect((await myRegistration(p, token))!.fields.find((f) => f.code === 'mailingAddress')!.value).toBe('山东省菏泽市牡丹区考试路88号');

    // Told by SMS to the account's bound phone, through the outbox.
    const texts = await eventually(() => {
      const messages = p.outbox(people.ordinary.phone).filter((m) => m.purpose === 'CHANGE_REQUEST_DECIDED');
      return messages.length === 2 ? messages.map((m) => m.text) : undefined;
    });
    expect(texts).toEqual([expect.stringContaining('您申请修改的“手机号”已审核通过'), expect.stringContaining('原因：地址与户籍不符，请核实')]);
    expect(texts[0].startsWith('【山东省教育招生考试院】')).toBe(true);
    const audits = await p.subgraphs.exams.orm.em.fork().find(AuditEntry, { action: 'registration.change.decide', subjectId: registration.id }, { orderBy: { at: 'asc' } });
    expect(audits.map((a) => [a.actor.startsWith('staff:'), a.details?.approve, a.details?.field])).toEqual([
      [true, true, 'phone'],
      [true, false, 'mailingAddress'],
    ]);
  });

  it('two pages of one registration: a write from the page that showed an older version is refused, nothing is changed', async () => {
    at(REGISTRATION_OPEN);
    const id = residentId('370102');
    const phone = phoneNumber();
    await p.importRoster('CN-SD-2023', `证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型\n${id},考生九,10427,济南职业学院,620403,医学影像技术,普通`);
    const token = (await registerShandong(p, id, phone)).tokens!.accessToken;
    // Two devices starting at once get the one registration.
    const [started, other] = (await Promise.all([startRegistration(p, token), startRegistration(p, token)])).map(must);
    expect(other.id).toBe(started.id);
    const shown = must(await showStep(p, token, started.id, 'PLEDGE'));
    at('2023-04-01T10:00:05+08:00');
    const pledged = must(await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true }, shown.version));
    expect(pledged.version).toBeGreaterThan(shown.version);
    const stale = await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true }, shown.version);
    expect(stale).toMatchObject({ ok: false, error: { code: 'REGISTRATION_CHANGED' }, registration: null });
    // Concurrent writes without a version: at most one of the two applies, the other is refused.
    await handOverFiles(p, started.id, 'PHOTO', { idCardFront: file(), photo: photo() });
    const both = await Promise.all([
      completeStep(p, token, started.id, 'PERSONAL_INFORMATION', personal(phone)),
      completeStep(p, token, started.id, 'PERSONAL_INFORMATION', { ...personal(phone), email: 'other@example.com' }),
    ]);
    expect(both.filter((o) => o.ok).length).toBeGreaterThanOrEqual(1);
    for (const refused of both.filter((o) => !o.ok)) expect(refused.error?.code).toBe('REGISTRATION_CHANGED');
    const row = await p.subgraphs.exams.orm.em.fork().findOneOrFail(Registration, { id: started.id });
    expect(row.version).toBe(pledged.version + 1 + both.filter((o) => o.ok).length);
  });

  it('the exams database holds no personal value in the clear: forms, prefills and change requests are encrypted at rest', async () => {
    const { text, tables } = await everyStoredValue(p.subgraphs.exams.orm);
    expect(tables).toEqual(expect.arrayContaining(['registration', 'change_request', 'decision_record']));
    for (const person of Object.values(people)) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.phone);
    }
    expect(text).not.toContain('考试路88号');
    expect(text).not.toContain('报名街9号');
    expect(text).not.toContain('candidate@example.com');
    // What staff filter by stays readable: the college, exam city and candidate type.
    const row = await p.subgraphs.exams.orm.em.fork().findOneOrFail(Registration, { id: (await myRegistration(p, tokens.ordinary))!.id });
    expect(row).toMatchObject({ collegeCode: '10427', examCity: '371700', candidateType: 'GENERAL', personal: { form: { mailingAddress: '山东省菏泽市牡丹区考试路88号' } } });
  });
});
