import type { Client } from '@urql/core';
import { SendSmsCodeMutation } from '../graphql/operations.ts';
import type { SendSmsCodeInput } from '../graphql/types.ts';
import type { SmsSendOutcome } from '../components/sms-code-field.tsx';
import { mutationFailure, type PlacedError } from './form-errors.ts';
import { useMessages } from '../i18n/locale.ts';
import { formMessages } from './messages.ts';

const t = useMessages(formMessages);

/**
 * Asks for an SMS code. A refusal comes back placed for the form; a refusal for asking too soon still carries the
 * seconds to wait, so the button counts down instead of inviting another refused click.
 */
export async function requestSmsCode(
  client: Client,
  input: SendSmsCodeInput,
  fields: readonly string[],
  notice = t('smsSent'),
): Promise<{ outcome?: SmsSendOutcome; failure?: PlacedError }> {
  const result = await client.mutation(SendSmsCodeMutation, { input }).toPromise();
  const payload = result.data?.sendSmsCode;
  const failure = mutationFailure(result, payload, fields);
  const resendAfterSeconds = payload?.resendAfterSeconds ?? undefined;
  if (failure) return { failure, outcome: resendAfterSeconds ? { resendAfterSeconds } : undefined };
  return { outcome: { resendAfterSeconds: resendAfterSeconds ?? 60, notice } };
}
