import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_SECONDS, createLogger, signAccessToken } from '@zsb/platform';
import { AUTHENTICATION_CACHE_LIMITS, AuthenticationError, Authenticator } from './authenticate.ts';

const keys = () => generateKeyPairSync('ed25519');

/**
 * An authenticator over a stand-in for the candidates subgraph's internal routes, with a clock the test moves.
 * `calls` counts the requests each route received; `sessionsDown` makes the session route fail.
 */
function setUp(tokenKey: KeyObject) {
  const state = { now: Date.now(), ended: new Set<string>(), validKeys: new Set<string>(), sessionsDown: false, calls: { sessions: 0, partnerKeys: 0 } };
  const stand_in = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const route = new URL(String(url)).pathname;
    const body = JSON.parse(String(init?.body)) as { ids?: string[]; key?: string };
    if (route === '/internal/sessions/live') {
      state.calls.sessions++;
      if (state.sessionsDown) throw new Error('connect ECONNREFUSED');
      return Response.json({ live: body.ids!.filter((id) => !state.ended.has(id)) });
    }
    state.calls.partnerKeys++;
    return state.validKeys.has(body.key!) ? Response.json({ principal: { kind: 'partner', keyId: body.key, name: 'partner', scopes: ['exams.read'] } }) : Response.json({ principal: null }, { status: 404 });
  };
  const options = {
    tokenKey,
    callerSecret: randomBytes(32),
    candidatesOrigin: 'http://candidates.test',
    log: createLogger({}, true, new Writable({ write: (_chunk, _encoding, done) => done() })),
    fetch: stand_in as typeof fetch,
    clock: { now: () => state.now },
  };
  return { state, options, authenticator: new Authenticator(options) };
}

async function refusal(attempt: Promise<unknown>): Promise<string | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    if (error instanceof AuthenticationError) return error.code;
    throw error;
  }
}

describe('the gateway authenticator caches', () => {
  it('asks again at once about exactly the sessions a subgraph said it ended (all of them for `*`), and about no other', async () => {
    const { privateKey, publicKey } = keys();
    const { state, authenticator } = setUp(publicKey);
    const [ending, other] = [randomUUID(), randomUUID()];
    const sign = async (sessionId: string) => ({ authorization: `Bearer ${(await signAccessToken({ kind: 'candidate', accountId: 'a-1', province: 'CN-SD', sessionId }, privateKey)).token}` });
    const [endingBearer, otherBearer] = [await sign(ending), await sign(other)];
    // One call or two, as the two checks fall in one batch or not; what follows counts from there.
    await authenticator.authenticate(endingBearer);
    await authenticator.authenticate(otherBearer);
    const before = state.calls.sessions;

    state.ended.add(ending);
    authenticator.forgetSessions([ending]);
    expect(await refusal(authenticator.authenticate(endingBearer))).toBe('SESSION_ENDED');
    await authenticator.authenticate(otherBearer);
    expect(state.calls.sessions).toBe(before + 1);

    state.ended.add(other);
    authenticator.forgetSessions('*');
    expect(await refusal(authenticator.authenticate(otherBearer))).toBe('SESSION_ENDED');
    expect(state.calls.sessions).toBe(before + 2);
  });

  it('asks again about a live session after 5 s, not before, and never again about one that has ended', async () => {
    const { privateKey, publicKey } = keys();
    const { state, authenticator } = setUp(publicKey);
    const sessionId = randomUUID();
    const { token } = await signAccessToken({ kind: 'candidate', accountId: 'a-1', province: 'CN-SD', sessionId }, privateKey);
    const bearer = { authorization: `Bearer ${token}` };

    await authenticator.authenticate(bearer);
    state.now += 4_900;
    await authenticator.authenticate(bearer);
    expect(state.calls.sessions).toBe(1);
    state.now += 200;
    await authenticator.authenticate(bearer);
    expect(state.calls.sessions).toBe(2);

    state.ended.add(sessionId);
    state.now += 5_100;
    expect(await refusal(authenticator.authenticate(bearer))).toBe('SESSION_ENDED');
    state.now += 10 * 60_000;
    expect(await refusal(authenticator.authenticate(bearer))).toBe('SESSION_ENDED');
    expect(state.calls.sessions).toBe(3);
  });

  it('while the account service cannot be asked, an answer younger than a minute stands in; an older one does not', async () => {
    const { privateKey, publicKey } = keys();
    const { state, authenticator } = setUp(publicKey);
    const { token } = await signAccessToken({ kind: 'candidate', accountId: 'a-1', province: 'CN-SD', sessionId: randomUUID() }, privateKey);
    const bearer = { authorization: `Bearer ${token}` };
    await authenticator.authenticate(bearer);
    state.sessionsDown = true;
    state.now += 30_000;
    expect(await authenticator.authenticate(bearer)).toMatchObject({ kind: 'candidate' });
    state.now += 31_000;
    expect(await refusal(authenticator.authenticate(bearer))).toBe('SERVICE_UNAVAILABLE');
  });

  it('trusts a verified access token from memory until it expires, then verifies it again', async () => {
    const { privateKey, publicKey } = keys();
    const { state, options, authenticator } = setUp(publicKey);
    const { token } = await signAccessToken({ kind: 'candidate', accountId: 'a-1', province: 'CN-SD', sessionId: randomUUID() }, privateKey, state.now);
    const bearer = { authorization: `Bearer ${token}` };
    await authenticator.authenticate(bearer);
    // With the verification key replaced, only the remembered verification can still accept the token.
    options.tokenKey = keys().publicKey;
    state.now += (ACCESS_TOKEN_SECONDS - 2) * 1000;
    expect(await authenticator.authenticate(bearer)).toMatchObject({ kind: 'candidate', accountId: 'a-1' });
    state.now += 3000;
    expect(await refusal(authenticator.authenticate(bearer))).toBe('TOKEN_INVALID');
  });

  it('keeps a valid partner key 30 s and a refused one 5 s', async () => {
    const { state, authenticator } = setUp(keys().publicKey);
    state.validKeys.add('zsb_valid');
    const ask = (key: string) => authenticator.authenticate({ 'x-api-key': key }).catch((error: AuthenticationError) => error.code);
    expect(await ask('zsb_valid')).toMatchObject({ kind: 'partner' });
    expect(await ask('zsb_wrong')).toBe('API_KEY_INVALID');
    state.now += 4_900;
    await Promise.all([ask('zsb_valid'), ask('zsb_wrong')]);
    expect(state.calls.partnerKeys).toBe(2);
    state.now += 200;
    await Promise.all([ask('zsb_valid'), ask('zsb_wrong')]);
    expect(state.calls.partnerKeys).toBe(3);
    state.now += 25_000;
    await ask('zsb_valid');
    expect(state.calls.partnerKeys).toBe(4);
  });

  it('stays bounded: past its limit of partner keys, the least recently used is forgotten and asked about again', async () => {
    const { state, authenticator } = setUp(keys().publicKey);
    const ask = (key: string) => authenticator.authenticate({ 'x-api-key': key }).catch(() => undefined);
    const limit = AUTHENTICATION_CACHE_LIMITS.partnerKeys;
    for (let i = 0; i < limit; i++) await ask(`zsb_${i}`);
    await ask('zsb_0'); // used again: now the most recent
    expect(state.calls.partnerKeys).toBe(limit);
    await ask('zsb_new'); // one over the limit pushes out the least recently used, zsb_1
    await ask('zsb_0');
    expect(state.calls.partnerKeys).toBe(limit + 1);
    await ask('zsb_1');
    expect(state.calls.partnerKeys).toBe(limit + 2);
  });
});
