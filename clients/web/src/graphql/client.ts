import { Client, fetchExchange, makeOperation, type CombinedError, type Operation } from '@urql/core';
import { authExchange, type AuthUtilities } from '@urql/exchange-auth';
import type { RefreshOutcome, SessionStore } from '../auth/session.ts';
import { RefreshSessionMutation } from './operations.ts';

/** GraphQL answers on the same origin (the gateway serves this client; the dev server proxies to it). */
export const GRAPHQL_URL = '/graphql';

/** Codes the gateway answers with (HTTP 401) when a bearer token is not, or no longer, good. */
const SESSION_OVER = new Set(['TOKEN_INVALID', 'SESSION_ENDED', 'UNAUTHENTICATED']);

/** The `extensions.code` of the first GraphQL error that has one. */
export function errorCode(error: CombinedError): string | undefined {
  const code = error.graphQLErrors.find((e) => typeof e.extensions?.code === 'string')?.extensions.code;
  return typeof code === 'string' ? code : undefined;
}

function bearerOf(operation: Operation): string | undefined {
  const options = typeof operation.context.fetchOptions === 'function' ? operation.context.fetchOptions() : operation.context.fetchOptions;
  const headers = (options?.headers ?? {}) as Record<string, string>;
  const value = headers.authorization ?? headers.Authorization;
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}

/** The operation sent again as a visitor: the session it carried a token of is over. */
function withoutBearer(operation: Operation): Operation {
  const options = typeof operation.context.fetchOptions === 'function' ? operation.context.fetchOptions() : (operation.context.fetchOptions ?? {});
  const headers = { ...((options.headers ?? {}) as Record<string, string>) };
  delete headers.authorization;
  delete headers.Authorization;
  return makeOperation(operation.kind, operation, { ...operation.context, fetchOptions: { ...options, headers } });
}

/**
 * Renews a session with the `refreshSession` mutation, sent through the auth exchange's own channel without a bearer
 * token. Answers `{ ended }` when the server refuses the refresh token; throws when the server could not be asked
 * (network, 5xx), so the session is kept.
 */
export function refreshThrough(utils: Pick<AuthUtilities, 'mutate'>) {
  return async (refreshToken: string): Promise<RefreshOutcome> => {
    const result = await utils.mutate(RefreshSessionMutation, { refreshToken }, { skipAuth: true, requestPolicy: 'network-only' });
    const payload = result.data?.refreshSession;
    if (!payload) throw new Error(`Session renewal failed: ${result.error?.message ?? 'no answer'}`);
    return payload.ok && payload.tokens ? { tokens: payload.tokens } : { ended: true };
  };
}

/**
 * urql's auth exchange over the session store: sends the access token, renews it before a request when it has run out
 * and once when the gateway calls it invalid (the request then goes again), and when the session is over forgets it
 * and sends the request again as a visitor (so signing in, captchas and SMS codes keep working). A 401 from the
 * gateway means the operation did not run, so sending it again is safe. Renewals are the session store's: one at a
 * time, across tabs where the browser can lock, because a refresh token is single use (the server answers a second
 * tab presenting the same token within 10 s with the same tokens).
 */
export function sessionAuthExchange(session: SessionStore) {
  return authExchange(async (utils) => {
    session.useRefresher(refreshThrough(utils));
    /** Why the next renewal was asked for, and the token that was refused. */
    let trouble: { code: string; token: string | undefined } | undefined;
    return {
      addAuthToOperation(operation) {
        const token = operation.context.skipAuth ? undefined : session.accessToken();
        if (token) return utils.appendHeaders(operation, { authorization: `Bearer ${token}` });
        return bearerOf(operation) ? withoutBearer(operation) : operation;
      },
      willAuthError(operation) {
        if (operation.context.skipAuth || !session.isSignedIn() || session.freshAccessToken()) return false;
        trouble = { code: 'EXPIRED', token: session.accessToken() };
        return true;
      },
      didAuthError(error, operation) {
        const code = errorCode(error);
        const token = bearerOf(operation);
        if (!code || !SESSION_OVER.has(code) || !token) return false;
        trouble = { code, token };
        return true;
      },
      async refreshAuth() {
        const { code, token } = trouble ?? { code: 'EXPIRED', token: undefined };
        trouble = undefined;
        if (code === 'EXPIRED' || code === 'TOKEN_INVALID') {
          try {
            // Renewed: the request goes again with the new token. Refused: the store has forgotten the session.
            await session.renew(token);
          } catch {
            // Renewal failed for a transient reason: keep the session; the request goes with what there is and its
            // answer (or failure) reaches the page.
          }
          return;
        }
        session.clear();
      },
    };
  });
}

declare module '@urql/core' {
  interface OperationContext {
    /** Send without a bearer token (`refreshSession`). */
    skipAuth?: boolean;
  }
}

/**
 * The urql client: POST only (the gateway's CSRF prevention refuses GET), no document cache (the screens always want
 * the server's answer: a registration moves on the server's clock), and the auth exchange.
 */
export function createApiClient(session: SessionStore, fetchImpl?: typeof fetch): Client {
  return new Client({
    url: GRAPHQL_URL,
    exchanges: [sessionAuthExchange(session), fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetch: fetchImpl,
  });
}
