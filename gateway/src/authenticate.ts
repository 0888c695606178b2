import { createHash, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { sealedCallerHeader, verifyAccessToken, type Logger, type Principal } from '@zsb/platform';

/** How long a session seen live is trusted before asking again, and how long a verified partner key is cached. */
const SESSION_RECHECK_MS = 5_000;
const SESSION_GRACE_MS = 60_000;
const PARTNER_KEY_CACHE_MS = 30_000;
const PARTNER_KEY_NEGATIVE_CACHE_MS = 5_000;
const SESSION_BATCH = 500;
/** Most entries each cache keeps; past that the least recently used goes. */
export const AUTHENTICATION_CACHE_LIMITS = { tokens: 50_000, sessions: 100_000, partnerKeys: 10_000 };

export class AuthenticationError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type GatewayPrincipal = Principal & { trustedOperationsOnly?: boolean };

/**
 * Turns request credentials into a verified principal:
 * - `Authorization: Bearer <access token>`: a candidate or staff member, if the token verifies and its session has
 *   not ended (logout, password reset);
 * - `X-Api-Key: <key>`: a partner application, if the key is live;
 * - nothing: anonymous.
 */
export class Authenticator {
  /** What each session was last seen as; an answer older than the grace period is of no use, so it expires then. */
  private readonly sessions: LRUCache<string, { ended: boolean; checkedAt: number }>;
  private pendingSessions: Map<string, { resolve: (ended: boolean) => void; reject: (error: unknown) => void }[]> | undefined;
  /** Partner keys by SHA-256, with their principal (none: the key is not valid). */
  private readonly partnerKeys: LRUCache<string, { principal: GatewayPrincipal | undefined }>;
  /** Access tokens already verified, until they expire: a signature check costs ~0.15 ms, a lookup nothing. */
  private readonly verifiedTokens: LRUCache<string, GatewayPrincipal>;
  private readonly clock: { now(): number };

  constructor(
    private readonly options: {
      tokenKey: KeyObject;
      callerSecret: Buffer;
      /** Origin of the candidates subgraph, for its internal routes. */
      candidatesOrigin: string;
      log: Logger;
      fetch?: typeof fetch;
      /** Milliseconds for the caches' ages (a test passes its own). */
      clock?: { now(): number };
    },
  ) {
    this.clock = options.clock ?? Date;
    const common = { perf: this.clock, ttlResolution: 0 };
    this.sessions = new LRUCache({ ...common, max: AUTHENTICATION_CACHE_LIMITS.sessions, ttl: SESSION_GRACE_MS });
    this.partnerKeys = new LRUCache({ ...common, max: AUTHENTICATION_CACHE_LIMITS.partnerKeys });
    this.verifiedTokens = new LRUCache({ ...common, max: AUTHENTICATION_CACHE_LIMITS.tokens });
  }

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<GatewayPrincipal> {
    const authorization = typeof headers.authorization === 'string' ? headers.authorization.trim() : '';
    const apiKey = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'].trim() : '';
    if (authorization && apiKey) throw new AuthenticationError(400, 'AMBIGUOUS_CREDENTIALS', 'Send either a bearer token or an API key, not both');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new AuthenticationError(401, 'UNAUTHENTICATED', 'Authorization must be "Bearer <access token>"');
      const principal = await this.accessToken(match[1]);
      if (!principal) throw new AuthenticationError(401, 'TOKEN_INVALID', '登录已过期，请重新登录');
      if (await this.sessionEnded(principal.sessionId)) throw new AuthenticationError(401, 'SESSION_ENDED', '您已退出登录或登录已失效，请重新登录');
      return principal;
    }
    if (apiKey) {
      const principal = await this.partner(apiKey);
      if (!principal) throw new AuthenticationError(401, 'API_KEY_INVALID', 'API key is not valid');
      return principal;
    }
    return { kind: 'anonymous' };
  }

  private async accessToken(token: string): Promise<(GatewayPrincipal & { sessionId: string }) | undefined> {
    const cached = this.verifiedTokens.get(token);
    if (cached) return cached as GatewayPrincipal & { sessionId: string };
    const principal = await verifyAccessToken(token, this.options.tokenKey);
    if (!principal) return undefined;
    const [, payload] = token.split('.');
    const lifetime = Number((JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp?: number }).exp) * 1000 - this.clock.now();
    if (lifetime >= 1) this.verifiedTokens.set(token, principal, { ttl: Math.floor(lifetime) });
    return principal;
  }

  /** Forgets what is known of sessions a subgraph ended (`*`: of every session), so their next request asks again. */
  forgetSessions(ids: readonly string[] | '*'): void {
    if (ids === '*') this.sessions.clear();
    else for (const id of ids) this.sessions.delete(id);
  }

  private async sessionEnded(sessionId: string): Promise<boolean> {
    const known = this.sessions.get(sessionId);
    const now = this.clock.now();
    if (known && (known.ended || now - known.checkedAt < SESSION_RECHECK_MS)) return known.ended;
    try {
      const ended = await this.askSession(sessionId);
      // An ended session stays ended: it is kept until it is the least recently used (ttl 0: no expiry).
      this.sessions.set(sessionId, { ended, checkedAt: now }, { ttl: ended ? 0 : SESSION_GRACE_MS });
      return ended;
    } catch (error) {
      if (known && now - known.checkedAt < SESSION_GRACE_MS) return known.ended;
      this.options.log.warn('session check failed', { error });
      throw new AuthenticationError(503, 'SERVICE_UNAVAILABLE', '账号服务暂时不可用，请稍后重试');
    }
  }

  /** Batches the session checks of one tick into one internal request. */
  private askSession(sessionId: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (!this.pendingSessions) {
        this.pendingSessions = new Map();
        setImmediate(() => void this.flushSessions());
      }
      const waiting = this.pendingSessions.get(sessionId) ?? [];
      waiting.push({ resolve, reject });
      this.pendingSessions.set(sessionId, waiting);
    });
  }

  private async flushSessions(): Promise<void> {
    const batch = this.pendingSessions!;
    this.pendingSessions = undefined;
    const ids = [...batch.keys()];
    await Promise.all(
      Array.from({ length: Math.ceil(ids.length / SESSION_BATCH) }, async (_, i) => {
        const chunk = ids.slice(i * SESSION_BATCH, (i + 1) * SESSION_BATCH);
        try {
          // Only ids answered as live are live: anything missing from the answer has ended.
          const { live } = (await this.internal('/internal/sessions/live', { ids: chunk })) as { live: string[] };
          const liveSet = new Set(live);
          for (const id of chunk) for (const w of batch.get(id)!) w.resolve(!liveSet.has(id));
        } catch (error) {
          for (const id of chunk) for (const w of batch.get(id)!) w.reject(error);
        }
      }),
    );
  }

  private async partner(key: string): Promise<GatewayPrincipal | undefined> {
    const cacheKey = createHash('sha256').update(key).digest('hex');
    const cached = this.partnerKeys.get(cacheKey);
    if (cached) return cached.principal;
    let principal: GatewayPrincipal | undefined;
    try {
      principal = ((await this.internal('/internal/partner-keys/verify', { key }, [404])) as { principal: GatewayPrincipal | null }).principal ?? undefined;
    } catch (error) {
      this.options.log.warn('partner key check failed', { error });
      throw new AuthenticationError(503, 'SERVICE_UNAVAILABLE', 'Account service unavailable, try again later');
    }
    this.partnerKeys.set(cacheKey, { principal }, { ttl: principal ? PARTNER_KEY_CACHE_MS : PARTNER_KEY_NEGATIVE_CACHE_MS });
    return principal;
  }

  private async internal(route: string, body: unknown, acceptedStatuses: number[] = []): Promise<unknown> {
    const response = await (this.options.fetch ?? fetch)(`${this.options.candidatesOrigin}${route}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...sealedCallerHeader(this.options.callerSecret, { kind: 'service', name: 'gateway' }, ''),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok && !acceptedStatuses.includes(response.status)) throw new Error(`${route} answered ${response.status}`);
    return response.json();
  }
}
