import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { runFlowCases } from './flow-cases.ts';
import { actionWindow, applyChange, applyStep, markShown, planRegistration, proposeChange, validateStepInput, type RegistrationState } from './flow.ts';
import { DEFAULT_RULES_DIR, InvalidRuleSetError, loadRuleSet } from './load.ts';
import type { Flow } from './types.ts';

const TEST_PROVINCES = path.join(path.dirname(DEFAULT_RULES_DIR), 'test-provinces');
const catalog = RuleCatalog.load([DEFAULT_RULES_DIR, TEST_PROVINCES].join(path.delimiter));
const shandong = () => catalog.get('CN-SD', 2023)!;
const innerMongolia = () => catalog.get('CN-NM', 2026)!;
const hainan = () => catalog.get('CN-HI', 2027)!;

const sdPrefill = {
  'account.idType': 'RESIDENT_ID',
  'account.idNumber': '370102200101011015',
  'account.phone': '13912345678',
  'roster.name': '王晓明',
  'roster.collegeCode': '10427',
  'roster.collegeName': '济南职业学院',
  'roster.majorCode': '620403',
  'roster.majorName': '医学影像技术',
  'roster.track': 'THREE_PLUS_TWO',
};
const sdPersonal = {
  politicalStatus: '03',
  birthDate: '2001-01-01',
  gender: '1',
  ethnicity: '01',
  phone: '13912345678',
  mailingAddress: '山东省菏泽市牡丹区中华路1号',
  postcode: '274000',
  email: 'wangxm@example.com',
  householdProvince: '370000',
  householdCity: '371700',
  candidateCategory: '1',
};
const at = (time: string) => new Date(`2023-04-01T${time}+08:00`);

/** A Shandong 3+2 candidate who has done the pledge, photo and personal information. */
async function sdAtExamChoice(): Promise<RegistrationState> {
  let state: RegistrationState = markShown({ prefill: sdPrefill, facts: { appliedForRetiredSoldierExemption: false } }, 'PLEDGE', at('10:00:00'));
  for (const [step, input, time] of [
    ['PLEDGE', { acknowledged: true }, '10:00:05'],
    ['PHOTO', { idCardFront: { fileId: 'c1', format: 'jpg', bytes: 1000 }, photo: { fileId: 'p1', format: 'jpg', bytes: 1000, check: 'PASSED' } }, '10:01:00'],
    ['PERSONAL_INFORMATION', sdPersonal, '10:02:00'],
  ] as const) {
    const result = await applyStep(shandong(), state, step, input, at(time));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    state = result.state;
  }
  return state;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function editedCopy(province: string, year: number, edit: (folder: string) => void): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-flow-')), 'provinces');
  fs.cpSync(province === 'CN-HI' ? TEST_PROVINCES : DEFAULT_RULES_DIR, root, { recursive: true });
  const folder = path.join(root, province, String(year));
  edit(folder);
  return folder;
}

