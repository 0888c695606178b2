import { createStore } from 'solid-js/store';
import type { CombinedError } from '@urql/core';
import { transportErrorCode, transportErrorMessage } from '../graphql/errors.ts';
import type { Payload, UserError } from '../graphql/types.ts';
import { useMessages } from '../i18n/locale.ts';
import { formMessages } from './messages.ts';

const t = useMessages(formMessages);

/** Key of the message shown at the top of a form rather than beside a field. */
export const FORM = 'form';

/** A failure to show: where (a field of the form, or `form` for the top) and what. */
export interface PlacedError {
  field: string;
  code: string;
  message: string;
}

/**
 * Where to show a refusal: beside the field it names when the form has that field, else at the top of the form (a
 * field the form does not show, such as `resetTicket` or `province`, or no field at all).
 */
export function placeError(error: UserError, fields: readonly string[]): PlacedError {
  const field = error.field && fields.includes(error.field) ? error.field : FORM;
  return { field, code: error.code, message: error.message };
}

/**
 * The failure of a mutation, if any: the payload's refusal, or a transport failure (network, service down), placed
 * for a form with the given fields. `undefined` when the payload says ok.
 */
export function mutationFailure(
  result: { error?: CombinedError },
  payload: Payload | null | undefined,
  fields: readonly string[],
): PlacedError | undefined {
  if (payload?.ok) return undefined;
  if (payload?.error) return placeError(payload.error, fields);
  if (result.error) return { field: FORM, code: transportErrorCode(result.error), message: transportErrorMessage(result.error) };
  return { field: FORM, code: 'UNKNOWN', message: t('failed') };
}

export type FormErrors = Record<string, string | undefined>;

/** A form's error messages by field, with the first field in error to move focus to. */
export function createFormErrors() {
  const [errors, setErrors] = createStore<FormErrors>({});
  return {
    errors,
    set(field: string, message: string | undefined) {
      setErrors(field, message);
    },
    clear(field: string) {
      if (errors[field] !== undefined) setErrors(field, undefined);
    },
    /** Replaces all messages at once (after a submit's own checks or the server's answer). */
    replace(next: FormErrors) {
      const cleared: FormErrors = Object.fromEntries(Object.keys(errors).map((key) => [key, undefined]));
      setErrors({ ...cleared, ...next });
    },
    any(): boolean {
      return Object.values(errors).some((message) => message !== undefined);
    },
  };
}

export type FormErrorsStore = ReturnType<typeof createFormErrors>;

/** Moves focus to the first field in error (in the form's order), so keyboard and screen-reader users land on it. */
export function focusFirstError(form: HTMLFormElement | undefined, errors: FormErrors, order: readonly string[]): void {
  if (!form) return;
  const field = order.find((name) => errors[name]);
  const target = field && field !== FORM ? form.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`) : form.querySelector<HTMLElement>('[data-form-error]');
  target?.focus();
}
