import { describe, expect, it } from 'vitest';
import type { Question } from './documents.ts';
import { aQuestion } from './question.fixture.ts';
import { answersOf, canOpen, lockedBy, progress, questionProblem, yuan } from './model.ts';

const question = (over: Partial<Question>): Question => aQuestion(over);

describe('progress', () => {
  it('counts the numbered steps done, as the manuals number them (the notice before 1/7 does not count)', () => {
    const steps = [
      { number: null, status: 'DONE' as const },
      { number: '1/3', status: 'DONE' as const },
      { number: '2/3', status: 'AVAILABLE' as const },
      { number: '3/3', status: 'CURRENT' as const },
    ];
    expect(progress(steps)).toEqual({ done: 2, total: 3 });
  });
});

describe('canOpen', () => {
  it('opens the current, done and blocked steps, not the later ones', () => {
    expect(['CURRENT', 'AVAILABLE', 'DONE', 'BLOCKED', 'LOCKED', 'NOT_APPLICABLE'].map((status) => canOpen({ status: status as never }))).toEqual([true, true, true, true, false, false]);
  });
});

describe('answersOf', () => {
  it('sends what the candidate answers, trimmed, and never read-only, locked or file values', () => {
    const questions = [
      question({ code: 'name' }),
      question({ code: 'idNumber', readOnly: true }),
      question({ code: 'gender', locked: true }),
      question({ code: 'photo', type: 'photo' }),
      question({ code: 'dualApplication', type: 'boolean' }),
      question({ code: 'email', required: false }),
    ];
    expect(answersOf(questions, { name: ' 张三 ', idNumber: 'x', gender: '1', photo: {}, dualApplication: false, email: '' })).toEqual({ name: '张三', dualApplication: false });
  });
});

describe('questionProblem', () => {
  it("asks for required answers in the rules' words, by kind of question", () => {
    expect(questionProblem(question({}), '')).toBe('请填写姓名');
    expect(questionProblem(question({ code: 'ethnicity', label: '民族', type: 'select' }), undefined)).toBe('请选择民族');
    expect(questionProblem(question({ code: 'acknowledged', label: '我已阅读并承诺', type: 'acknowledgement' }), false)).toBe('请阅读并勾选“我已阅读并承诺”');
    expect(questionProblem(question({ required: false }), '')).toBeUndefined();
  });

  it("checks the rules' pattern and lengths with the rules' message", () => {
    const postcode = question({ code: 'postcode', label: '邮政编码', pattern: '^\\d{6}$', validationMessage: '邮政编码为6位数字' });
    expect(questionProblem(postcode, '0100')).toBe('邮政编码为6位数字');
    expect(questionProblem(postcode, '010000')).toBeUndefined();
    expect(questionProblem(question({ maxLength: 2 }), '欧阳娜娜')).toBe('姓名格式不正确');
  });

  it('leaves values the candidate does not answer alone', () => {
    expect(questionProblem(question({ readOnly: true }), '')).toBeUndefined();
    expect(questionProblem(question({ type: 'photo' }), undefined)).toBeUndefined();
  });
});

describe('lockedBy', () => {
  it("names each value that locks once, and only those this registration holds and has not locked yet", () => {
    const fields = [
      { code: 'examCity', label: '考试地点', locked: false },
      { code: 'householdCity', label: '户籍所在市', locked: false },
      { code: 'name', label: '姓名', locked: true },
    ];
    expect(lockedBy({ fields } as never, { locks: ['examCity', 'dualApplication', 'householdCity', 'examCity', 'name'] })).toEqual(['考试地点', '户籍所在市']);
  });
});

it('shows fen as yuan', () => {
  expect(yuan(15000)).toBe('¥150.00');
  expect(yuan(0)).toBe('¥0.00');
});
