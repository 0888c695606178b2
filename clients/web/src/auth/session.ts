import { createSignal, type Accessor } from 'solid-js';
import type { AuthTokens } from '../graphql/types.ts';

/** What survives a reload (candidates switch to a payment app and come back): the refresh token, never the access token. */
export interface StoredSession {
  province: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

/** What renewing a session came to: new tokens, or the session is over. A transient failure throws instead. */
export type RefreshOutcome = { tokens: AuthTokens } | { ended: true };

/** The part of the Web Locks API used to keep two tabs from spending the same refresh token. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export type Refresher = (refreshToken: string) => Promise<RefreshOutcome>;

export interface SessionStoreOptions {
  /** Exchanges a refresh token for new tokens (the `refreshSession` mutation); the API client sets it when it starts. */
  refresh?: Refresher;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  locks?: LockManagerLike;
  now?: () => number;
  key?: string;
}

export const SESSION_STORAGE_KEY = 'zsb.session';
/** Renew this long before the access token runs out, so a request in flight does not arrive with a dead token. */
const RENEW_MARGIN_MS = 30_000;

/**
 * When an access token runs out, on this device's clock. The token's own lifetime (`exp - iat`) is counted from when
 * it arrived, so a phone whose clock is wrong neither renews on every request nor sends expired tokens; the server's
 * `expiresAt` is the fallback for a token that cannot be read.
 */
export function localExpiry(accessToken: string, serverExpiresAt: string, receivedAt: number): number {
  try {
    const part = accessToken.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const { exp, iat } = JSON.parse(json) as { exp?: unknown; iat?: unknown };
    if (typeof exp === 'number' && typeof iat === 'number' && exp > iat) return receivedAt + (exp - iat) * 1000;
  } catch {
    // Not a readable JWT: fall back to the server's word.
  }
  const parsed = Date.parse(serverExpiresAt);
  return Number.isNaN(parsed) ? receivedAt : parsed;
}

/**
 * The signed-in candidate's tokens: the access token in memory, the refresh token in storage. Renews the access token
 * once when it has run out (one renewal at a time, across tabs where the browser can lock), and forgets the session
 * when the server says it is over.
 */
