import { describe, expect, it } from 'vitest';
import { flatten, type BaseRecordDict } from '@solid-primitives/i18n';
import { componentMessages } from '../components/messages.ts';
import { formMessages } from '../forms/messages.ts';
import { accountMessages } from '../pages/messages.ts';
import { paymentMessages } from '../payments/messages.ts';
import { registrationMessages } from '../registration/messages.ts';
import { voiceMessages } from '../registration/voice-messages.ts';
import { uploadMessages } from '../uploads/messages.ts';
import { commonMessages } from './messages.ts';
import type { Locale } from './locale.ts';

const CATALOGUES: Record<string, Record<Locale, BaseRecordDict>> = {
  common: commonMessages,
  components: componentMessages,
  forms: formMessages,
  account: accountMessages,
  registration: registrationMessages,
  voice: voiceMessages,
  uploads: uploadMessages,
  payments: paymentMessages,
};

const placeholders = (text: unknown) => (typeof text === 'string' ? [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort() : []);
/** Chinese characters an English message may still hold: the exam's own name, and the document quoted. */
const ALLOWED_CHINESE = /专升本|中文/g;

describe.each(Object.entries(CATALOGUES))('the %s catalogue', (_name, messages) => {
  const zh = flatten(messages.zh) as Record<string, unknown>;
  const en = flatten(messages.en) as Record<string, unknown>;

  it('has every Chinese key in English and nothing more', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('fills the same placeholders in both languages', () => {
    for (const key of Object.keys(zh)) expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
  });

  it('says its English in English', () => {
    for (const [key, text] of Object.entries(en)) {
      if (typeof text !== 'string') continue;
      expect(text.replace(ALLOWED_CHINESE, ''), key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