function editFlow(folder: string, change: (flow: Flow) => void): void {
  const file = path.join(folder, 'flow.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(data);
  fs.writeFileSync(file, JSON.stringify(data));
}

function problemsOf(folder: string) {
  try {
    loadRuleSet(folder);
  } catch (error) {
    if (error instanceof InvalidRuleSetError) return error.problems;
    throw error;
  }
  throw new Error('expected the rule set to be refused');
}

describe('registration flow', () => {
  it('every flow case of every rule set passes', async () => {
    for (const set of catalog.all()) {
      const failed = (await runFlowCases(set)).filter((r) => !r.passed);
      expect(failed).toEqual([]);
    }
  });

  it("Inner Mongolia's notice comes before the numbered steps 1/7 to 7/7, and is the first thing to do", async () => {
    const plan = await planRegistration(innerMongolia(), {}, new Date('2026-03-02T08:00:00+08:00'));
    expect(plan.steps.map((s) => s.number)).toEqual([undefined, '1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
    expect(plan.next).toMatchObject({ code: 'NOTICE', title: '考生须知' });
    expect(plan.steps[0]).toMatchObject({ status: 'CURRENT', text: { acknowledgement: '我已阅读并知晓须知内容及要求', countdownSeconds: 0 } });
    expect(plan.steps.slice(1).every((s) => s.status === 'LOCKED')).toBe(true);
  });

  it('read-only values from the roster are marked and filled; editable ones show the value the ID number gives as a default', async () => {
    const plan = await planRegistration(shandong(), { prefill: sdPrefill }, at('10:00:00'));
    const asks = plan.steps.find((s) => s.code === 'PERSONAL_INFORMATION')!.asks;
    expect(asks.find((f) => f.code === 'majorCode')).toMatchObject({ readOnly: true, prefilled: true, value: '620403', locked: true });
    expect(asks.find((f) => f.code === 'birthDate')).toMatchObject({ readOnly: false, prefilled: true, default: '2001-01-01', value: undefined });
    expect(asks.find((f) => f.code === 'householdProvince')!.options).toContainEqual({ code: '110000', name: '北京市' });
  });

  it('a step is checked without changing anything, and refusals come with codes and Chinese messages', async () => {
    const state = deepFreeze(await sdAtExamChoice());
    const errors = await validateStepInput(shandong(), state, 'EXAM_CHOICE', { dualApplication: true, examCity: '370200' }, at('10:03:00'));
    expect(errors).toEqual([
      { code: 'OPTION_NOT_OFFERED', field: 'examCity', message: '“考试地点(学校或户籍所在地)”请在可选项中选择。' },
      { code: 'FIELD_REQUIRED', field: 'subjectGroup', message: '请选择“科目名称”。' },
    ]);
    expect(await validateStepInput(shandong(), state, 'CONFIRMATION', { confirmed: true }, at('10:03:00'))).toEqual([{ code: 'STEP_NOT_REACHED', message: '请先完成“选报专业范围及选择考试地点”。' }]);
    // The frozen state would throw on any write: nothing above changed it.
    expect(state.steps?.EXAM_CHOICE).toBeUndefined();
    expect(await validateStepInput(shandong(), state, 'EXAM_CHOICE', null as never, at('10:03:00'))).toEqual([{ code: 'INPUT_INVALID', message: '提交的内容格式不正确。' }]);
  });

  it("each decision a step takes carries what a decision record keeps: the facts, the outcome and the rule set's hash", async () => {
    const chosen = await applyStep(shandong(), await sdAtExamChoice(), 'EXAM_CHOICE', { dualApplication: true, examCity: '371700', subjectGroup: 'MEDICINE' }, at('10:03:00'));
    if (!chosen.ok) throw new Error(JSON.stringify(chosen.errors));
    expect(chosen.decisions).toEqual([]);
    const confirmed = await applyStep(shandong(), chosen.state, 'CONFIRMATION', { confirmed: true }, at('10:04:00'));
    if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
    expect(confirmed.decisions.map((d) => d.decision)).toEqual(['applicationEligibility', 'dualApplication', 'examRequirement', 'requiredMaterials']);
    const eligibility = confirmed.decisions[0];
    expect(eligibility).toMatchObject({ step: 'CONFIRMATION', takenAt: '2023-04-01T02:04:00.000Z', ruleSetId: 'CN-SD/2023', ruleSetHash: shandong().contentHash, outcome: { eligible: true } });
    expect(eligibility.facts).toMatchObject({ candidateType: 'THREE_PLUS_TWO', exempt: false, track: 'THREE_PLUS_TWO', dualApplication: true, examCity: '371700', subjectGroup: 'MEDICINE', subjects: ['ENGLISH', 'COMPUTER', 'CHINESE', 'MATH_II'], appliedForRetiredSoldierExemption: false });
    expect(eligibility.explanation.length).toBeGreaterThan(0);
    expect(confirmed.state.decisions?.examRequirement?.outcome).toMatchObject({ examRequired: true });
  });

  it('a 3+2 candidate who answers 是 and then 否 keeps no exam city or subject group, and none is recorded', async () => {
    const first = await applyStep(shandong(), await sdAtExamChoice(), 'EXAM_CHOICE', { dualApplication: true, examCity: '371700', subjectGroup: 'MEDICINE' }, at('10:03:00'));
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const second = await applyStep(shandong(), first.state, 'EXAM_CHOICE', { dualApplication: false }, at('10:04:00'));
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    expect(second.state.steps?.EXAM_CHOICE?.input).toEqual({ dualApplication: false });
    const confirmed = await applyStep(shandong(), second.state, 'CONFIRMATION', { confirmed: true }, at('10:05:00'));
    if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
    expect(confirmed.decisions[0].facts).not.toHaveProperty('examCity');
    expect(confirmed.state.decisions?.examRequirement?.outcome).toMatchObject({ examRequired: false, label: '不需要考试' });
  });

  it("a file's format and size are checked against the rules, whatever shape the platform sends", async () => {
    const state = await sdAtExamChoice();
    const photo = (value: unknown) => validateStepInput(shandong(), { ...state, steps: { PLEDGE: state.steps!.PLEDGE } }, 'PHOTO', { idCardFront: { fileId: 'c', format: 'jpg', bytes: 1000 }, photo: value }, at('10:03:00'));
    expect(await photo({ fileId: 'p', format: 42, bytes: 1 })).toMatchObject([{ code: 'FILE_FORMAT_NOT_ALLOWED', message: '“本人照片”须为JPG格式。' }]);
    expect(await photo({ fileId: 'p', format: 'JPEG', bytes: 2 * 1048576 + 1, check: 'PASSED' })).toMatchObject([{ code: 'FILE_TOO_LARGE', message: '“本人照片”不能超过2MB。' }]);
    expect(await photo({ fileId: 'p', format: 'jpeg', bytes: 1000, check: 'PENDING' })).toMatchObject([{ code: 'PHOTO_CHECK_FAILED' }]);
    expect(await photo('p')).toMatchObject([{ code: 'FIELD_INVALID' }]);
    expect(await photo({ fileId: 'p', format: 'jpeg', bytes: 1000, check: 'PASSED' })).toEqual([]);
  });

  it('the pledge shown once keeps its first time, so reloading the page does not restart the countdown', () => {
    const shown = markShown({}, 'PLEDGE', at('10:00:00'));
    expect(markShown(shown, 'PLEDGE', at('10:05:00')).steps?.PLEDGE?.shownAt).toBe('2023-04-01T02:00:00.000Z');
  });

  it('a change request names the old and new value and who decides it; the change is made only with that reviewer', async () => {
    const sd = shandong();
    let state = await sdAtExamChoice();
    for (const [step, input, time] of [
      ['EXAM_CHOICE', { dualApplication: true, examCity: '371700', subjectGroup: 'MEDICINE' }, '2023-04-01T10:03:00+08:00'],
      ['CONFIRMATION', { confirmed: true }, '2023-04-01T10:04:00+08:00'],
    ] as const) {
      const result = await applyStep(sd, state, step, input, new Date(time));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      state = result.state;
    }
    state = { ...state, payment: { status: 'PAID', amountFen: 4, paidAt: '2023-04-12T02:00:00.000Z' } };
    const paid = await applyStep(sd, state, 'PAYMENT', {}, new Date('2023-04-12T10:00:00+08:00'));
    if (!paid.ok) throw new Error(JSON.stringify(paid.errors));
    expect(paid.decisions.map((d) => [d.decision, d.outcome.totalFen ?? d.outcome.channel])).toEqual([['feeQuote', 4], ['paymentChannel', 'CEB']]);
    const proposal = await proposeChange(sd, paid.state, 'mailingAddress', '山东省济南市历下区经十路1号', new Date('2023-04-15T10:00:00+08:00'));
    expect(proposal).toEqual({ ok: true, change: { field: 'mailingAddress', label: '通讯地址(录取通知书邮寄)', oldValue: '山东省菏泽市牡丹区中华路1号', newValue: '山东省济南市历下区经十路1号', route: 'CHANGE_REQUEST', phase: 'AFTER_COMPLETION', decidedBy: 'COLLEGE_REVIEWER', redecide: [] } });
    const unapproved = await applyChange(sd, paid.state, { field: 'mailingAddress', value: '山东省济南市历下区经十路1号' }, new Date('2023-04-15T10:00:00+08:00'));
    expect(unapproved).toMatchObject({ ok: false, errors: [{ code: 'REVIEWER_NOT_ALLOWED' }] });
    // Decided after the change window closed, a request made within it still counts.
    const approved = await applyChange(sd, paid.state, { field: 'mailingAddress', value: '山东省济南市历下区经十路1号', requestedAt: new Date('2023-04-20T10:00:00+08:00'), approvedBy: 'COLLEGE_REVIEWER' }, new Date('2023-04-25T10:00:00+08:00'));
    expect(approved.ok).toBe(true);
    expect(await proposeChange(sd, paid.state, 'postcode', '25001', new Date('2023-04-15T10:00:00+08:00'))).toEqual({ ok: false, errors: [{ code: 'FIELD_INVALID', field: 'postcode', message: '邮政编码为6位数字' }] });
  });

  it('a registration submitted for review shows the stage it waits at and the value that routes it to a college queue', async () => {
    const hi = hainan();
    const values: Record<string, unknown> = { candidateType: 'REGULAR', name: '李四', gender: '1', phone: '13712345678', collegeCode: 'HI002', majorName: '旅游管理', mailingAddress: '海南省三亚市示例路1号', postcode: '572000', examCity: '460200', subjectGroup: 'SCIENCE', STUDENT_STATUS_REPORT: { fileId: 'r', format: 'pdf', bytes: 1000 }, photo: { fileId: 'p', format: 'jpg', bytes: 1000, check: 'PENDING' } };
    let state: RegistrationState = { prefill: { 'account.idNumber': '460100200301010011' }, facts: { appliedForRetiredSoldierExemption: false } };
    const when = new Date('2027-03-02T10:00:00+08:00');
    state = markShown(state, 'NOTICE', new Date(when.getTime() - 5000));
    for (const step of ['NOTICE', 'CANDIDATE_TYPE', 'PERSONAL_INFORMATION', 'EXAM_CHOICE', 'PAYMENT', 'MATERIALS', 'PHOTO'] as const) {
      if (step === 'PAYMENT') state = { ...state, payment: { status: 'PAID', amountFen: 11000 } };
      const planned = (await planRegistration(hi, state, when)).steps.find((s) => s.code === step)!;
      const input = Object.fromEntries(planned.asks.map((f) => [f.code, f.type === 'acknowledgement' ? true : values[f.code]]).filter(([code, v]) => v !== undefined && !planned.asks.find((f) => f.code === code)!.readOnly));
      const result = await applyStep(hi, state, step, input, when);
      if (!result.ok) throw new Error(`${step}: ${JSON.stringify(result.errors)}`);
      state = result.state;
    }
    expect(state.review).toMatchObject({ status: 'PENDING', stage: 0 });
    const review = (await planRegistration(hi, state, when)).steps.find((s) => s.code === 'QUALIFICATION_REVIEW')!.review!;
    expect(review.stage).toEqual({ index: 0, role: 'COLLEGE_REVIEWER', title: '院校初审', routeBy: { field: 'collegeCode', value: 'HI002' } });
    expect(review.outcomes.map((o) => o.outcome)).toEqual(['APPROVE', 'REJECT', 'RETURN']);
  });

  it('the rules say which window governs each action', () => {
    const sd = shandong();
    expect(actionWindow(sd, { step: 'PLEDGE' })).toBe('registration');
    expect(actionWindow(sd, { step: 'CONFIRMATION' })).toBe('registration');
    expect(actionWindow(sd, { step: 'PAYMENT' })).toBe('payment');
    expect(actionWindow(sd, { step: 'PREVIEW' })).toBeUndefined();
    expect(actionWindow(sd, { change: 'phone', phase: 'AFTER_COMPLETION' })).toBe('changes');
    expect(actionWindow(sd, { change: 'examCity', phase: 'AFTER_COMPLETION' })).toBeUndefined();
    expect(actionWindow(innerMongolia(), { review: true })).toBe('qualificationReview');
  });

  it('a flow case that no longer holds fails, saying what differs', async () => {
    const folder = editedCopy('CN-SD', 2023, (dir) =>
      editFlow(dir, (flow) => {
        flow.cases.find((c) => c.expect.options?.examCity)!.expect.options!.examCity = ['370100', '370200', '371700'];
      }),
    );
    const failed = (await runFlowCases(loadRuleSet(folder))).filter((r) => !r.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0].failures).toEqual(['examCity offers ["370100","371700"], expected ["370100","370200","371700"]']);
  });
});

describe('flow rules refused when loaded', () => {
  it('a fee decided at payment on a subject group that can still change after paying is refused', () => {
    const folder = editedCopy('CN-HI', 2027, (dir) =>
      editFlow(dir, (flow) => {
        flow.steps.find((s) => s.code === 'PAYMENT')!.locks = ['candidateType'];
      }),
    );
    // Hainan's channel rule reads nothing, so the exam city alone may stay open; the subject group may not.
    expect(problemsOf(folder)).toEqual([
      { file: 'provinces/CN-HI/2027/flow.json', path: '/steps/4/decides', message: 'feeQuote is final at PAYMENT but reads "subjectGroup", which is still changeable then: lock it there or before' },
    ]);
  });

  it('a change route for a value a decision reads must take that decision again, and a change request must name its reviewer', () => {
    const folder = editedCopy('CN-SD', 2023, (dir) =>
      editFlow(dir, (flow) => {
        const changes = flow.changes!;
        changes[0].fields.push('examCity');
        changes.push({ ...changes[0], fields: ['householdCity'], decidedBy: undefined });
      }),
    );
    expect(problemsOf(folder)).toEqual(
      expect.arrayContaining([
        { file: 'provinces/CN-SD/2023/flow.json', path: '/changes/0/redecide', message: 'must include paymentChannel, which reads "examCity"' },
        { file: 'provinces/CN-SD/2023/flow.json', path: '/changes/1', message: 'a CHANGE_REQUEST needs decidedBy' },
      ]),
    );
  });

  it('a decision no step takes, a lock of a field nobody asks, or a review step without review rules is refused', () => {
    const folder = editedCopy('CN-NM', 2026, (dir) =>
      editFlow(dir, (flow) => {
        const payment = flow.steps.find((s) => s.code === 'PAYMENT')!;
        payment.decides = payment.decides!.filter((d) => d !== 'feeQuote');
        payment.locks = ['shoeSize'];
        delete flow.review;
      }),
    );
    expect(problemsOf(folder)).toEqual(
      expect.arrayContaining([
        { file: 'provinces/CN-NM/2026/flow.json', path: '/steps', message: 'no step decides feeQuote; every decision is taken (and recorded) at some step' },
        { file: 'provinces/CN-NM/2026/flow.json', path: '/steps/5/locks/0', message: '"shoeSize" is not a field the flow asks' },
        { file: 'provinces/CN-NM/2026/flow.json', path: '/review', message: 'is required with a QUALIFICATION_REVIEW step' },
      ]),
    );
  });

  it('a province that returns registrations for changes but opens no route to change anything is refused', () => {
    const folder = editedCopy('CN-NM', 2026, (dir) =>
      editFlow(dir, (flow) => {
        delete flow.changes;
      }),
    );
    expect(problemsOf(folder)).toEqual([{ file: 'provinces/CN-NM/2026/flow.json', path: '/review/outcomes/return', message: 'a returned registration could not be changed: give a WHEN_RETURNED or DURING_REVIEW change route' }]);
  });

  it('a flow whose schema is broken is refused with the file and JSON path, as every rule file is', () => {
    const folder = editedCopy('CN-SD', 2023, (dir) =>
      editFlow(dir, (flow) => {
        (flow.cases[0] as unknown as Record<string, unknown>).expect = { stauts: 'COMPLETE' };
      }),
    );
    expect(problemsOf(folder)).toContainEqual({ file: 'provinces/CN-SD/2023/flow.json', path: '/cases/0/expect', message: 'unknown property "stauts"' });
  });
});
