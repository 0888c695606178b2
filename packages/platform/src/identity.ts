import { createHmac, createPrivateKey, createPublicKey, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Roles of review and policy staff; a role's reach is bounded by its province and college. */
export const STAFF_ROLES = ['COLLEGE_REVIEWER', 'PROVINCE_REVIEWER', 'POLICY_STAFF', 'ADMIN'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling, as verified by the gateway. Subgraphs never take this from a client. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'candidate'; accountId: string; province: string; sessionId: string }
  | { kind: 'staff'; staffId: string; role: StaffRole; province?: string; collegeCode?: string; sessionId: string }
  | { kind: 'partner'; keyId: string; name: string; scopes: string[]; province?: string }
  | { kind: 'service'; name: string };

/** The verified caller of one request: principal plus the client's address as the gateway saw it. */
export interface Caller {
  principal: Principal;
  clientIp: string;
  requestId: string;
}

/**
 * Header the gateway sets on every subgraph request: the caller, authenticated with HMAC-SHA256 under a secret only
 * the platform's own processes hold, short-lived, and ignored when it does not verify. (A MAC rather than a
 * signature: it costs microseconds on every subgraph request, where Ed25519 verification cost ~0.15 ms.)
 */
export const CALLER_HEADER = 'x-zsb-caller';

/**
 * Header of a subgraph's answer naming the sessions the request ended (comma-separated ids, or `*` for more than
 * `ENDED_SESSIONS_LISTED`): the gateway asks about them afresh on their next request instead of trusting its cache.
 */
export const ENDED_SESSIONS_HEADER = 'x-zsb-ended-sessions';
export const ENDED_SESSIONS_LISTED = 100;

/** The header value for the sessions one request ended (none: no header). */
export function endedSessionsHeader(ids: ReadonlySet<string>): string | undefined {
  if (!ids.size) return undefined;
  return ids.size > ENDED_SESSIONS_LISTED ? '*' : [...ids].join(',');
}
const ENVELOPE_LIFETIME_MS = 60_000;

interface Envelope extends Caller {
  exp: number;
}

const mac = (body: string, secret: Buffer) => createHmac('sha256', secret).update(body).digest();

/** Seals a caller for one subgraph request with the platform's caller secret. */
export function sealCaller(caller: Caller, secret: Buffer, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...caller, exp: now + ENVELOPE_LIFETIME_MS } satisfies Envelope)).toString('base64url');
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

/**
 * The header a platform tool (benchmark, test, script) sends to call a subgraph directly, sealed as the gateway would
 * seal it: a subgraph answers nothing unsealed. Seal per request; a seal lives a minute.
 */
export function sealedCallerHeader(secret: Buffer, principal: Principal = { kind: 'anonymous' }, clientIp = '127.0.0.1'): Record<typeof CALLER_HEADER, string> {
  return { [CALLER_HEADER]: sealCaller({ principal, clientIp, requestId: randomUUID() }, secret) };
}

/**
 * Opens a sealed caller. Anything that does not verify (missing, malformed, forged, expired) yields `undefined`,
 * and the subgraph then refuses the request.
 */
export function openCaller(sealed: string | undefined, secret: Buffer, now = Date.now()): Caller | undefined {
  if (!sealed) return undefined;
  const dot = sealed.indexOf('.');
  if (dot <= 0) return undefined;
  const body = sealed.slice(0, dot);
  const signature = Buffer.from(sealed.slice(dot + 1), 'base64url');
  try {
    const expected = mac(body, secret);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
    const envelope = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Envelope;
    if (typeof envelope.exp !== 'number' || envelope.exp < now) return undefined;
    return { principal: envelope.principal, clientIp: envelope.clientIp, requestId: envelope.requestId };
  } catch {
    return undefined;
  }
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}
