import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'solid-js/web';
import { createSignal } from 'solid-js';
import type { Question } from './documents.ts';
import { aQuestion } from './question.fixture.ts';
import { QuestionField } from './questions.tsx';
import { setLocale } from '../i18n/locale.ts';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

const base: Question = aQuestion();

function show(question: Question, value: unknown, onValue = vi.fn(), extra: { disabled?: boolean; error?: string } = {}): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  dispose = render(() => <QuestionField question={question} value={value} onValue={onValue} {...extra} />, root);
  return root;
}

describe('QuestionField', () => {
  it('shows a roster value read-only with the name of its option, saying where it comes from', () => {
    const root = show({ ...base, code: 'candidateType', label: '考生类型', type: 'select', readOnly: true, prefilled: true, options: [{ code: 'GENERAL', name: '校荐考生', subjects: null, majorScope: null }] }, 'GENERAL');
    const input = root.querySelector('input')!;
    expect(input.readOnly).toBe(true);
    expect(input.value).toBe('校荐考生');
    expect(root.textContent).toContain('由报名系统提供，不可修改');
  });

  it('asks 是否 questions with two labelled radio buttons in a fieldset whose legend is the question', () => {
    const onValue = vi.fn();
    const root = show({ ...base, code: 'dualApplication', label: '是否兼报', type: 'boolean' }, undefined, onValue);
    expect(root.querySelector('legend')?.textContent).toBe('是否兼报');
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.closest('label')?.textContent)).toEqual(['是', '否']);
    radios[1].click();
    expect(onValue).toHaveBeenCalledWith(false);
  });

  it('offers the choices of a select with an empty first choice, and reports the code chosen', () => {
    const onValue = vi.fn();
    const root = show({ ...base, code: 'examCity', label: '考试地点', type: 'select', options: [{ code: '371700', name: '菏泽市', subjects: null, majorScope: null }] }, '', onValue);
    const select = root.querySelector('select')!;
    expect([...select.options].map((o) => o.textContent)).toEqual(['请选择考试地点', '菏泽市']);
    select.value = '371700';
    select.dispatchEvent(new Event('change'));
    expect(onValue).toHaveBeenCalledWith('371700');
  });

  it('says which subjects a chosen subject group is sat in and which majors it opens', () => {
    const root = show(
      {
        ...base,
        code: 'subjectGroup',
        label: '科目名称',
        type: 'select',
        options: [{ code: 'MEDICINE', name: '医学类', subjects: [{ code: 'EN', name: '英语' }, { code: 'MED', name: '医学综合' }], majorScope: ['临床医学', '护理学'] }],
      },
      'MEDICINE',
    );
    expect(root.querySelector('.field__hint')?.textContent).toBe('考试科目：英语、医学综合；报考专业范围：临床医学、护理学');
  });

  it('keeps an acknowledgement unticked and disabled while its countdown runs, and shows the error inline', () => {
    const root = show({ ...base, code: 'acknowledged', label: '我已阅读并承诺', type: 'acknowledgement' }, false, vi.fn(), { disabled: true, error: '请阅读3秒后再勾选' });
    const box = root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(box.disabled).toBe(true);
    expect(root.querySelector(`label[for="${box.id}"]`)?.textContent).toBe('我已阅读并承诺');
    expect(root.querySelector('[aria-live]')?.textContent).toContain('请阅读3秒后再勾选');
  });

  it('types phone, email and date answers so phones show the right keyboard', () => {
    const [type, setType] = createSignal('phone');
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(() => <QuestionField question={{ ...base, type: type() }} value="" onValue={vi.fn()} />, root);
    expect(root.querySelector('input')?.type).toBe('tel');
    setType('email');
    expect(root.querySelector('input')?.type).toBe('email');
    setType('date');
    expect(root.querySelector('input')?.type).toBe('date');
  });

  it('says its own words in English when switched, and the province’s labels and options as published', () => {
    setLocale('en');
    try {
      const root = show({ ...base, code: 'dualApplication', label: '是否兼报', type: 'boolean' }, undefined);
      expect(root.querySelector('legend')?.textContent).toBe('是否兼报');
      expect([...root.querySelectorAll('input[type="radio"]')].map((r) => r.closest('label')?.textContent)).toEqual(['Yes', 'No']);
      dispose?.();
      document.body.innerHTML = '';
      const select = show({ ...base, code: 'examCity', label: '考试地点', type: 'select', options: [{ code: '371700', name: '菏泽市', subjects: null, majorScope: null }] }, '').querySelector('select')!;
      expect([...select.options].map((o) => o.textContent)).toEqual(['Choose 考试地点', '菏泽市']);
    } finally {
      setLocale('zh');
    }
  });
});
