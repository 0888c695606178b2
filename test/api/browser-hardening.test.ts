import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, newDataKeyEntry, sealCaller, startSubgraph } from '@zsb/platform';
import { exams } from '../../subgraphs/exams/src/subgraph.ts';
import type { RunningGateway } from '../../gateway/src/gateway.ts';
import { productionSetting, startProductionGateway } from '../support/production.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';

/** The directives of a Content-Security-Policy header, by name. */
function policy(header: string | null): Record<string, string[]> {
  return Object.fromEntries((header ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

const post = (url: string, query: string, variables?: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });

describe('browser hardening in development and test mode', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform('sqlite');
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('every response forbids framing and sniffing, sends no referrer and carries the web client\'s content security policy', async () => {
    for (const response of [await fetch(`${p.url}/`, { headers: { accept: 'text/html' } }), await fetch(`${p.url}/healthz`), await post(`${p.url}/graphql`, '{ provinces { code } }'), await fetch(`${p.url}/nothing.png`)]) {
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    const csp = policy((await fetch(`${p.url}/`, { headers: { accept: 'text/html' } })).headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp['media-src']).toEqual(["'self'", 'blob:']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    // The payment step posts its form to the channel: in development and tests, the sandbox.
    expect(csp['form-action']).toContain("'self'");
    expect(csp['form-action'].some((origin) => /^http:\/\/127\.0\.0\.1:\d+$/.test(origin))).toBe(true);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
  });

  it('the SMS outbox page allows its one inline stylesheet by hash and nothing else inline', async () => {
    const page = await fetch(`${p.url}/dev/sms`);
    const html = await page.text();
    const style = /<style>(.*?)<\/style>/s.exec(html)![1];
    const csp = policy(page.headers.get('content-security-policy'));
    expect(csp['style-src']).toEqual(["'self'", `'sha256-${createHash('sha256').update(style).digest('base64')}'`]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });

  it('development keeps "Did you mean" suggestions for developers', async () => {
    const body = (await (await post(`${p.url}/graphql`, '{ provincs { code } }')).json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toMatch(/Did you mean "provinces"\?/);
  });
});

describe('browser hardening in production', () => {
  const { dataDir, callerSecret, secrets } = productionSetting('zsb-prod-headers-');
  let gateway: RunningGateway;
  let stopGateway: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ gateway, stop: stopGateway } = await startProductionGateway({ dataDir, callerSecret, secrets }));
  });
  afterAll(async () => {
    await stopGateway?.();
  });

  it('responses carry HSTS and a policy that upgrades insecure requests, the API included', async () => {
    for (const response of [await fetch(`${gateway.url}/healthz`), await post(`${gateway.url}/graphql`, '{ provinces { code } }')]) {
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const csp = policy(response.headers.get('content-security-policy'));
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['upgrade-insecure-requests']).toEqual([]);
      // Forms post to this site and to the payment channels' gateways (UnionPay, CEB), never to the sandbox.
      expect(csp['form-action']).toEqual(["'self'", 'https://openapi.alipay.com', 'https://gateway.95516.com', 'https://www.cebbank.com']);
    }
  });

  it('errors name no fields, arguments or enum values the caller did not send', async () => {
    const unknownField = (await (await post(`${gateway.url}/graphql`, '{ provincs { code } }')).json()) as { errors: { message: string }[] };
    expect(unknownField.errors[0].message).toBe('Cannot query field "provincs" on type "Query".');
    const badEnum = (await (await post(`${gateway.url}/graphql`, 'query($d: DecisionName!) { decide(decision: $d, province: "CN-SD", facts: {}) { ruleSetId } }', { d: 'feeQuot' })).json()) as { errors: { message: string }[] };
    expect(badEnum.errors[0].message).toMatch(/feeQuot/);
    expect(badEnum.errors[0].message).not.toMatch(/Did you mean|feeQuote/);
  });

  it('a subgraph in production names no suggestions either', async () => {
    const subgraph = await startSubgraph(exams, { config: { mode: 'production', dataDir }, env: { ...secrets, DATABASE_URL: '', ZSB_DATA_KEYS: newDataKeyEntry(), ZSB_LOOKUP_KEY: randomBytes(32).toString('base64') }, port: 0, log: createLogger({}, true) });
    try {
      const sealed = sealCaller({ principal: { kind: 'anonymous' }, clientIp: '127.0.0.1', requestId: 'test' }, callerSecret);
      const body = (await (await post(subgraph.url, '{ provincs { code } }', undefined, { 'x-zsb-caller': sealed })).json()) as { errors: { message: string }[] };
      expect(body.errors[0].message).toBe('Cannot query field "provincs" on type "Query".');
    } finally {
      await subgraph.stop();
    }
  });
});
