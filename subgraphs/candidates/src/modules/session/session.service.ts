import { createHash, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Refusal, signAccessToken, type SessionPrincipal } from '@zsb/platform';
import { Session } from './session.entity.ts';

/** How long a sign-in lasts before the password is asked again. */
export const SESSION_LIFETIME_SECONDS = { candidate: 7 * 86_400, staff: 12 * 3_600 } as const;

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

type PrincipalTemplate = SessionPrincipal extends infer P ? (P extends SessionPrincipal ? Omit<P, 'sessionId'> : never) : never;

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Sessions, access tokens and refresh-token rotation, for candidates and staff alike. */
export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly tokenKey: KeyObject,
    /** Rebuilds the principal of a session's subject at refresh (roles may have changed meanwhile). */
    private readonly principalOf: (session: Session) => Promise<PrincipalTemplate | undefined>,
  ) {}

  /** Opens a session in the given unit of work (flushed by the caller, with the action that signs in). */
  async open(em: EntityManager, principal: PrincipalTemplate, clientIp: string): Promise<IssuedTokens> {
    const secret = randomBytes(32).toString('base64url');
    const subjectType = principal.kind;
    const session = em.create(Session, {
      subjectType,
      subjectId: principal.kind === 'candidate' ? principal.accountId : principal.staffId,
      refreshHash: digest(secret),
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_SECONDS[subjectType] * 1000),
      createdAt: new Date(),
      clientIp,
    });
    em.persist(session);
    return this.tokens(session, principal, secret);
  }

  private async tokens(session: Session, principal: PrincipalTemplate, secret: string): Promise<IssuedTokens> {
    const access = await signAccessToken({ ...principal, sessionId: session.id } as SessionPrincipal, this.tokenKey);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: `${session.id}.${secret}`,
      refreshTokenExpiresAt: session.expiresAt,
    };
  }

  /** Exchanges a refresh token for new tokens, rotating the refresh secret. A replayed old secret ends the session. */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const expired = () => new Refusal('SESSION_EXPIRED', '登录已过期，请重新登录');
    const [id, secret] = refreshToken.split('.', 2);
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw expired();
    const em = this.em.fork();
    const session = await em.findOne(Session, { id });
    if (!session || session.revokedAt || session.expiresAt < new Date()) throw expired();
    const presented = Buffer.from(digest(secret), 'hex');
    if (session.previousRefreshHash && timingSafeEqual(presented, Buffer.from(session.previousRefreshHash, 'hex'))) {
      await this.revoke(session.id, 'refresh-token-reuse');
      throw expired();
    }
    if (!timingSafeEqual(presented, Buffer.from(session.refreshHash, 'hex'))) throw expired();
    const principal = await this.principalOf(session);
    if (!principal) {
      await this.revoke(session.id, 'subject-gone');
      throw expired();
    }
    const next = randomBytes(32).toString('base64url');
    // Conditional update: of two concurrent refreshes with the same token only one rotates.
    const rotated = await em.nativeUpdate(
      Session,
      { id, refreshHash: session.refreshHash, revokedAt: null },
      { refreshHash: digest(next), previousRefreshHash: session.refreshHash, lastRefreshedAt: new Date() },
    );
    if (rotated !== 1) throw expired();
    return this.tokens(session, principal, next);
  }

  async revoke(id: string, reason: string): Promise<boolean> {
    const n = await this.em.fork().nativeUpdate(Session, { id, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
    return n === 1;
  }

  /** Ends every session of a subject (after a password reset, say). */
  async revokeAll(em: EntityManager, subjectType: 'candidate' | 'staff', subjectId: string, reason: string): Promise<void> {
    await em.nativeUpdate(Session, { subjectType, subjectId, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** Of the given session ids, those still live (not revoked, not expired); anything else may no longer be used. */
  async live(ids: string[]): Promise<string[]> {
    const valid = await this.em.fork().find(Session, { id: { $in: ids }, revokedAt: null, expiresAt: { $gt: new Date() } }, { fields: ['id'] });
    return valid.map((s) => s.id);
  }
}
