import { createHash, createHmac, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Refusal, signAccessToken, type SessionPrincipal } from '@zsb/platform';
import { Session } from './session.entity.ts';

/** How long a sign-in lasts before the password is asked again. */
export const SESSION_LIFETIME_SECONDS = { candidate: 7 * 86_400, staff: 12 * 3_600 } as const;

/**
 * A client that lost the answer to a refresh (a dropped mobile connection) and presents the same token again within
 * this many seconds of its use gets the same answer, as does a second tab refreshing at the same moment; later, that
 * token ends the session like any earlier one.
 */
export const REFRESH_RETRY_GRACE_SECONDS = 10;

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

type PrincipalTemplate = SessionPrincipal extends infer P ? (P extends SessionPrincipal ? Omit<P, 'sessionId'> : never) : never;

/** A refresh token as presented: `<session id>.<generation>.<secret>`, or `<session id>.<secret>` from before generations. */
interface PresentedToken {
  sessionId: string;
  generation: number;
  secret: string;
  legacy: boolean;
}

function parseRefreshToken(token: string): PresentedToken | undefined {
  const parts = typeof token === 'string' ? token.split('.') : [];
  const [sessionId] = parts;
  if (!sessionId || !/^[0-9a-f-]{36}$/.test(sessionId)) return undefined;
  if (parts.length === 2 && parts[1]) return { sessionId, generation: 0, secret: parts[1], legacy: true };
  if (parts.length === 3 && /^\d{1,9}$/.test(parts[1]) && parts[2]) return { sessionId, generation: Number(parts[1]), secret: parts[2], legacy: false };
  return undefined;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest();

const refreshKeys = new WeakMap<KeyObject, Buffer>();
/** The key refresh secrets are derived with, from the token signing key: only the candidates subgraph holds it. */
function refreshKeyOf(tokenKey: KeyObject): Buffer {
  let key = refreshKeys.get(tokenKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', tokenKey.export({ format: 'der', type: 'pkcs8' }), Buffer.alloc(0), 'zsb refresh-token secrets', 32));
    refreshKeys.set(tokenKey, key);
  }
  return key;
}

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * Sessions, access tokens and refresh-token rotation, for candidates and staff alike. The secret of a refresh token is
 * an HMAC of its session id and generation under a server key: the database holds no secret (a copy of it mints no
 * token), every token ever issued can be recognised with one integer per session, and a lost answer can be given
 * again exactly.
 */
export class SessionService {
  private readonly refreshKey: Buffer;

  constructor(
    private readonly em: EntityManager,
    private readonly tokenKey: KeyObject,
    /** Rebuilds the principal of a session's subject at refresh (roles may have changed meanwhile). */
    private readonly principalOf: (session: Session) => Promise<PrincipalTemplate | undefined>,
    /** Sessions this request ended, for the gateway to stop trusting at once (the request's own set, if any). */
    private readonly ended: Set<string> = new Set(),
  ) {
    this.refreshKey = refreshKeyOf(tokenKey);
  }

  /** Opens a session in the given unit of work (flushed by the caller, with the action that signs in). */
  async open(em: EntityManager, principal: PrincipalTemplate, clientIp: string): Promise<IssuedTokens> {
    const subjectType = principal.kind;
    const session = em.create(Session, {
      subjectType,
      subjectId: principal.kind === 'candidate' ? principal.accountId : principal.staffId,
      refreshGeneration: 0,
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_SECONDS[subjectType] * 1000),
      createdAt: new Date(),
      clientIp,
    });
    em.persist(session);
    return this.tokens(session, principal, 0);
  }

  private secret(sessionId: string, generation: number): Buffer {
    return createHmac('sha256', this.refreshKey).update(`${sessionId}.${generation}`).digest();
  }

  private async tokens(session: Session, principal: PrincipalTemplate, generation: number): Promise<IssuedTokens> {
    const access = await signAccessToken({ ...principal, sessionId: session.id } as SessionPrincipal, this.tokenKey);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: `${session.id}.${generation}.${this.secret(session.id, generation).toString('base64url')}`,
      refreshTokenExpiresAt: session.expiresAt,
    };
  }

  /** Whether this server issued the presented token for this session (at some generation up to the current one). */
  private issued(session: Session, presented: PresentedToken): boolean {
    if (presented.generation > session.refreshGeneration) return false;
    if (presented.legacy) return !!session.refreshHash && sameBytes(digest(presented.secret), Buffer.from(session.refreshHash, 'hex'));
    return sameBytes(Buffer.from(presented.secret, 'base64url'), this.secret(session.id, presented.generation));
  }

  /**
   * Exchanges a refresh token for new tokens, moving the session to the next generation. The token just replaced,
   * presented again within the grace period, gets the same refresh token again (and a fresh access token); any other
   * earlier token means a copy is in use, and the whole session ends. A made-up token ends nothing.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const expired = () => new Refusal('SESSION_EXPIRED', '登录已过期，请重新登录');
    const presented = parseRefreshToken(refreshToken);
    if (!presented) throw expired();
    const live = async () => {
      const found = await this.em.fork().findOne(Session, { id: presented.sessionId });
      return found && !found.revokedAt && found.expiresAt > new Date() ? found : undefined;
    };
    let session = await live();
    if (!session || !this.issued(session, presented)) throw expired();
    const principal = await this.principalOf(session);
    if (!principal) {
      await this.revoke(session.id, 'subject-gone');
      throw expired();
    }
    if (presented.generation === session.refreshGeneration) {
      // Conditional update: of two concurrent refreshes with the same token only one moves the generation on.
      const rotated = await this.em
        .fork()
        .nativeUpdate(Session, { id: session.id, refreshGeneration: presented.generation, revokedAt: null }, { refreshGeneration: presented.generation + 1, lastRefreshedAt: new Date() });
      if (rotated === 1) return this.tokens(session, principal, presented.generation + 1);
      // The other one won (a second tab, a retry): answer as it was answered, below.
      session = await live();
      if (!session) throw expired();
    }
    const rotatedAt = session.lastRefreshedAt?.getTime() ?? 0;
    if (presented.generation === session.refreshGeneration - 1 && Date.now() - rotatedAt <= REFRESH_RETRY_GRACE_SECONDS * 1000) {
      return this.tokens(session, principal, session.refreshGeneration);
    }
    await this.revoke(session.id, 'refresh-token-reuse');
    throw expired();
  }

  async revoke(id: string, reason: string): Promise<boolean> {
    const n = await this.em.fork().nativeUpdate(Session, { id, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
    if (n === 1) this.ended.add(id);
    return n === 1;
  }

  /** Ends every session of a subject (after a password reset, say). */
  async revokeAll(em: EntityManager, subjectType: 'candidate' | 'staff', subjectId: string, reason: string): Promise<void> {
    const revokedAt = new Date();
    if (!(await em.nativeUpdate(Session, { subjectType, subjectId, revokedAt: null }, { revokedAt, revokedReason: reason }))) return;
    // Read back inside the same transaction: exactly the sessions this update ended.
    const ended = await em.find(Session, { subjectType, subjectId, revokedAt, revokedReason: reason }, { fields: ['id'] });
    for (const session of ended) this.ended.add(session.id);
  }

  /** Of the given session ids, those still live (not revoked, not expired); anything else may no longer be used. */
  async live(ids: string[]): Promise<string[]> {
    const valid = await this.em.fork().find(Session, { id: { $in: ids }, revokedAt: null, expiresAt: { $gt: new Date() } }, { fields: ['id'] });
    return valid.map((s) => s.id);
  }
}
