import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '@zsb/platform';
import { DecisionRecord } from '../../subgraphs/exams/src/modules/policy/decision-record.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, registerInnerMongolia } from './flows.ts';
import {
  acknowledgePledge,
  completeStep,
  decision,
  eventually,
  file,
  handOverFiles,
  markPaid,
  must,
  myRegistration,
  photo,
  requestChanges,
  reviewRegistration,
  startRegistration,
  step,
  type RegistrationView,
} from './registration-flows.ts';

/** Inner Mongolia 2026, as its mobile manual walks it: 考生须知, then 1/7 to 7/7, review by the provincial authority. */
const OPEN = '2026-03-03T10:00:00+08:00';

const TYPES = {
  FRESH_GRADUATE: { exemptionClaimed: false, materials: ['STUDENT_CARD', 'STUDENT_STATUS_REPORT'], totalFen: 15000 },
  SPECIAL_PLAN: { exemptionClaimed: false, materials: ['STUDENT_CARD', 'STUDENT_STATUS_REPORT', 'SPECIAL_PLAN_PROOF'], totalFen: 15000 },
  AWARD_EXEMPT: { exemptionClaimed: true, materials: ['STUDENT_CARD', 'STUDENT_STATUS_REPORT', 'AWARD_CERTIFICATE'], totalFen: 0 },
  RETIRED_SOLDIER: { exemptionClaimed: true, materials: ['STUDENT_CARD', 'STUDENT_STATUS_REPORT', 'DISCHARGE_CERTIFICATE'], totalFen: 0 },
} as const;
type CandidateType = keyof typeof TYPES;

const personal = (phone: string) => ({
  name: '张三',
  gender: '1',
  birthDate: '1995-01-01',
  ethnicity: '02',
  politicalStatus: '03',
  phone,
  collegeName: '内蒙古建筑职业技术学院',
  majorName: '建筑工程技术',
  graduationYear: '2026',
  mailingAddress: '内蒙古自治区呼和浩特市新城区新华大街1号',
  postcode: '010000',
  email: 'zhangsan@example.com',
});

