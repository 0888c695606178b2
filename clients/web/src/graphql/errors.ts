import type { CombinedError } from '@urql/core';

/** Shown when the server or a part of it is down; the candidate should wait and try again. */
export const SERVICE_UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后重试';
export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
export const SESSION_OVER_MESSAGE = '登录已失效，请重新登录';
export const UNEXPECTED_MESSAGE = '系统繁忙，请稍后重试';

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
    return status && status >= 500 ? SERVICE_UNAVAILABLE_MESSAGE : NETWORK_MESSAGE;
  }
  if (code === 'SERVICE_UNAVAILABLE') return SERVICE_UNAVAILABLE_MESSAGE;
  if (SESSION_CODES.has(code)) return SESSION_OVER_MESSAGE;
  if (code === 'TOO_MANY_REQUESTS') return error.graphQLErrors[0]?.message || '操作过于频繁，请稍后再试';
  return UNEXPECTED_MESSAGE;
}