export class SessionStore {
  private access: { token: string; expiresAt: number } | undefined;
  /** Where the session lives when storage cannot keep it (private browsing with storage off): for this page only. */
  private memory: StoredSession | undefined;
  private storageWorks = true;
  private renewing: Promise<boolean> | undefined;
  private readonly current: Accessor<StoredSession | undefined>;
  private readonly setCurrent: (value: StoredSession | undefined) => void;
  private readonly now: () => number;
  private readonly key: string;
  private refresher: Refresher | undefined;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
    this.key = options.key ?? SESSION_STORAGE_KEY;
    this.refresher = options.refresh;
    const [current, setCurrent] = createSignal<StoredSession | undefined>(this.read(), { equals: false });
    this.current = current;
    this.setCurrent = (value) => setCurrent(() => value);
  }

  /** The province of the signed-in account (reactive); `undefined` when signed out. */
  province(): string | undefined {
    return this.current()?.province;
  }

  /** Whether someone is signed in (reactive), in a given province when one is named. */
  isSignedIn(province?: string): boolean {
    const session = this.current();
    return !!session && (province === undefined || session.province === province);
  }

  /** The access token held in memory, fresh or not. */
  accessToken(): string | undefined {
    return this.access?.token;
  }

  /** The access token while it has time left; `undefined` when it has run out (or none is held, as after a reload). */
  freshAccessToken(): string | undefined {
    return this.access && this.access.expiresAt - RENEW_MARGIN_MS > this.now() ? this.access.token : undefined;
  }

  /** How a refresh token is exchanged for new tokens: the API client's `refreshSession`, sent without a bearer token. */
  useRefresher(refresh: Refresher): void {
    this.refresher = refresh;
  }

  /** Keeps the tokens of a new sign-in (register, log-in). */
  start(province: string, tokens: AuthTokens): void {
    this.keep(province, tokens);
  }

  /** Forgets the session on this device (signed out, or the server ended it). */
  clear(): void {
    this.access = undefined;
    this.memory = undefined;
    try {
      this.options.storage?.removeItem(this.key);
    } catch {
      // Storage off: nothing was kept there.
    }
    this.setCurrent(undefined);
  }

  /**
   * An access token to send now: the one in memory while it has time left, else a renewed one; `undefined` when
   * signed out or the session is over. Throws when renewal failed for a transient reason (network, server down).
   */
  async validAccessToken(): Promise<string | undefined> {
    if (this.access && this.access.expiresAt - RENEW_MARGIN_MS > this.now()) return this.access.token;
    if (!this.current()) return undefined;
    return (await this.renew(this.access?.token)) ? this.access?.token : undefined;
  }

  /**
   * Renews the access token after the server refused `rejected` (TOKEN_INVALID). Resolves `true` with a new token in
   * memory, `false` when the session is over. Calls for the same rejected token share one renewal, and a token that a
   * concurrent renewal already replaced is not renewed again.
   */
  renew(rejected: string | undefined): Promise<boolean> {
    if (this.access && this.access.token !== rejected && this.access.expiresAt - RENEW_MARGIN_MS > this.now()) return Promise.resolve(true);
    if (!this.renewing) {
      const renewal = this.withLock(() => this.exchange());
      this.renewing = renewal;
      const done = () => {
        if (this.renewing === renewal) this.renewing = undefined;
      };
      renewal.then(done, done);
    }
    return this.renewing;
  }

  /** Follows another tab signing in or out (the `storage` event). */
  handleStorageEvent(event: Pick<StorageEvent, 'key' | 'newValue'>): void {
    if (event.key !== this.key && event.key !== null) return;
    const next = this.read();
    const previous = this.current();
    if (!next || next.province !== previous?.province) this.access = undefined;
    // A renewal in another tab only rotates the refresh token; the access token here stays good.
    if (next?.refreshToken !== previous?.refreshToken || next?.province !== previous?.province) this.setCurrent(next);
  }

  private async exchange(): Promise<boolean> {
    // Read storage again inside the lock: another tab may have rotated the refresh token meanwhile.
    const stored = this.read();
    if (!stored) {
      this.clear();
      return false;
    }
    if (Date.parse(stored.refreshTokenExpiresAt) <= this.now()) {
      this.clear();
      return false;
    }
    if (!this.refresher) throw new Error('No way to renew the session yet');
    const outcome = await this.refresher(stored.refreshToken);
    if ('ended' in outcome) {
      this.clear();
      return false;
    }
    this.keep(stored.province, outcome.tokens);
    return true;
  }

  private keep(province: string, tokens: AuthTokens): void {
    this.access = { token: tokens.accessToken, expiresAt: localExpiry(tokens.accessToken, tokens.accessTokenExpiresAt, this.now()) };
    const session: StoredSession = { province, refreshToken: tokens.refreshToken, refreshTokenExpiresAt: tokens.refreshTokenExpiresAt };
    this.memory = session;
    try {
      this.options.storage?.setItem(this.key, JSON.stringify(session));
      this.storageWorks = !!this.options.storage;
    } catch {
      // Private browsing with storage full or off: the session lasts as long as the page.
      this.storageWorks = false;
    }
    this.setCurrent(session);
  }

  private read(): StoredSession | undefined {
    if (!this.storageWorks || !this.options.storage) return this.memory;
    try {
      const raw = this.options.storage?.getItem(this.key);
      if (!raw) return undefined;
      const value = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof value.province !== 'string' || typeof value.refreshToken !== 'string' || typeof value.refreshTokenExpiresAt !== 'string') return undefined;
      return { province: value.province, refreshToken: value.refreshToken, refreshTokenExpiresAt: value.refreshTokenExpiresAt };
    } catch {
      return undefined;
    }
  }

  private withLock<T>(task: () => Promise<T>): Promise<T> {
    return this.options.locks ? this.options.locks.request('zsb-session-renewal', task) : task();
  }
}