describe.each(DATABASES)('registration in Inner Mongolia (%s)', (dialect) => {
  let p: TestPlatform;
  const candidates = {} as Record<CandidateType, { token: string; phone: string; id?: string }>;
  let reviewer: string;

  beforeAll(async () => {
    p = await startPlatform(dialect);
    for (const type of Object.keys(TYPES) as CandidateType[]) {
      const phone = phoneNumber();
      candidates[type] = { token: (await registerInnerMongolia(p, residentId('150102'), phone)).tokens!.accessToken, phone };
    }
    const { password } = await p.createStaff({ username: 'nm.province', role: 'PROVINCE_REVIEWER', province: 'CN-NM' });
    reviewer = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation { logInStaff(username: "nm.province", password: "' + password + '") { tokens { accessToken } } }')).data!.logInStaff.tokens.accessToken;
  });
  afterAll(async () => {
    await p?.stop();
  });

  /** From a fresh account to "ready to pay": notice, candidate type, personal information, materials and identity capture handed over. */
  async function toPayment(type: CandidateType): Promise<RegistrationView> {
    const { token, phone } = candidates[type];
    p.clock.set(OPEN, 'CN-NM');
    const started = must(await startRegistration(p, token));
    candidates[type].id = started.id;
    expect(started.steps.map((s) => s.number)).toEqual([null, '1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
    // 语音识别填报 (manual 2.7.2): the personal-information step carries form.json's limits, for the browser to record up to.
    const voice = await p.graphql<{ myRegistration: { steps: { code: string; voiceFill: { maxSeconds: number; maxBytes: number; formats: string[] } | null }[] } }>(
      '{ myRegistration { steps { code voiceFill { maxSeconds maxBytes formats } } } }',
      {},
      bearer(token),
    );
    expect(voice.data!.myRegistration.steps.filter((s) => s.voiceFill).map((s) => [s.code, s.voiceFill])).toEqual([
      ['PERSONAL_INFORMATION', { maxSeconds: 300, maxBytes: 31457280, formats: ['m4a', 'aac', 'mp3', 'wav', 'amr', 'webm', 'ogg'] }],
    ]);
    if (step(started, 'NOTICE').status !== 'DONE') must(await completeStep(p, token, started.id, 'NOTICE', { acknowledged: true }));
    const typed = must(await completeStep(p, token, started.id, 'CANDIDATE_TYPE', { exemptionClaimed: TYPES[type].exemptionClaimed, candidateType: type }));
    expect(typed.candidateType).toBe(type);
    must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', personal(phone)));
    const atMaterials = (await myRegistration(p, token))!;
    expect(step(atMaterials, 'MATERIALS')).toMatchObject({ status: 'CURRENT', number: '3/7', completedByUpload: true });
    expect(step(atMaterials, 'MATERIALS').asks.map((f) => f.code)).toEqual(TYPES[type].materials);
    // Files arrive one by one from the upload service; the step completes with the last one.
    const [first, ...rest] = TYPES[type].materials;
    expect((await handOverFiles(p, started.id, 'MATERIALS', { [first]: file() })).body).toMatchObject({ completed: false, missing: rest });
    expect((await handOverFiles(p, started.id, 'MATERIALS', Object.fromEntries(rest.map((code) => [code, file('png')])))).body).toMatchObject({ completed: true });
    expect((await handOverFiles(p, started.id, 'IDENTITY_CAPTURE', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });
    return (await myRegistration(p, token))!;
  }

  it('a current graduate is refused when claiming the exemption, and a retired student-soldier when not claiming it', async () => {
    p.clock.set(OPEN, 'CN-NM');
    const { token } = candidates.FRESH_GRADUATE;
    const started = must(await startRegistration(p, token));
    expect(started.next).toMatchObject({ code: 'NOTICE', number: null });
    expect((await completeStep(p, token, started.id, 'CANDIDATE_TYPE', { exemptionClaimed: false, candidateType: 'FRESH_GRADUATE' })).error?.code).toBe('STEP_NOT_REACHED');
    must(await completeStep(p, token, started.id, 'NOTICE', { acknowledged: true }));
    expect((await completeStep(p, token, started.id, 'CANDIDATE_TYPE', { exemptionClaimed: true, candidateType: 'FRESH_GRADUATE' })).error).toMatchObject({ code: 'CANDIDATE_TYPE_NOT_EXEMPT', field: 'candidateType' });
    expect((await completeStep(p, token, started.id, 'CANDIDATE_TYPE', { exemptionClaimed: false, candidateType: 'RETIRED_SOLDIER' })).error).toMatchObject({ code: 'EXEMPT_TYPE_REQUIRES_EXEMPTION' });
  });

  it.each(Object.keys(TYPES) as CandidateType[])('a %s candidate goes from a fresh account to ready to pay, pays at the hand-over (or owes nothing), and waits for review', async (type) => {
    const { token } = candidates[type];
    const atPayment = await toPayment(type);
    expect(step(atPayment, 'PAYMENT')).toMatchObject({ status: 'CURRENT', number: '5/7' });
    expect(atPayment.payment).toMatchObject({ required: TYPES[type].totalFen > 0, totalFen: TYPES[type].totalFen, readyToPay: false, pledge: { title: '诚信考试承诺书', acknowledgedAt: null } });
    if (TYPES[type].totalFen > 0) {
      expect(atPayment.payment).toMatchObject({ notReadyBecause: { code: 'INTEGRITY_PLEDGE_REQUIRED' }, channel: { code: 'ALIPAY' } });
      expect((await markPaid(p, atPayment.id, 15000)).body).toMatchObject({ error: { code: 'INTEGRITY_PLEDGE_REQUIRED' } });
    } else {
      expect((await completeStep(p, token, atPayment.id, 'PAYMENT', {})).error?.code).toBe('INTEGRITY_PLEDGE_REQUIRED');
    }
    const acknowledged = must(await acknowledgePledge(p, token, atPayment.id));
    expect(acknowledged.payment!.pledge!.acknowledgedAt).toBe('2026-03-03T02:00:00.000Z');
    if (TYPES[type].totalFen > 0) {
      expect(acknowledged.payment).toMatchObject({ readyToPay: true, notReadyBecause: null });
      expect((await markPaid(p, atPayment.id, 15000)).body).toMatchObject({ completed: true, status: 'IN_REVIEW' });
    } else {
      expect(acknowledged.payment).toMatchObject({ readyToPay: false, notReadyBecause: { code: 'NOTHING_TO_PAY' } });
      expect(must(await completeStep(p, token, atPayment.id, 'PAYMENT', {})).status).toBe('IN_REVIEW');
    }
    const submitted = (await myRegistration(p, token))!;
    expect(submitted).toMatchObject({ status: 'IN_REVIEW', next: { code: 'QUALIFICATION_REVIEW', number: '6/7' }, review: { status: 'PENDING', stage: { role: 'PROVINCE_REVIEWER', title: '资格审核' } } });
    expect(decision(submitted, 'requiredMaterials')).toEqual({ items: TYPES[type].materials });
    expect(decision(submitted, 'examRequirement')).toMatchObject({ examRequired: TYPES[type].totalFen > 0 });
    expect(decision(submitted, 'feeQuote')).toMatchObject({ totalFen: TYPES[type].totalFen });
    const records = await p.subgraphs.exams.orm.em.fork().find(DecisionRecord, { subjectId: submitted.id });
    expect(records.map((r) => r.decision).sort()).toEqual(
      ['applicationEligibility', 'applicationEligibility', 'dualApplication', 'examRequirement', 'feeQuote', 'requiredMaterials', ...(TYPES[type].totalFen > 0 ? ['paymentChannel'] : [])].sort(),
    );
  });

  it('the provincial reviewer sees the queue, returns a registration with a reason; the candidate sees it, is told by SMS, fixes it and it is resubmitted; approval completes it at 7/7', async () => {
    const queue = async () =>
      (await p.graphql<{ reviewQueue: { totalCount: number; nodes: { id: string; candidateType: string }[] } }>('{ reviewQueue(examSessionId: "CN-NM-2026") { totalCount nodes { id candidateType } } }', {}, bearer(reviewer))).data!.reviewQueue;
    expect((await queue()).totalCount).toBe(4);
    const { token, phone, id } = candidates.FRESH_GRADUATE;
    p.clock.set('2026-03-05T09:00:00+08:00', 'CN-NM');
    expect((await reviewRegistration(p, reviewer, id!, 'RETURN')).error?.code).toBe('REASON_REQUIRED');
    const returned = must(await reviewRegistration(p, reviewer, id!, 'RETURN', '学生证照片不清晰，请重新上传'));
    expect(returned).toMatchObject({ status: 'RETURNED', review: { status: 'RETURNED', reason: '学生证照片不清晰，请重新上传' } });
    expect((await queue()).totalCount).toBe(3);

    const seen = (await myRegistration(p, token))!;
    expect(seen.review).toMatchObject({ status: 'RETURNED', reason: '学生证照片不清晰，请重新上传' });
    expect(seen.fields.find((f) => f.code === 'STUDENT_CARD')!.changeable).toMatchObject({ route: 'EDIT', phase: 'DURING_REVIEW' });
    expect(seen.fields.find((f) => f.code === 'name')!.changeable).toBeNull();
    const sms = await eventually(() => p.outbox(phone).find((m) => m.purpose === 'REVIEW_OUTCOME'));
    expect(sms.text).toMatch(/^【内蒙古自治区教育考试院】您的报名已退回修改，请修改后重新提交，原因：学生证照片不清晰，请重新上传。/);

    // Key information stays as paid for; the re-uploaded student card resubmits the registration, from the first stage.
    expect((await requestChanges(p, token, id!, [{ field: 'name', value: '张三丰' }])).error).toMatchObject({ code: 'CHANGE_NOT_ALLOWED', field: 'name' });
    expect((await handOverFiles(p, id!, 'MATERIALS', { STUDENT_CARD: file('png') })).body).toMatchObject({ completed: true });
    const resubmitted = (await myRegistration(p, token))!;
    expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', review: { status: 'PENDING', reason: null } });
    expect(resubmitted.review!.history.map((h) => h.outcome)).toEqual(['SUBMIT', 'RETURN', 'RESUBMIT']);
    // And a phone number changed during review is kept with its old value.
    const newPhone = phoneNumber();
    const edited = await requestChanges(p, token, id!, [{ field: 'phone', value: newPhone }]);
    expect(edited.changeRequests).toMatchObject([{ field: 'phone', route: 'EDIT', status: 'APPLIED', oldValue: phone, newValue: newPhone }]);
    expect((await queue()).totalCount).toBe(4);

    const approved = must(await reviewRegistration(p, reviewer, id!, 'APPROVE', undefined, edited.registration!.version));
    expect(approved).toMatchObject({ status: 'COMPLETE', next: null, review: { status: 'APPROVED' } });
    expect(step(approved, 'DONE')).toMatchObject({ status: 'DONE', number: '7/7' });
    expect((await reviewRegistration(p, reviewer, id!, 'APPROVE')).error?.code).toBe('REVIEW_NOT_PENDING');
    await eventually(() => p.outbox(phone).find((m) => m.text.includes('您的报名已通过资格审核')));
    const audits = await p.subgraphs.exams.orm.em.fork().find(AuditEntry, { action: 'registration.review', subjectId: id }, { orderBy: { at: 'asc' } });
    expect(audits.map((a) => a.details?.outcome)).toEqual(['RETURN', 'APPROVE']);
  });

  it('a rejection needs a reason, ends the registration and is shown to the candidate; review outside its window is refused naming it', async () => {
    const { token, id } = candidates.SPECIAL_PLAN;
    p.clock.set('2026-03-13T09:00:00+08:00', 'CN-NM');
    expect((await reviewRegistration(p, reviewer, id!, 'APPROVE')).error).toMatchObject({ code: 'WINDOW_CLOSED', message: '资格审核已结束，资格审核时间为2026年3月2日至12日（北京时间）。' });
    p.clock.set('2026-03-06T09:00:00+08:00', 'CN-NM');
    expect((await reviewRegistration(p, reviewer, id!, 'REJECT')).error?.code).toBe('REASON_REQUIRED');
    must(await reviewRegistration(p, reviewer, id!, 'REJECT', '不符合专项计划报考条件'));
    const rejected = (await myRegistration(p, token))!;
    expect(rejected).toMatchObject({ status: 'REJECTED', review: { status: 'REJECTED', reason: '不符合专项计划报考条件' } });
    expect(step(rejected, 'QUALIFICATION_REVIEW').blockedBy).toMatchObject({ code: 'REVIEW_REJECTED', message: '资格审核未通过：不符合专项计划报考条件' });
    expect((await requestChanges(p, token, id!, [{ field: 'phone', value: phoneNumber() }])).error?.code).toBe('CHANGE_NOT_ALLOWED');
  });

  it('the exempt candidates are approved too; the dashboard counts them per status', async () => {
    p.clock.set('2026-03-06T10:00:00+08:00', 'CN-NM');
    for (const type of ['AWARD_EXEMPT', 'RETIRED_SOLDIER'] as const) must(await reviewRegistration(p, reviewer, candidates[type].id!, 'APPROVE'));
    const counts = await p.graphql<{ registrationCounts: { status: string; count: number }[] }>('{ registrationCounts(filter: { examSessionId: "CN-NM-2026" }) { status count } }', {}, bearer(reviewer));
    expect(counts.data!.registrationCounts).toEqual([
      { status: 'IN_PROGRESS', count: 0 },
      { status: 'IN_REVIEW', count: 0 },
      { status: 'RETURNED', count: 0 },
      { status: 'REJECTED', count: 1 },
      { status: 'COMPLETE', count: 3 },
    ]);
  });
});
