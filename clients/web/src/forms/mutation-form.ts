import { createSignal, onCleanup } from 'solid-js';
import type { CombinedError } from '@urql/core';
import type { Payload, UserError } from '../graphql/types.ts';
import { createFormErrors, focusFirstError, FORM, mutationFailure, placeError, type FormErrors } from './form-errors.ts';
import { problems } from './validate.ts';
import { readDraft, writeDraft, clearDraft } from './draft.ts';
import { useMessages } from '../i18n/locale.ts';
import { formMessages } from './messages.ts';

const t = useMessages(formMessages);

/** What a request answers: the transport error (if any) and the mutation's payload. */
export interface Answer<P> {
  error?: CombinedError;
  payload: P | null | undefined;
}

export interface MutationFormOptions {
  /** The form's fields in their order on the page: where errors go, and which one takes focus first. */
  fields: readonly string[] | (() => readonly string[]);
  /** An image captcha the request spends: cleared and refreshed after every request that carried it. */
  captcha?: { spend: () => void };
}

/**
 * One form's submission as every page does it: the checks made in the browser first (so no captcha is spent on an
 * empty field), the busy state (a second press does nothing while one is on its way), the server's refusal placed
 * beside the field it names (`error.field`, every field of `errors`, or a GraphQL error's `extensions.field`) or at
 * the top, the captcha spent, and focus moved to the first field in error so keyboard and screen-reader users land on
 * it. Errors are live regions (see `components/field.tsx`), so they are announced.
 */
export function createMutationForm(options: MutationFormOptions) {
  const errors = createFormErrors();
  const [busy, setBusy] = createSignal(false);
  let element: HTMLFormElement | undefined;
  const fields = () => (typeof options.fields === 'function' ? options.fields() : options.fields);

  const show = (next: FormErrors) => {
    errors.replace(next);
    queueMicrotask(() => focusFirstError(element, errors.errors, [...fields(), FORM]));
  };

  return {
    errors: errors.errors,
    busy,
    ref: (el: HTMLFormElement) => (element = el),
    /** Shows these messages (replacing the others) and focuses the first. */
    show,
    /** Forgets a field's message (and the form's) as the candidate edits it. */
    edited(field: string) {
      errors.clear(field);
      errors.clear(FORM);
    },
    /**
     * Submits: runs `checks` (messages by field, `undefined` for a field that is fine), then `request`; resolves the
     * payload when it says ok, `undefined` when anything was refused (and then it is on screen). With `spendsCaptcha`
     * the captcha is renewed after the request whatever it answered (an image allows one guess).
     */
    async submit<P extends Payload & { errors?: readonly UserError[] | null }>(
      checks: () => Record<string, string | undefined>,
      request: () => Promise<Answer<P>>,
      submitOptions: { spendsCaptcha?: boolean; failureMessage?: string; onRefusal?: (error: UserError) => boolean } = {},
    ): Promise<P | undefined> {
      if (busy()) return undefined;
      const local = problems(checks());
      if (Object.keys(local).length) {
        show(local);
        return undefined;
      }
      setBusy(true);
      let answer: Answer<P>;
      try {
        answer = await request();
      } finally {
        setBusy(false);
        if (submitOptions.spendsCaptcha) options.captcha?.spend();
      }
      const refusal = answer.payload?.ok ? undefined : answer.payload?.error;
      // A refusal the page answers itself (an expired reset ticket starts again) is not shown here.
      if (refusal && submitOptions.onRefusal?.(refusal)) return undefined;
      const placed = placeAnswer(answer, fields(), submitOptions.failureMessage);
      if (placed) {
        show(placed);
        return undefined;
      }
      errors.replace({});
      return answer.payload ?? undefined;
    },
  };
}

export type MutationForm = ReturnType<typeof createMutationForm>;

/** Where an answer's failures go, by field; `undefined` when it says ok. */
export function placeAnswer<P extends Payload & { errors?: readonly UserError[] | null }>(
  answer: Answer<P>,
  fields: readonly string[],
  failureMessage = t('failed'),
): FormErrors | undefined {
  if (answer.payload?.ok) return undefined;
  const placed: FormErrors = {};
  for (const error of answer.payload?.errors ?? []) {
    const where = placeError(error, fields);
    placed[where.field] ??= where.message;
  }
  if (!answer.payload && answer.error) {
    // A GraphQL error that names an input field (validation of a variable) goes beside it.
    const named = answer.error.graphQLErrors.find((e) => typeof e.extensions?.field === 'string' && fields.includes(e.extensions.field as string));
    if (named) placed[named.extensions.field as string] = named.message;
  }
  const failure = mutationFailure(answer, answer.payload, fields);
  if (failure) placed[failure.field] ??= failure.message;
  if (!Object.keys(placed).length) placed[FORM] = failureMessage;
  return placed;
}

/**
 * A form's values kept in `sessionStorage` under `key` while the candidate types, so a reload (a weak network, the
 * phone switching apps) loses nothing; cleared once the server accepted them. Passwords and codes are never kept.
 */
export function createDraft<T extends Record<string, unknown>>(key: string, values: () => T, restore: (saved: Partial<T>) => void) {
  const saved = readDraft<T>(key);
  if (saved) restore(saved);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => writeDraft(key, values()), 250);
  };
  onCleanup(() => clearTimeout(timer));
  return {
    /** Call after every edit. */
    save,
    /** Call once the server accepted the values. */
    clear() {
      clearTimeout(timer);
      clearDraft(key);
    },
    restored: !!saved,
  };
}
