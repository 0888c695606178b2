import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../subgraphs/candidates/src/modules/session/session.entity.ts';
import { REFRESH_RETRY_GRACE_SECONDS } from '../../subgraphs/candidates/src/modules/session/session.service.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, logIn, registerInnerMongolia } from './flows.ts';

interface Refreshed {
  ok: boolean;
  error: { code: string } | null;
  tokens: { accessToken: string; refreshToken: string; refreshTokenExpiresAt: string } | null;
}

describe.each(DATABASES)('sessions and refresh tokens (%s)', (dialect) => {
  let p: TestPlatform;
  const idNumber = residentId('150102');
  beforeAll(async () => {
    p = await startPlatform(dialect);
    await registerInnerMongolia(p, idNumber, phoneNumber());
  });
  afterAll(async () => {
    await p?.stop();
  });

  const refresh = async (refreshToken: string): Promise<Refreshed> =>
    (await p.graphql<{ refreshSession: Refreshed }>('mutation($t: String!) { refreshSession(refreshToken: $t) { ok error { code } tokens { accessToken refreshToken refreshTokenExpiresAt } } }', { t: refreshToken })).data!
      .refreshSession;
  /** A new session of the test's candidate: its first refresh token. */
  const signIn = async () => (await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' })).tokens!.refreshToken;
  /** Rotates `times` times and returns every refresh token of the session, oldest first. */
  const rotations = async (times: number) => {
    const tokens = [await signIn()];
    for (let i = 0; i < times; i++) {
      const next = await refresh(tokens.at(-1)!);
      expect(next.ok).toBe(true);
      tokens.push(next.tokens!.refreshToken);
    }
    return tokens;
  };
  const sessionOf = (refreshToken: string) => p.subgraphs.candidates.orm.em.fork().findOneOrFail(Session, { id: refreshToken.split('.')[0] });
  /** The grace period of the last rotation passes. */
  const gracePasses = (refreshToken: string) =>
    p.subgraphs.candidates.orm.em.fork().nativeUpdate(Session, { id: refreshToken.split('.')[0] }, { lastRefreshedAt: new Date(Date.now() - (REFRESH_RETRY_GRACE_SECONDS + 1) * 1000) });
  const expectEnded = async (refreshToken: string) => {
    expect((await sessionOf(refreshToken)).revokedReason).toBe('refresh-token-reuse');
    expect(await refresh(refreshToken)).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' }, tokens: null });
  };

  it('presenting any earlier refresh token ends the session: the first one after three rotations, or the second', async () => {
    for (const earlier of [0, 1]) {
      const tokens = await rotations(3);
      expect(await refresh(tokens[earlier])).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
      // The newest token, never used, dies with the session.
      await expectEnded(tokens[3]);
    }
  });

  it('a session ended by a reused refresh token is refused on the very next request, though the gateway had just seen it live', async () => {
    const first = (await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' })).tokens!;
    expect((await p.graphql('{ me { id } }', undefined, bearer(first.accessToken))).status).toBe(200);
    const next = await refresh(first.refreshToken);
    await gracePasses(first.refreshToken);
    expect(await refresh(first.refreshToken)).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    const after = await p.graphql('{ me { id } }', undefined, bearer(next.tokens!.accessToken));
    expect(after.status).toBe(401);
    expect(after.errors?.[0].extensions?.code).toBe('SESSION_ENDED');
  });

  it('a retry with the token just used, within the grace period, gets the same refresh token, and the session goes on', async () => {
    const [first] = await rotations(0);
    const answer = await refresh(first);
    const retry = await refresh(first);
    expect(retry.ok).toBe(true);
    expect(retry.tokens!.refreshToken).toBe(answer.tokens!.refreshToken);
    expect(retry.tokens!.refreshTokenExpiresAt).toBe(answer.tokens!.refreshTokenExpiresAt);
    // The access token of the retry is good, and the session carries on from the repeated refresh token.
    expect((await p.graphql('{ me { id } }', undefined, bearer(retry.tokens!.accessToken))).data).toBeTruthy();
    const next = await refresh(retry.tokens!.refreshToken);
    expect(next.ok).toBe(true);
    expect(next.tokens!.refreshToken).not.toBe(retry.tokens!.refreshToken);
    expect((await sessionOf(first)).revokedAt).toBeFalsy();
  });

  it('after the grace period, presenting the token just used ends the session', async () => {
    const tokens = await rotations(2);
    await gracePasses(tokens[2]);
    expect(await refresh(tokens[1])).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    await expectEnded(tokens[2]);
  });

  it('two concurrent refreshes with one token (two tabs) both succeed with the same answer', async () => {
    for (let round = 0; round < 3; round++) {
      const [first] = await rotations(0);
      const answers = await Promise.all([refresh(first), refresh(first)]);
      expect(answers.map((a) => a.ok)).toEqual([true, true]);
      expect(answers[1].tokens!.refreshToken).toBe(answers[0].tokens!.refreshToken);
      expect((await refresh(answers[0].tokens!.refreshToken)).ok).toBe(true);
      expect((await sessionOf(first)).refreshGeneration).toBe(2);
    }
  });

  it('a made-up refresh token naming a real session ends nothing', async () => {
    const [first] = await rotations(0);
    const [id, generation] = first.split('.');
    for (const forged of [`${id}.${generation}.${randomBytes(32).toString('base64url')}`, `${id}.7.${randomBytes(32).toString('base64url')}`, `${id}.${randomBytes(32).toString('base64url')}`, `${id}.0`, id]) {
      expect(await refresh(forged)).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    }
    expect((await sessionOf(first)).revokedAt).toBeFalsy();
    expect((await refresh(first)).ok).toBe(true);
  });

  it('each session keeps one generation number whatever the number of refreshes, and no refresh secret', async () => {
    const tokens = await rotations(5);
    const session = await sessionOf(tokens[0]);
    expect(session.refreshGeneration).toBe(5);
    expect(session.refreshHash ?? null).toBeNull();
    const row = JSON.stringify(await p.subgraphs.candidates.orm.em.getConnection().execute('select * from session where id = ?', [session.id]));
    for (const token of tokens) expect(row).not.toContain(token.split('.').at(-1));
  });

  it('a refresh token issued before generations is honoured, moves the session to generations, and ends it when presented again later', async () => {
    const signedIn = await logIn(p, { province: 'CN-NM', idNumber, password: 'Grassland2026' });
    const em = p.subgraphs.candidates.orm.em.fork();
    const current = await em.findOneOrFail(Session, { id: signedIn.tokens!.refreshToken.split('.')[0] });
    const secret = randomBytes(32).toString('base64url');
    // As a session row stood before generations: the SHA-256 of a random secret, generation 0.
    const legacy = em.create(Session, { subjectType: 'candidate', subjectId: current.subjectId, refreshGeneration: 0, refreshHash: createHash('sha256').update(secret).digest('hex'), expiresAt: current.expiresAt, createdAt: new Date() });
    await em.persistAndFlush(legacy);
    const token = `${legacy.id}.${secret}`;
    const moved = await refresh(token);
    expect(moved.ok).toBe(true);
    expect(moved.tokens!.refreshToken).toMatch(new RegExp(`^${legacy.id}\\.1\\.[A-Za-z0-9_-]{43}$`));
    expect((await refresh(token)).tokens?.refreshToken).toBe(moved.tokens!.refreshToken);
    await gracePasses(token);
    expect((await refresh(token)).ok).toBe(false);
    await expectEnded(moved.tokens!.refreshToken);
  });
});
