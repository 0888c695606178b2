import { describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../auth/session.ts';
import type { AuthTokens } from './types.ts';
import { createApiClient } from './client.ts';
import { MeQuery } from './operations.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = (code: string) => json(401, { errors: [{ message: 'no', extensions: { code } }] });
const me = () => json(200, { data: { me: { id: '1', province: 'CN-SD', idType: 'RESIDENT_ID', idNumber: 'x', phone: 'y', name: null, examSession: null } } });
const renewedWith = (tokens: AuthTokens) => json(200, { data: { refreshSession: { ok: true, error: null, tokens } } });
const renewalRefused = () => json(200, { data: { refreshSession: { ok: false, error: { code: 'SESSION_EXPIRED', message: 'x', field: null }, tokens: null } } });

let issued = 0;
function tokens(lifetimeMs = 900_000): AuthTokens {
  issued++;
  return {
    accessToken: `access-${issued}`,
    accessTokenExpiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    refreshToken: `refresh-${issued}`,
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
}

function storage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
}

/** A client over a scripted server; `calls` are what it was sent: operation name, bearer token, variables. */
function setUp(answers: ((body: { operationName?: string; variables?: Record<string, unknown> }) => Response)[], signedIn: AuthTokens | null = tokens()) {
  const session = new SessionStore({ storage: storage() });
  if (signedIn) session.start('CN-SD', signedIn);
  const calls: { operation: string | undefined; bearer: string | null; variables: Record<string, unknown> | undefined }[] = [];
  const fetchImpl = vi.fn<typeof fetch>(async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as { operationName?: string; variables?: Record<string, unknown> };
    calls.push({ operation: body.operationName, bearer: new Headers(init?.headers).get('authorization'), variables: body.variables });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${body.operationName}`);
    return answer(body);
  });
  const client = createApiClient(session, fetchImpl);
  return { session, calls, client, signedIn };
}

describe('the auth exchange', () => {
  it('sends the access token as a bearer token, and none when signed out', async () => {
    const { client, calls, signedIn } = setUp([me]);
    await client.query(MeQuery, {}).toPromise();
    expect(calls).toEqual([{ operation: 'Me', bearer: `Bearer ${signedIn!.accessToken}`, variables: {} }]);

    const visitor = setUp([me], null);
    await visitor.client.query(MeQuery, {}).toPromise();
    expect(visitor.calls[0].bearer).toBeNull();
  });

  it('on TOKEN_INVALID renews once, without a bearer token, and sends the request again with the new token', async () => {
    const renewed = tokens();
    const { client, calls, signedIn, session } = setUp([() => refused('TOKEN_INVALID'), () => renewedWith(renewed), me]);
    const result = await client.query(MeQuery, {}).toPromise();
    expect(result.data?.me?.id).toBe('1');
    expect(calls.map((c) => [c.operation, c.bearer])).toEqual([
      ['Me', `Bearer ${signedIn!.accessToken}`],
      ['RefreshSession', null],
      ['Me', `Bearer ${renewed.accessToken}`],
    ]);
    expect(calls[1].variables).toEqual({ refreshToken: signedIn!.refreshToken });
    expect(session.accessToken()).toBe(renewed.accessToken);
  });

  it('renews before sending when the access token has run out (after a reload none is held)', async () => {
    const renewed = tokens();
    const { client, calls } = setUp([() => renewedWith(renewed), me], tokens(-60_000));
    await client.query(MeQuery, {}).toPromise();
    expect(calls.map((c) => [c.operation, c.bearer])).toEqual([
      ['RefreshSession', null],
      ['Me', `Bearer ${renewed.accessToken}`],
    ]);
  });

  it('two requests refused at once share one renewal (a refresh token is single use)', async () => {
    const renewed = tokens();
    const { client, calls } = setUp([() => refused('TOKEN_INVALID'), () => refused('TOKEN_INVALID'), () => renewedWith(renewed), me, me]);
    await Promise.all([client.query(MeQuery, {}).toPromise(), client.query(MeQuery, {}, { requestPolicy: 'network-only', key: 2 }).toPromise()]);
    expect(calls.filter((c) => c.operation === 'RefreshSession')).toHaveLength(1);
  });

  it('when the session has ended forgets it and sends the request as a visitor, so signing in again works', async () => {
    const { client, calls, session } = setUp([() => refused('SESSION_ENDED'), me]);
    const result = await client.query(MeQuery, {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(session.isSignedIn()).toBe(false);
    expect(calls.map((c) => c.bearer)).toEqual([expect.stringMatching(/^Bearer /), null]);
  });

  it('when renewal is refused too, signs out and goes on as a visitor', async () => {
    const { client, calls, session } = setUp([() => refused('TOKEN_INVALID'), renewalRefused, me]);
    await client.query(MeQuery, {}).toPromise();
    expect(session.isSignedIn()).toBe(false);
    expect(calls.map((c) => [c.operation, c.bearer === null])).toEqual([
      ['Me', false],
      ['RefreshSession', true],
      ['Me', true],
    ]);
  });

  it('keeps the session when renewal could not be asked (a 502 is not a sign-out), and the failure reaches the page', async () => {
    const { client, session } = setUp([() => refused('TOKEN_INVALID'), () => new Response('Bad Gateway', { status: 502 }), () => refused('TOKEN_INVALID')]);
    const result = await client.query(MeQuery, {}).toPromise();
    expect(result.error).toBeDefined();
    expect(session.isSignedIn()).toBe(true);
  });

  it('passes other failures through untouched and keeps the session', async () => {
    const { client, calls, session } = setUp([() => json(503, { errors: [{ message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] })]);
    const result = await client.query(MeQuery, {}).toPromise();
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(calls).toHaveLength(1);
    expect(session.isSignedIn()).toBe(true);
  });
});
