import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createLogger, ensureDevelopmentKeys } from '@zsb/platform';
import { readGatewayConfig } from '../../gateway/src/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway.ts';
import { DATABASES } from '../support/databases.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { GATEWAY_ATTACKS, deepJson, fanOut, type GatewayAttack } from '../../scripts/lib/gateway-attacks.ts';

/*
 * The gateway runs in this process, so while it is busy with a request nothing else here runs either: a /healthz
 * probe sent beside a request is answered late by exactly as long as the gateway was kept busy. Bounds are generous
 * (a second; the attacks took seconds to minutes before) so that a loaded machine does not make these fail.
 */
const HEALTHZ_BOUND_MS = 1000;

/** Codes a request refused for its shape or its body may carry (docs/errors.md). */
const REFUSAL_CODES = ['QUERY_TOO_LARGE', 'QUERY_TOO_DEEP', 'VALUE_TOO_DEEP', 'VALUE_TOO_LARGE', 'TOO_MANY_ALIASES', 'QUERY_TOO_COSTLY', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'];

interface Answer {
  status: number;
  code: string;
  requestId: string | null;
  healthzMaxMs: number;
}

describe.each(DATABASES)('gateway limits under attack (%s)', (dialect) => {
  let p: TestPlatform;
  let errorLines: string[] = [];
  beforeAll(async () => {
    p = await startPlatform(dialect);
  });
  afterAll(async () => {
    await p?.stop();
  });
  // Error log lines (the platform logs errors to stderr as JSON lines) written while a test runs.
  beforeEach(() => {
    errorLines = [];
    const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).includes('"level":"error"')) errorLines.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stderr.write);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Sends a request while /healthz is asked again and again; returns the answer and the slowest /healthz. */
  async function sendWhileProbing(request: GatewayAttack['request']): Promise<Answer> {
    let done = false;
    const attack = fetch(`${p.url}${request.path ?? '/graphql'}`, { method: request.method ?? 'POST', headers: request.headers, body: request.body }).finally(() => (done = true));
    let healthzMaxMs = 0;
    while (!done) {
      const started = performance.now();
      await fetch(`${p.url}/healthz`);
      healthzMaxMs = Math.max(healthzMaxMs, performance.now() - started);
    }
    const response = await attack;
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code ?? (body.data ? 'ok' : 'none'), requestId: response.headers.get('x-request-id'), healthzMaxMs };
  }

  it.each(GATEWAY_ATTACKS.map((attack) => [attack.name, attack] as const))('%s is answered at once with its code, /healthz stays fast, no error is logged', async (_name, attack) => {
    const answer = await sendWhileProbing(attack.request);
    expect({ status: answer.status, code: answer.code }).toEqual(attack.expected);
    expect(answer.healthzMaxMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(errorLines).toEqual([]);
  });

  it('nested values, overlong documents and malformed bodies are refused before Apollo Server handles the request', async () => {
    const before = ['VALUE_TOO_DEEP', 'VALUE_TOO_LARGE', 'QUERY_TOO_LARGE', 'UNSUPPORTED_CHARSET', 'UNSUPPORTED_CONTENT_ENCODING'];
    for (const attack of GATEWAY_ATTACKS.filter((a) => before.includes(a.expected.code))) {
      // Apollo Server's context (which names the request) was never built: graphql-js and the planner saw nothing.
      expect((await sendWhileProbing(attack.request)).requestId, attack.name).toBeNull();
    }
  });

  it('ordinary requests with JSON facts inline or in variables, and with fragments, are still served', async () => {
    const inline = await p.graphql<{ paymentChannel: { channel: { code: string } } }>('{ paymentChannel(province: "CN-SD", facts: {examCity: "370200", subjects: ["a", "b"]}) { channel { code } } }');
    expect(inline.errors).toBeUndefined();
    expect(inline.data?.paymentChannel.channel.code).toBe('UNIONPAY');
    const variables = await p.graphql<{ decide: { outcome: unknown } }>('query($f: JSONObject!) { decide(decision: dualApplication, province: "CN-SD", facts: $f) { outcome } }', { f: { track: 'THREE_PLUS_TWO' } });
    expect(variables.data?.decide.outcome).toEqual({ offered: true, default: false });
    const fragments = await p.graphql<{ provinces: { code: string }[] }>('{ ...A ...B } fragment A on Query { provinces { code } } fragment B on Query { provinces { ...C } } fragment C on Province { code name }');
    expect(fragments.errors).toBeUndefined();
    expect(fragments.data?.provinces.length).toBeGreaterThan(0);
  });

  it('property: generated nested, fanned-out and wide requests are answered with a 200 or a documented 4xx while /healthz stays fast', async () => {
    const shape = fc.oneof(
      fc.record({ kind: fc.constant('json-list'), size: fc.integer({ min: 1, max: 5000 }) }),
      fc.record({ kind: fc.constant('variables'), size: fc.integer({ min: 1, max: 30_000 }) }),
      fc.record({ kind: fc.constant('fan-out'), size: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ kind: fc.constant('wide'), size: fc.integer({ min: 1, max: 6000 }) }),
      fc.record({ kind: fc.constant('deep'), size: fc.integer({ min: 1, max: 20_000 }) }),
      fc.record({ kind: fc.constant('aliases'), size: fc.integer({ min: 1, max: 2000 }) }),
    );
    const requestFor = ({ kind, size }: { kind: string; size: number }): GatewayAttack['request'] => {
      const decide = 'decide(decision: feeQuote, province: "CN-SD", facts: ';
      const query =
        kind === 'json-list'
          ? `{ ${decide}{a: ${'['.repeat(size)}${']'.repeat(size)}}) { ruleSetId } }`
          : kind === 'variables'
            ? `query($f: JSONObject!) { ${decide}$f) { ruleSetId } }`
            : kind === 'fan-out'
              ? fanOut(size, 'provinces { code }')
              : kind === 'wide'
                ? `{ provinces { ${'code '.repeat(size)}} }`
                : kind === 'deep'
                  ? `{ ${'provinces { '.repeat(size)}code${' }'.repeat(size)} }`
                  : `{ ${Array.from({ length: size }, (_, i) => `a${i}: provinces { code }`).join(' ')} }`;
      const variables = kind === 'variables' ? `,"variables":{"f":${deepJson(size)}}` : '';
      return { body: `{"query":${JSON.stringify(query)}${variables}}`, headers: { 'content-type': 'application/json' } };
    };
    await fc.assert(
      fc.asyncProperty(shape, async (generated) => {
        const answer = await sendWhileProbing(requestFor(generated));
        expect(answer.healthzMaxMs).toBeLessThan(HEALTHZ_BOUND_MS);
        if (answer.status !== 200) {
          expect([400, 413]).toContain(answer.status);
          expect([...REFUSAL_CODES, 'REQUEST_TOO_LARGE']).toContain(answer.code);
        }
        expect(errorLines).toEqual([]);
      }),
      { numRuns: 40, seed: 2026 },
    );
  });
});

describe('gateway limits turned far up', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-limits-'));
  let gateway: RunningGateway;
  beforeAll(async () => {
    // No subgraphs: a document that does not parse never reaches one.
    const config = readGatewayConfig({ ZSB_MODE: 'test', ZSB_DATA_DIR: dataDir, PORT: '0', ZSB_MAX_TOKENS: '100000000', ZSB_MAX_VALUE_DEPTH: '100000000', ZSB_MAX_DEPTH: '100000000' });
    ensureDevelopmentKeys(config.platform);
    gateway = await startGateway(config, createLogger({}, true));
  });
  afterAll(async () => {
    await gateway?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a document that overflows the parser is still the client\'s error, with a code and no stack', async () => {
    for (const query of [`{ decide(facts: {a: ${'['.repeat(100_000)}${']'.repeat(100_000)}}) { ruleSetId } }`, `{${'a{'.repeat(60_000)}b${'}'.repeat(60_000)}}`]) {
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(response.status).toBe(400);
      expect(body.errors[0]).toEqual({ message: '查询嵌套层级过深', extensions: { code: 'QUERY_TOO_DEEP' } });
    }
  });
});
