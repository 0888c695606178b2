import type { KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { STAFF_ROLES, type Principal, type StaffRole } from './identity.ts';

const ISSUER = 'zsb-candidates';
/** Access tokens are short-lived; the refresh token (opaque, stored hashed) renews them. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

export type SessionPrincipal = Extract<Principal, { kind: 'candidate' } | { kind: 'staff' }>;

interface AccessClaims {
  typ: 'candidate' | 'staff';
  sid: string;
  prov?: string;
  role?: StaffRole;
  col?: string;
}

/** Signs an access token for a signed-in candidate or staff member (EdDSA). */
export async function signAccessToken(principal: SessionPrincipal, privateKey: KeyObject, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
  const claims: AccessClaims =
    principal.kind === 'candidate'
      ? { typ: 'candidate', sid: principal.sessionId, prov: principal.province }
      : { typ: 'staff', sid: principal.sessionId, prov: principal.province, role: principal.role, col: principal.collegeCode };
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(ISSUER)
    .setAudience('zsb-access')
    .setSubject(principal.kind === 'candidate' ? principal.accountId : principal.staffId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .sign(privateKey);
  return { token, expiresAt: new Date((iat + ACCESS_TOKEN_SECONDS) * 1000) };
}

/** Verifies an access token; `undefined` when it is malformed, forged, expired or not an access token. */
export async function verifyAccessToken(token: string, publicKey: KeyObject): Promise<SessionPrincipal | undefined> {
  try {
    const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, audience: 'zsb-access', algorithms: ['EdDSA'] });
    const claims = payload as unknown as AccessClaims & { sub: string };
    if (claims.typ === 'candidate' && claims.prov) {
      return { kind: 'candidate', accountId: claims.sub, province: claims.prov, sessionId: claims.sid };
    }
    if (claims.typ === 'staff' && claims.role && (STAFF_ROLES as readonly string[]).includes(claims.role)) {
      return { kind: 'staff', staffId: claims.sub, role: claims.role, province: claims.prov, collegeCode: claims.col, sessionId: claims.sid };
    }
    return undefined;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/** A signed, short-lived token for one purpose other than access (e.g. the second step of a password reset). */
export async function signPurposeToken(purpose: string, claims: Record<string, string>, privateKey: KeyObject, seconds: number): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).setIssuer(ISSUER).setAudience(`zsb-${purpose}`).setIssuedAt().setExpirationTime(`${seconds}s`).sign(privateKey);
}

export async function verifyPurposeToken(purpose: string, token: string, publicKey: KeyObject): Promise<Record<string, unknown> | undefined> {
  try {
    const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, audience: `zsb-${purpose}`, algorithms: ['EdDSA'] });
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
