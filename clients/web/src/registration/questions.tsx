import { Match, Switch } from 'solid-js';
import { CheckboxField, ChoiceField, SelectField, TextAreaField, TextField } from '../components/field.tsx';
import type { Question } from './documents.ts';
import { displayValue } from './model.ts';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

export interface QuestionProps {
  question: Question;
  value: unknown;
  onValue: (value: unknown) => void;
  error?: string;
  /** An acknowledgement cannot be ticked before the text's countdown ends. */
  disabled?: boolean;
  /** Said under an acknowledgement while it waits (请阅读 3 秒). */
  hint?: string;
}

const TEXT_TYPES: Record<string, { type?: 'text' | 'tel' | 'date' | 'email'; inputMode?: 'text' | 'numeric' | 'tel' | 'email'; autocomplete?: string }> = {
  text: {},
  idNumber: { autocomplete: 'off' },
  phone: { type: 'tel', inputMode: 'tel', autocomplete: 'tel' },
  email: { type: 'email', inputMode: 'email', autocomplete: 'email' },
  postcode: { inputMode: 'numeric', autocomplete: 'postal-code' },
  date: { type: 'date' },
  // A region the rules list no choices for is its 6-digit administrative code (GB/T 2260).
  region: { inputMode: 'numeric' },
};

/** The value shown for a read-only or locked question: an option's name where it has options. */
export function shownValue(question: Question, value: unknown): string {
  const option = question.options?.find((o) => o.code === value);
  return option ? option.name : displayValue(value);
}

/**
 * One question of a step, drawn by its type as the rules give it (text, select, date, phone, email, postcode,
 * idNumber, region, textarea, boolean, acknowledgement). Read-only values (from the roster or the account) and
 * locked ones are shown, not asked. The input's name is the question's code, so the server's `error.field` lands here.
 */
export function QuestionField(props: QuestionProps) {
  const text = () => (typeof props.value === 'string' ? props.value : props.value === null || props.value === undefined ? '' : String(props.value));
  const options = () => (props.question.options ?? []).map((o) => ({ value: o.code, label: o.name }));
  // A subject group says what it is sat in and which majors it opens (报考专业范围), once chosen.
  const chosenHint = () => {
    const option = props.question.options?.find((o) => o.code === props.value);
    const parts = [
      option?.subjects?.length ? t('question.subjects', { list: option.subjects.map((s) => s.name).join(t('question.listSeparator')) }) : '',
      option?.majorScope?.length ? t('question.majorScope', { list: option.majorScope.join(t('question.listSeparator')) }) : '',
    ].filter(Boolean);
    return parts.length ? parts.join(t('question.partSeparator')) : (props.question.hint ?? undefined);
  };
  const readOnlyHint = () => (props.question.readOnly ? (props.question.prefilled ? t('question.prefilled') : t('question.readOnly')) : t('question.locked'));
  return (
    <Switch
      fallback={
        <TextField
          name={props.question.code}
          label={props.question.label}
          value={text()}
          onValue={props.onValue}
          error={props.error}
          hint={props.question.hint ?? undefined}
          required={props.question.required}
          maxLength={props.question.maxLength ?? undefined}
          type={TEXT_TYPES[props.question.type]?.type}
          inputMode={TEXT_TYPES[props.question.type]?.inputMode}
          autocomplete={TEXT_TYPES[props.question.type]?.autocomplete}
        />
      }
    >
      <Match when={props.question.readOnly || props.question.locked}>
        <TextField name={props.question.code} label={props.question.label} value={shownValue(props.question, props.value)} readOnly hint={readOnlyHint()} required={false} />
      </Match>
      <Match when={props.question.type === 'acknowledgement'}>
        <CheckboxField
          name={props.question.code}
          label={props.question.label}
          checked={props.value === true}
          onChecked={(checked) => props.onValue(checked)}
          error={props.error}
          disabled={props.disabled}
          hint={props.hint}
        />
      </Match>
      <Match when={props.question.type === 'boolean'}>
        <ChoiceField
          name={props.question.code}
          label={props.question.label}
          value={props.value === true ? 'true' : props.value === false ? 'false' : ''}
          options={[
            { value: 'true', label: t('values.yes') },
            { value: 'false', label: t('values.no') },
          ]}
          onValue={(value) => props.onValue(value === 'true')}
          error={props.error}
          hint={props.question.hint ?? undefined}
          required={props.question.required}
        />
      </Match>
      <Match when={(props.question.type === 'select' || props.question.type === 'region') && options().length > 0}>
        <SelectField
          name={props.question.code}
          label={props.question.label}
          value={text()}
          options={options()}
          placeholder={t('question.choose', { label: props.question.label })}
          onValue={props.onValue}
          error={props.error}
          hint={chosenHint()}
          required={props.question.required}
        />
      </Match>
      <Match when={props.question.type === 'textarea'}>
        <TextAreaField
          name={props.question.code}
          label={props.question.label}
          value={text()}
          onValue={props.onValue}
          error={props.error}
          hint={props.question.hint ?? undefined}
          required={props.question.required}
          maxLength={props.question.maxLength ?? undefined}
        />
      </Match>
    </Switch>
  );
}
