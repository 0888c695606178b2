import { describe, expect, it, vi } from 'vitest';
import type { AuthTokens } from '../graphql/types.ts';
import { localExpiry, SESSION_STORAGE_KEY, SessionStore, type LockManagerLike, type RefreshOutcome } from './session.ts';

const base64url = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** An unsigned token with the claims the store reads (the signature is the server's business). */
const jwt = (iat: number, exp: number, n = 0) => `${base64url({ alg: 'EdDSA' })}.${base64url({ iat, exp, n })}.sig`;

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const NOW = Date.parse('2026-03-01T08:00:00Z');
let issued = 0;
function tokens(now = NOW, lifetimeSeconds = 900): AuthTokens {
  issued++;
  const iat = Math.floor(now / 1000);
  return {
    accessToken: jwt(iat, iat + lifetimeSeconds, issued),
    accessTokenExpiresAt: new Date((iat + lifetimeSeconds) * 1000).toISOString(),
    refreshToken: `session.secret-${issued}`,
    refreshTokenExpiresAt: new Date(now + 7 * 86_400_000).toISOString(),
  };
}

function setup(refresh: (token: string) => Promise<RefreshOutcome>, now = { value: NOW }) {
  const storage = memoryStorage();
  const store = new SessionStore({ refresh, storage, now: () => now.value });
  return { storage, store, now };
}

describe('localExpiry', () => {
  it('counts the token lifetime from when it arrived, so a phone with a wrong clock still renews on time', () => {
    const token = jwt(1_000_000, 1_000_900);
    // The server's expiry says 1970; the device received it at a time of its own.
    expect(localExpiry(token, '1970-01-12T13:48:20.000Z', 5_000)).toBe(5_000 + 900_000);
  });

  it('falls back to the server expiry when the token cannot be read', () => {
    expect(localExpiry('opaque', '2026-03-01T08:15:00.000Z', NOW)).toBe(Date.parse('2026-03-01T08:15:00.000Z'));
  });
});

describe('SessionStore', () => {
  it('keeps the refresh token in storage and the access token only in memory', () => {
    const { store, storage } = setup(vi.fn());
    const issuedTokens = tokens();
    store.start('CN-NM', issuedTokens);
    const stored = JSON.parse(storage.items.get(SESSION_STORAGE_KEY)!);
    expect(stored).toEqual({ province: 'CN-NM', refreshToken: issuedTokens.refreshToken, refreshTokenExpiresAt: issuedTokens.refreshTokenExpiresAt });
    expect(JSON.stringify(stored)).not.toContain(issuedTokens.accessToken);
    expect(store.accessToken()).toBe(issuedTokens.accessToken);
    expect(store.isSignedIn('CN-NM')).toBe(true);
    expect(store.isSignedIn('CN-SD')).toBe(false);
  });

  it('answers the access token in memory while it has time left, without renewing', async () => {
    const refresh = vi.fn();
    const { store } = setup(refresh);
    const issuedTokens = tokens();
    store.start('CN-NM', issuedTokens);
    await expect(store.validAccessToken()).resolves.toBe(issuedTokens.accessToken);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('renews an expired access token once with the stored refresh token and keeps the rotated one', async () => {
    const first = tokens();
    const renewed = tokens(NOW + 900_000);
    const refresh = vi.fn(async () => ({ tokens: renewed }));
    const { store, storage, now } = setup(refresh);
    store.start('CN-SD', first);
    now.value = NOW + 899_000;
    await expect(store.validAccessToken()).resolves.toBe(renewed.accessToken);
    expect(refresh).toHaveBeenCalledExactlyOnceWith(first.refreshToken);
    expect(JSON.parse(storage.items.get(SESSION_STORAGE_KEY)!).refreshToken).toBe(renewed.refreshToken);
  });

  it('after a reload (no access token in memory) renews from the stored refresh token', async () => {
    const first = tokens();
    const { storage } = setup(vi.fn());
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ province: 'CN-SD', refreshToken: first.refreshToken, refreshTokenExpiresAt: first.refreshTokenExpiresAt }));
    const renewed = tokens();
    const refresh = vi.fn(async () => ({ tokens: renewed }));
    const reloaded = new SessionStore({ refresh, storage, now: () => NOW });
    expect(reloaded.isSignedIn('CN-SD')).toBe(true);
    expect(reloaded.accessToken()).toBeUndefined();
    await expect(reloaded.validAccessToken()).resolves.toBe(renewed.accessToken);
  });

  it('shares one renewal between concurrent requests: a refresh token is never spent twice', async () => {
    const renewed = tokens();
    let release!: () => void;
    const refresh = vi.fn(() => new Promise<RefreshOutcome>((resolve) => (release = () => resolve({ tokens: renewed }))));
    const { store } = setup(refresh);
    const first = tokens();
    store.start('CN-SD', first);
    const calls = [store.renew(first.accessToken), store.renew(first.accessToken), store.renew(first.accessToken)];
    release();
    await expect(Promise.all(calls)).resolves.toEqual([true, true, true]);
    expect(refresh).toHaveBeenCalledTimes(1);
    // A late caller whose token was already replaced does not renew again.
    await expect(store.renew(first.accessToken)).resolves.toBe(true);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('forgets the session when the server refuses the refresh token', async () => {
    const { store, storage, now } = setup(async () => ({ ended: true }));
    store.start('CN-NM', tokens());
    now.value = NOW + 3_600_000;
    await expect(store.validAccessToken()).resolves.toBeUndefined();
    expect(store.isSignedIn()).toBe(false);
    expect(storage.items.has(SESSION_STORAGE_KEY)).toBe(false);
  });

  it('keeps the session when renewal fails for a transient reason, so the candidate can retry', async () => {
    const { store, now } = setup(async () => {
      throw new Error('offline');
    });
    store.start('CN-NM', tokens());
    now.value = NOW + 3_600_000;
    await expect(store.validAccessToken()).rejects.toThrow('offline');
    expect(store.isSignedIn('CN-NM')).toBe(true);
  });

  it('does not try a refresh token past its own expiry', async () => {
    const refresh = vi.fn();
    const { store, now } = setup(refresh);
    store.start('CN-NM', tokens());
    now.value = NOW + 8 * 86_400_000;
    await expect(store.validAccessToken()).resolves.toBeUndefined();
    expect(refresh).not.toHaveBeenCalled();
    expect(store.isSignedIn()).toBe(false);
  });

  it('renews with what another tab stored, inside the lock, rather than a refresh token that tab already spent', async () => {
    const storage = memoryStorage();
    const refresh = vi.fn(async () => ({ tokens: tokens() }));
    const lock = vi.fn((_name: string, task: () => Promise<unknown>) => task());
    const store = new SessionStore({ refresh, storage, now: () => NOW, locks: { request: lock as LockManagerLike['request'] } });
    store.start('CN-SD', tokens());
    // Another tab rotated the refresh token meanwhile.
    const rotated = tokens();
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ province: 'CN-SD', refreshToken: rotated.refreshToken, refreshTokenExpiresAt: rotated.refreshTokenExpiresAt }));
    await store.renew(store.accessToken());
    expect(lock).toHaveBeenCalledOnce();
    expect(refresh).toHaveBeenCalledExactlyOnceWith(rotated.refreshToken);
  });

  it('follows another tab signing out', () => {
    const { store, storage } = setup(vi.fn());
    store.start('CN-NM', tokens());
    storage.removeItem(SESSION_STORAGE_KEY);
    store.handleStorageEvent({ key: SESSION_STORAGE_KEY, newValue: null });
    expect(store.isSignedIn()).toBe(false);
    expect(store.accessToken()).toBeUndefined();
  });

  it('lasts for the page when storage refuses to keep anything (private browsing)', async () => {
    const refresh = vi.fn(async () => ({ tokens: tokens() }));
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const now = { value: NOW };
    const store = new SessionStore({ refresh, storage, now: () => now.value });
    const first = tokens();
    store.start('CN-NM', first);
    expect(store.isSignedIn('CN-NM')).toBe(true);
    now.value = NOW + 3_600_000;
    await store.validAccessToken();
    expect(refresh).toHaveBeenCalledExactlyOnceWith(first.refreshToken);
  });

  it('clear() signs out', () => {
    const { store } = setup(vi.fn());
    store.start('CN-NM', tokens());
    store.clear();
    expect(store.isSignedIn()).toBe(false);
    expect(store.province()).toBeUndefined();
  });
});
