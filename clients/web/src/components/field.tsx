import { createSignal, createUniqueId, For, Show, splitProps, type JSX } from 'solid-js';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

interface FieldFrameProps {
  id: string;
  label: string;
  required?: boolean;
  hint?: JSX.Element;
  error?: string;
  children: JSX.Element;
}

/** Label, control, hint and error of one field; the error line is a live region so it is read out when it appears. */
function FieldFrame(props: FieldFrameProps) {
  return (
    <div class="field" classList={{ 'field--invalid': !!props.error }}>
      {/* The required star is drawn by CSS, so the label's text is the field's name alone; `required` tells assistive technology. */}
      <label class="field__label" classList={{ 'field__label--required': props.required !== false }} for={props.id}>
        {props.label}
      </label>
      {props.children}
      <Show when={props.hint !== undefined}>
        <p class="field__hint" id={`${props.id}-hint`} aria-live="polite">
          {props.hint}
        </p>
      </Show>
      <p class="field__error" id={`${props.id}-error`} aria-live="polite">
        {props.error ?? ''}
      </p>
    </div>
  );
}

const describedBy = (id: string, hint: unknown) => [hint !== undefined ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');

export interface TextFieldProps {
  /** The input's name: the same as the API input field, so server errors land here. */
  name: string;
  label: string;
  value: string;
  onValue?: (value: string) => void;
  type?: 'text' | 'password' | 'tel' | 'date' | 'email';
  error?: string;
  hint?: JSX.Element;
  placeholder?: string;
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email';
  maxLength?: number;
  required?: boolean;
  readOnly?: boolean;
  autoCapitalize?: 'off' | 'characters';
  /** Beside the input: a captcha image or the 获取验证码 button. */
  addon?: JSX.Element;
}

/** A labelled text input with hint and error; a password input gets a show/hide switch. */
export function TextField(props: TextFieldProps) {
  const id = createUniqueId();
  const [revealed, setRevealed] = createSignal(false);
  const [local] = splitProps(props, ['type']);
  const inputType = () => (local.type === 'password' && revealed() ? 'text' : (local.type ?? 'text'));
  return (
    <FieldFrame id={id} label={props.label} required={props.required} hint={props.hint} error={props.error}>
      <div class="field__control" classList={{ 'field__control--addon': !!props.addon || local.type === 'password' }}>
        <input
          id={id}
          class="input"
          classList={{ 'input--reveal': local.type === 'password' }}
          name={props.name}
          type={inputType()}
          value={props.value}
          onInput={(event) => props.onValue?.(event.currentTarget.value)}
          placeholder={props.placeholder}
          autocomplete={props.autocomplete ?? 'off'}
          inputMode={props.inputMode}
          maxLength={props.maxLength}
          readOnly={props.readOnly}
          required={props.required !== false && !props.readOnly}
          autoCapitalize={props.autoCapitalize}
          spellcheck={false}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy(id, props.hint)}
        />
        <Show when={local.type === 'password'}>
          <button
            type="button"
            class="reveal"
            aria-pressed={revealed()}
            aria-label={revealed() ? t('password.hideField', { label: props.label }) : t('password.showField', { label: props.label })}
            onClick={() => setRevealed(!revealed())}
          >
            {revealed() ? t('password.hide') : t('password.show')}
          </button>
        </Show>
        {props.addon}
      </div>
    </FieldFrame>
  );
}

export interface SelectFieldProps {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onValue: (value: string) => void;
  error?: string;
  hint?: JSX.Element;
  /** The first, empty choice (请选择…) when nothing is chosen yet. */
  placeholder?: string;
  required?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  const id = createUniqueId();
  return (
    <FieldFrame id={id} label={props.label} required={props.required} hint={props.hint} error={props.error}>
      <div class="field__control">
        <select
          id={id}
          class="input select"
          name={props.name}
          value={props.value}
          onChange={(event) => props.onValue(event.currentTarget.value)}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy(id, props.hint)}
          required={props.required !== false}
        >
          <Show when={props.placeholder !== undefined}>
            <option value="" disabled selected={props.value === ''}>
              {props.placeholder}
            </option>
          </Show>
          <For each={props.options}>
            {(option) => (
              <option value={option.value} selected={option.value === props.value}>
                {option.label}
              </option>
            )}
          </For>
        </select>
      </div>
    </FieldFrame>
  );
}

