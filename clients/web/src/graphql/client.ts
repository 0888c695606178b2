import { Client, fetchExchange } from '@urql/core';
import type { RefreshOutcome, SessionStore } from '../auth/session.ts';
import { REFRESH_SESSION, type RefreshSessionData } from './operations.ts';

/** GraphQL answers on the same origin (the gateway serves this client; the dev server proxies to it). */
export const GRAPHQL_URL = '/graphql';

/** Codes the gateway answers with (HTTP 401) when a bearer token is not, or no longer, good. */
const SESSION_OVER = new Set(['TOKEN_INVALID', 'SESSION_ENDED', 'UNAUTHENTICATED']);

/** The `extensions.code` of the first error of a GraphQL response body, if it has one. */
export async function responseErrorCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
    const code = body.errors?.[0]?.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function withBearer(init: RequestInit | undefined, token: string | undefined): RequestInit {
  const headers = new Headers(init?.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  else headers.delete('authorization');
  return { ...init, headers };
}

/**
 * `fetch` that signs requests in: sends the access token, renews it once when it has run out or the gateway calls it
 * invalid, and when the session is over forgets it and sends the request again as a visitor (so signing in, captchas
 * and SMS codes keep working). A 401 from the gateway means the operation did not run, so sending it again is safe.
 */
export function createAuthFetch(session: SessionStore, baseFetch: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  return async (input, init) => {
    let token: string | undefined;
    try {
      token = await session.validAccessToken();
    } catch {
      // Renewal failed for a transient reason: try with what there is; the gateway will say if it is stale.
      token = session.accessToken();
    }
    const response = await baseFetch(input, withBearer(init, token));
    if (response.status !== 401 || !token) return response;
    const code = await responseErrorCode(response.clone());
    if (!code || !SESSION_OVER.has(code)) return response;
    if (code === 'TOKEN_INVALID') {
      let renewed: boolean;
      try {
        renewed = await session.renew(token);
      } catch {
        return response;
      }
      if (renewed) {
        const retried = await baseFetch(input, withBearer(init, session.accessToken()));
        if (retried.status !== 401) return retried;
      }
    }
    session.clear();
    return baseFetch(input, withBearer(init, undefined));
  };
}

/**
 * Renews a session with the `refreshSession` mutation, sent without a bearer token. Answers `{ ended }` when the server
 * refuses the refresh token; throws when the server could not be asked (network, 5xx), so the session is kept.
 */
export function createRefresher(baseFetch: typeof fetch = (input, init) => fetch(input, init), url = GRAPHQL_URL) {
  return async (refreshToken: string): Promise<RefreshOutcome> => {
    const response = await baseFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ operationName: 'RefreshSession', query: REFRESH_SESSION, variables: { refreshToken } }),
    });
    const body = (await response.json().catch(() => undefined)) as { data?: RefreshSessionData } | undefined;
    const payload = body?.data?.refreshSession;
    if (!payload) throw new Error(`Session renewal failed (HTTP ${response.status})`);
    return payload.ok && payload.tokens ? { tokens: payload.tokens } : { ended: true };
  };
}

/**
 * The urql client: POST only (the gateway's CSRF prevention refuses GET), no document cache (account screens always
 * want the server's answer), and the signed-in `fetch`.
 */
export function createApiClient(session: SessionStore, baseFetch?: typeof fetch): Client {
  return new Client({
    url: GRAPHQL_URL,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetch: createAuthFetch(session, baseFetch),
  });
}
