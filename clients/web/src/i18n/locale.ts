import { createSignal } from 'solid-js';
import * as i18n from '@solid-primitives/i18n';

/**
 * The interface's language. Chinese is the default and the reference; English is a switch for the chrome of the
 * interface (buttons, headings, hints, errors the client itself says). Policy content (step names, form labels,
 * notices, the server's error messages) is the province's own Chinese text and is shown as published.
 */
export type Locale = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'en'];
const STORAGE_KEY = 'zsb.locale';

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

function initialLocale(): Locale {
  const saved = storage()?.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh' ? saved : 'zh';
}

const [current, setCurrent] = createSignal<Locale>(initialLocale());

/** The language in force (reactive). */
export const locale = current;

/** `lang` of the document for a locale (screen readers pick their voice from it). */
export function htmlLang(value: Locale): string {
  return value === 'zh' ? 'zh-CN' : 'en';
}

/** Switches the language, remembers it on this device and tells assistive technology through `<html lang>`. */
export function setLocale(value: Locale): void {
  setCurrent(value);
  storage()?.setItem(STORAGE_KEY, value);
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(value);
}

if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(current());

/** Same shape as `T`, with every string widened: the English catalogue must have every key the Chinese one has. */
export type Catalogue<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : Catalogue<T[K]>;
};

/** One feature's messages: Chinese (the reference) and English, key for key (the type checker holds them together). */
export function defineMessages<const T extends i18n.BaseRecordDict>(zh: T, en: Catalogue<T>): Record<Locale, Catalogue<T>> {
  return { zh: zh as Catalogue<T>, en };
}

/**
 * A translator for one feature's messages, following the language switch: `t('login.title')`, or with a template
 * `t('steps.progress', { done: 2, total: 7 })` for `'{{ done }}/{{ total }}'`; a function message is returned as is.
 * It reads the language when called, so it serves components (reactively) and plain functions (a check's message)
 * alike, and may be made once per module.
 */
export function useMessages<T extends i18n.BaseRecordDict>(messages: Record<Locale, T>) {
  const flat = { zh: i18n.flatten(messages.zh), en: i18n.flatten(messages.en) };
  return i18n.translator(() => flat[current()], i18n.resolveTemplate);
}
