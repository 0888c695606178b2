import type { Question } from './documents.ts';

/** A question as `stepPreview` answers it, for the registration components' tests: 姓名, a required text, unless told. */
export function aQuestion(over: Partial<Question> = {}): Question {
  return {
    code: 'name',
    label: '姓名',
    type: 'text',
    required: true,
    options: null,
    value: null,
    default: null,
    readOnly: false,
    prefilled: false,
    locked: false,
    hint: null,
    pattern: null,
    minLength: null,
    maxLength: null,
    validationMessage: null,
    formats: null,
    maxBytes: null,
    ...over,
  };
}
