import { describe, expect, it, vi } from 'vitest';
import { SessionStore, type RefreshOutcome } from '../auth/session.ts';
import type { AuthTokens } from './types.ts';
import { createAuthFetch, createRefresher } from './client.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = (code: string) => json(401, { errors: [{ message: 'no', extensions: { code } }] });
const ok = () => json(200, { data: { me: { id: '1' } } });

let issued = 0;
function tokens(): AuthTokens {
  issued++;
  return {
    accessToken: `access-${issued}`,
    accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
    refreshToken: `refresh-${issued}`,
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
}

function storage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
}

function signedIn(refresh: (token: string) => Promise<RefreshOutcome> = async () => ({ tokens: tokens() })) {
  const session = new SessionStore({ refresh, storage: storage() });
  const first = tokens();
  session.start('CN-SD', first);
  return { session, first };
}

const authorization = (init: RequestInit | undefined) => new Headers(init?.headers).get('authorization');

describe('createAuthFetch', () => {
  it('sends the access token as a bearer token', async () => {
    const { session, first } = signedIn();
    const base = vi.fn<typeof fetch>(async () => ok());
    await createAuthFetch(session, base)('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(authorization(base.mock.calls[0][1])).toBe(`Bearer ${first.accessToken}`);
    expect(new Headers(base.mock.calls[0][1]?.headers).get('content-type')).toBe('application/json');
  });

  it('sends no token when signed out', async () => {
    const session = new SessionStore({ refresh: vi.fn(), storage: storage() });
    const base = vi.fn<typeof fetch>(async () => ok());
    await createAuthFetch(session, base)('/graphql', { method: 'POST', body: '{}' });
    expect(authorization(base.mock.calls[0][1])).toBeNull();
  });

  it('on TOKEN_INVALID renews once and sends the request again with the new token', async () => {
    const renewed = tokens();
    const { session } = signedIn(async () => ({ tokens: renewed }));
    const base = vi.fn<typeof fetch>().mockResolvedValueOnce(refused('TOKEN_INVALID')).mockResolvedValueOnce(ok());
    const response = await createAuthFetch(session, base)('/graphql', { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(base).toHaveBeenCalledTimes(2);
    expect(authorization(base.mock.calls[1][1])).toBe(`Bearer ${renewed.accessToken}`);
  });

  it('when the session has ended forgets it and sends the request as a visitor, so signing in again works', async () => {
    const { session } = signedIn();
    const base = vi.fn<typeof fetch>().mockResolvedValueOnce(refused('SESSION_ENDED')).mockResolvedValueOnce(ok());
    const response = await createAuthFetch(session, base)('/graphql', { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(session.isSignedIn()).toBe(false);
    expect(authorization(base.mock.calls[1][1])).toBeNull();
  });

  it('when renewal is refused too, signs out and goes on as a visitor', async () => {
    const { session } = signedIn(async () => ({ ended: true }));
    const base = vi.fn<typeof fetch>().mockResolvedValueOnce(refused('TOKEN_INVALID')).mockResolvedValueOnce(ok());
    await createAuthFetch(session, base)('/graphql', { method: 'POST', body: '{}' });
    expect(session.isSignedIn()).toBe(false);
    expect(base).toHaveBeenCalledTimes(2);
    expect(authorization(base.mock.calls[1][1])).toBeNull();
  });

  it('passes other failures through untouched and keeps the session (a 503 is not a sign-out)', async () => {
    const { session } = signedIn();
    const base = vi.fn<typeof fetch>(async () => json(503, { errors: [{ message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }));
    const response = await createAuthFetch(session, base)('/graphql', { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(base).toHaveBeenCalledOnce();
    expect(session.isSignedIn()).toBe(true);
  });
});

describe('createRefresher', () => {
  it('posts the refresh token and returns the new tokens', async () => {
    const renewed = tokens();
    const base = vi.fn<typeof fetch>(async () => json(200, { data: { refreshSession: { ok: true, error: null, tokens: renewed } } }));
    await expect(createRefresher(base)('refresh-0')).resolves.toEqual({ tokens: renewed });
    const [url, init] = base.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string).variables).toEqual({ refreshToken: 'refresh-0' });
    expect(authorization(init)).toBeNull();
  });

  it('says the session ended when the server refuses the token', async () => {
    const base = vi.fn<typeof fetch>(async () => json(200, { data: { refreshSession: { ok: false, error: { code: 'SESSION_EXPIRED', message: 'x' }, tokens: null } } }));
    await expect(createRefresher(base)('old')).resolves.toEqual({ ended: true });
  });

  it('throws when the server could not answer, so the session is kept', async () => {
    const base = vi.fn<typeof fetch>(async () => new Response('Bad Gateway', { status: 502 }));
    await expect(createRefresher(base)('old')).rejects.toThrow('502');
  });
});
