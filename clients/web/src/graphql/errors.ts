import type { CombinedError } from '@urql/core';
import { useMessages } from '../i18n/locale.ts';
import { commonMessages } from '../i18n/messages.ts';

const t = useMessages(commonMessages);

const SESSION_CODES = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'SESSION_ENDED', 'FORBIDDEN']);

/** The `extensions.code` of the first GraphQL error, or `NETWORK` when the request did not get an answer. */
export function transportErrorCode(error: CombinedError): string {
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors.find((e) => typeof e.extensions?.code === 'string')?.extensions.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** Whether a transport failure means the caller is not (or no longer) signed in. */
export function isSessionOver(error: CombinedError | undefined): boolean {
  return !!error && SESSION_CODES.has(transportErrorCode(error));
}

/** What to tell a candidate about a transport-level failure (not an expected `{ ok: false }` refusal). */
export function transportErrorMessage(error: CombinedError): string {
  const code = transportErrorCode(error);
  if (code === 'NETWORK') {
    // A 5xx without a GraphQL body arrives as a network error too.
    const status = (error.response as Response | undefined)?.status;
    return status && status >= 500 ? t('errors.serviceUnavailable') : t('errors.network');
  }
  if (code === 'SERVICE_UNAVAILABLE') return t('errors.serviceUnavailable');
  if (SESSION_CODES.has(code)) return t('errors.sessionOver');
  if (code === 'TOO_MANY_REQUESTS') return error.graphQLErrors[0]?.message || t('errors.tooManyRequests');
  return t('errors.unexpected');
}