export interface TextAreaFieldProps {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  hint?: JSX.Element;
  maxLength?: number;
  required?: boolean;
}

export function TextAreaField(props: TextAreaFieldProps) {
  const id = createUniqueId();
  return (
    <FieldFrame id={id} label={props.label} required={props.required} hint={props.hint} error={props.error}>
      <textarea
        id={id}
        class="input textarea"
        name={props.name}
        value={props.value}
        rows={3}
        maxLength={props.maxLength}
        required={props.required !== false}
        onInput={(event) => props.onValue(event.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint)}
      />
    </FieldFrame>
  );
}

export interface ChoiceFieldProps {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onValue: (value: string) => void;
  error?: string;
  hint?: JSX.Element;
  required?: boolean;
}

/** A few choices as radio buttons in a fieldset (是否兼报: 是 / 否): one tap on a phone, the question read as the legend. */
export function ChoiceField(props: ChoiceFieldProps) {
  const id = createUniqueId();
  return (
    <fieldset class="field choice" classList={{ 'field--invalid': !!props.error }} aria-describedby={describedBy(id, props.hint)}>
      <legend class="field__label" classList={{ 'field__label--required': props.required !== false }}>
        {props.label}
      </legend>
      <div class="choice__options">
        <For each={props.options}>
          {(option, index) => (
            <label class="choice__option">
              <input
                type="radio"
                class="radio"
                name={props.name}
                id={index() === 0 ? id : undefined}
                value={option.value}
                checked={props.value === option.value}
                onChange={() => props.onValue(option.value)}
                aria-invalid={props.error ? 'true' : undefined}
              />
              <span>{option.label}</span>
            </label>
          )}
        </For>
      </div>
      <Show when={props.hint !== undefined}>
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <p class="field__error" id={`${id}-error`} aria-live="polite">
        {props.error ?? ''}
      </p>
    </fieldset>
  );
}

export interface CheckboxFieldProps {
  name: string;
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  error?: string;
  disabled?: boolean;
  hint?: JSX.Element;
}

/** One tick box (我已阅读并承诺), with its error line. */
export function CheckboxField(props: CheckboxFieldProps) {
  const id = createUniqueId();
  return (
    <div class="field consent" classList={{ 'field--invalid': !!props.error }}>
      <div class="consent__row">
        <input
          id={id}
          type="checkbox"
          class="checkbox"
          name={props.name}
          checked={props.checked}
          disabled={props.disabled}
          onChange={(event) => props.onChecked(event.currentTarget.checked)}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy(id, props.hint)}
        />
        <label for={id}>{props.label}</label>
      </div>
      <Show when={props.hint !== undefined}>
        <p class="field__hint" id={`${id}-hint`} aria-live="polite">
          {props.hint}
        </p>
      </Show>
      <p class="field__error" id={`${id}-error`} aria-live="polite">
        {props.error ?? ''}
      </p>
    </div>
  );
}

/** The message at the top of a form for a failure that concerns no one field. */
export function FormAlert(props: { message?: string; tone?: 'error' | 'success' | 'info' }) {
  return (
    <div class="form-alert-slot" aria-live="assertive">
      <Show when={props.message}>
        <p class={`alert alert--${props.tone ?? 'error'}`} data-form-error tabindex="-1">
          {props.message}
        </p>
      </Show>
    </div>
  );
}

export function SubmitButton(props: { busy: boolean; label: string; busyLabel: string }) {
  return (
    <button type="submit" class="button button--primary button--block" disabled={props.busy} aria-busy={props.busy}>
      {props.busy ? props.busyLabel : props.label}
    </button>
  );
}
