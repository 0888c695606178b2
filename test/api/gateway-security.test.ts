import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCallerSecret, sealCaller, sealedCallerHeader } from '@zsb/platform';
import { TrustedOperations } from '../../gateway/src/trusted-operations.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, registerInnerMongolia } from './flows.ts';

describe('gateway security', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform('sqlite');
  });
  afterAll(async () => {
    await p?.stop();
  });

  const direct = async (url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, ...((await response.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] }) };
  };

  it('a subgraph called directly with a made-up identity header refuses the request outright', async () => {
    const registered = await registerInnerMongolia(p, residentId('150102'), phoneNumber());
    const accountId = registered.account!.id;
    const principal = { kind: 'candidate', accountId, province: 'CN-NM', sessionId: 'x' } as const;
    const plain = Buffer.from(JSON.stringify({ principal, clientIp: '1.2.3.4', requestId: 'r', exp: Date.now() + 60_000 })).toString('base64url');
    for (const header of [plain, `${plain}.AAAA`, sealCaller({ principal, clientIp: '1.2.3.4', requestId: 'r' }, randomBytes(32)), JSON.stringify(principal)]) {
      const result = await direct(p.subgraphs.candidates.url, '{ me { id } }', { 'x-zsb-caller': header });
      expect(result.status).toBe(401);
      expect(result.data).toBeUndefined();
      expect(result.errors?.[0].extensions?.code).toBe('CALLER_NOT_SEALED');
    }
    // Only the gateway's own seal is believed (shown here to prove the refusal above is about the seal).
    const genuine = sealCaller({ principal, clientIp: '1.2.3.4', requestId: 'r' }, loadCallerSecret(p.config));
    expect((await direct(p.subgraphs.candidates.url, '{ me { id } }', { 'x-zsb-caller': genuine })).data).toEqual({ me: { id: accountId } });
  });

  it('a sealed identity expires after a minute, so a captured header cannot be replayed later', async () => {
    const principal = { kind: 'staff', staffId: 'x', role: 'ADMIN', sessionId: 'x' } as const;
    const old = sealCaller({ principal, clientIp: '', requestId: 'r' }, loadCallerSecret(p.config), Date.now() - 61_000);
    const result = await direct(p.subgraphs.candidates.url, '{ currentStaff { id } }', { 'x-zsb-caller': old });
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('CALLER_NOT_SEALED');
  });

  it("outside production too, an account's ID number and phone cannot be read from the candidates subgraph without the gateway's seal", async () => {
    const idNumber = residentId('150102');
    const phone = phoneNumber();
    const registered = await registerInnerMongolia(p, idNumber, phone);
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on CandidateAccount { idNumber phone } } }';
    const variables = { r: [{ __typename: 'CandidateAccount', id: registered.account!.id }] };
    expect(p.config.mode).toBe('test');
    for (const url of [p.subgraphs.candidates.url, p.subgraphs.payments.url, p.subgraphs.exams.url]) {
      const refused = await direct(url, entities, {}, variables);
      expect(refused.status).toBe(401);
      expect(refused.data).toBeUndefined();
      expect(JSON.stringify(refused)).not.toContain(idNumber);
      expect(refused.errors?.[0].extensions?.code).toBe('CALLER_NOT_SEALED');
    }
    // The same request sealed as a platform tool would seal it is answered, so the refusal above is the seal's doing.
    const sealed = await direct(p.subgraphs.candidates.url, entities, sealedCallerHeader(loadCallerSecret(p.config)), variables);
    expect(sealed.data).toEqual({ _entities: [{ idNumber, phone }] });
    // Health and readiness stay open to probes that hold no secret.
    for (const url of Object.values(p.subgraphs).map((s) => s.url)) {
      expect((await fetch(new URL('/healthz', url))).status).toBe(200);
      expect((await fetch(new URL('/readyz', url))).status).toBe(200);
    }
  });

  it('internal routes of a subgraph refuse callers without a service seal', async () => {
    const response = await fetch(new URL('/internal/partner-keys/verify', p.subgraphs.candidates.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":"x"}' });
    expect(response.status).toBe(401);
  });

  it('a partner key without the roster scope is refused the roster; one with it is served', async () => {
    const examsOnly = await p.createPartnerKey({ name: '某高校招生系统', scopes: ['exams.read'] });
    const roster = await p.createPartnerKey({ name: '省考试院数据平台', scopes: ['roster.read'], province: 'CN-SD' });
    const query = '{ rosterEntries(examSessionId: "CN-SD-2023") { totalCount } }';
    expect((await p.graphql(query, undefined, { 'x-api-key': examsOnly })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await p.graphql(query, undefined, { 'x-api-key': roster })).data).toEqual({ rosterEntries: { totalCount: 0 } });
    // Its province bounds it.
    expect((await p.graphql('{ rosterEntries(examSessionId: "CN-NM-2026") { totalCount } }', undefined, { 'x-api-key': roster })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('an unknown or malformed API key is refused before any subgraph is asked', async () => {
    for (const key of ['zsb_0123456789abcdef_' + 'A'.repeat(43), 'nonsense']) {
      const result = await p.graphql('{ provinces { code } }', undefined, { 'x-api-key': key });
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('API_KEY_INVALID');
    }
  });

  it('a partner key limited to registered operations may send those, by text or by hash, and nothing else', async () => {
    const key = await p.createPartnerKey({ name: '院校对接', scopes: ['exams.read'], trustedOperationsOnly: true });
    const folder = new URL('../../gateway/operations/', import.meta.url).pathname;
    expect(TrustedOperations.load(folder).size).toBeGreaterThan(0);
    const text = fs.readFileSync(`${folder}ExamSessionsForPartners.graphql`, 'utf8');
    expect((await p.graphql(text, undefined, { 'x-api-key': key })).data).toBeTruthy();
    const byHash = await fetch(`${p.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: TrustedOperations.hash(text) } } }),
    });
    expect(((await byHash.json()) as { data: unknown }).data).toBeTruthy();
    const other = await p.graphql('{ provinces { code name } }', undefined, { 'x-api-key': key });
    expect(other.status).toBe(403);
    expect(other.errors?.[0].extensions?.code).toBe('OPERATION_NOT_TRUSTED');
  });

  it('a tampered access token is refused with 401', async () => {
    const registered = await registerInnerMongolia(p, residentId('150102'), phoneNumber());
    const token = registered.tokens!.accessToken;
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const result = await p.graphql('{ me { id } }', undefined, bearer(tampered));
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('TOKEN_INVALID');
  });

  it('operations nested too deep, with too many aliases, or too costly are refused before execution', async () => {
    const tooDeep = `{ ${'a { '.repeat(14)}b${' }'.repeat(14)} }`;
    expect((await p.graphql(tooDeep)).errors?.some((e) => e.extensions?.code === 'QUERY_TOO_DEEP')).toBe(true);
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: provinces { code }`).join(' ');
    expect((await p.graphql(`{ ${aliases} }`)).errors?.some((e) => e.extensions?.code === 'TOO_MANY_ALIASES')).toBe(true);
    const costly = await p.graphql('{ rosterEntries(examSessionId: "CN-SD-2023", limit: 500) { entries { id idNumber name collegeCode collegeName majorCode majorName track province examYear updatedAt idType } } examSessions { id } }');
    expect(costly.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('batched requests, oversized bodies and cross-site simple requests are refused', async () => {
    const batch = await fetch(`${p.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ provinces { code } }' }, { query: '{ provinces { code } }' }]) });
    expect(batch.status).toBe(400);
    const big = await fetch(`${p.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ provinces { code } } # ${'x'.repeat(300_000)}` }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    const simpleGet = await fetch(`${p.url}/graphql?query=${encodeURIComponent('{ provinces { code } }')}`);
    expect(simpleGet.status).toBe(400);
    const preflighted = await fetch(`${p.url}/graphql?query=${encodeURIComponent('{ provinces { code } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
  });

  it('an unexpected failure reaches the caller without internals and with a request id', async () => {
    const response = await fetch(`${p.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });

  it('unknown API paths and file names answer 404 rather than the web page', async () => {
    for (const path of ['/graphql/x', '/internal/x', '/dev/nothing', '/favicon-missing.png']) {
      expect((await fetch(`${p.url}${path}`, { headers: { accept: 'text/html' } })).status).toBe(404);
    }
  });

  it('the SMS outbox page is served in development and test mode only', async () => {
    const page = await fetch(`${p.url}/dev/sms`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('短信发件箱');
  });

  it('readiness reports every subgraph, and a stopped subgraph turns its fields into a clear, retryable error', async () => {
    const ready = await fetch(`${p.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { candidates: 'ready', exams: 'ready', payments: 'ready' } });
    await p.stopSubgraph('payments');
    const result = await p.graphql('{ provinces { code } }');
    expect(result.data).toBeTruthy();
    const registered = await registerInnerMongolia(p, residentId('150102'), phoneNumber());
    const down = await p.graphql<{ myPaymentOrders: unknown }>('{ myPaymentOrders { id } }', undefined, bearer(registered.tokens!.accessToken));
    expect(down.errors?.[0]).toMatchObject({ message: '部分服务暂时不可用，请稍后重试', extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(JSON.stringify(down)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    const degraded = await fetch(`${p.url}/readyz`);
    expect(degraded.status).toBe(503);
  });
});

