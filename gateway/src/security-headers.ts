import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The content security policy of every page the gateway serves. The built web client (Vite, solid-js) loads only
 * its own script and stylesheet files and sets no inline styles or scripts; captcha images arrive as `data:` URLs;
 * it talks to `/graphql` on its own origin; a recording is played back from a `blob:` URL.
 */
export function contentSecurityPolicy(production: boolean, extra: { styleSrc?: string[]; formAction?: string[] } = {}): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", ...(extra.styleSrc ?? [])],
    'img-src': ["'self'", 'data:', 'blob:'],
    // Voice fill plays the candidate's recording back from a blob: URL before it is sent.
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    // The payment step posts a form to the channel's gateway (UnionPay, CEB): those origins, and no other.
    'form-action': ["'self'", ...(extra.formAction ?? [])],
    'frame-ancestors': ["'none'"],
    // Development runs on plain http://127.0.0.1, where upgrading requests would break the page.
    ...(production ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Browser hardening for every response: the policy above, no framing (CSP `frame-ancestors` and X-Frame-Options
 * for older browsers), no MIME sniffing, no referrer, and HSTS in production only (development is plain HTTP).
 */
export function securityHeaders(production: boolean, paymentOrigins: string[] = []): RequestHandler {
  const options = {
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
  } as const;
  const withPolicy = helmet({ ...options, contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(production, { formAction: paymentOrigins }) } }) as RequestHandler;
  if (production) return withPolicy;
  // Apollo's development landing page at /graphql (Sandbox) runs inline and CDN scripts; production has none.
  const withoutPolicy = helmet({ ...options, contentSecurityPolicy: false }) as RequestHandler;
  return (req, res, next) => (req.path === '/graphql' ? withoutPolicy : withPolicy)(req, res, next);
}

/** A policy as the header's text, for a page that needs its own (e.g. an inline stylesheet allowed by its hash). */
export function policyHeader(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';');
}
