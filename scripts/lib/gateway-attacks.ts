/**
 * Small requests that kept the gateway busy for seconds to minutes, or made it answer a client's mistake as its own
 * failure, with the answer each gets now. `npm run attack:gateway` measures them; test/api/gateway-limits.test.ts
 * holds the gateway to the expected answers while /healthz stays fast.
 */
import { gzipSync } from 'node:zlib';

export interface GatewayAttack {
  name: string;
  request: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string };
  /** The answer of the hardened gateway. */
  expected: { status: number; code: string };
}

const json = { 'content-type': 'application/json' };
const post = (body: unknown): GatewayAttack['request'] => ({ body: JSON.stringify(body), headers: json });
const nestedList = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** F0 spreads F1 twice, F1 spreads F2 twice, …: `levels` fragments expand to 2^levels leaves. */
export function fanOut(levels: number, leaf: string): string {
  let document = 'query FanOut { ...F0 }';
  for (let i = 0; i < levels; i++) document += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`;
  return `${document} fragment F${levels} on Query { ${leaf} }`;
}

/** JSON text of a value `levels` deep (objects and lists in turn), written out: JSON.stringify itself overflows on it. */
export function deepJson(levels: number): string {
  const opens = Array.from({ length: levels }, (_, i) => (i % 2 ? '[' : '{"a":'));
  return `${opens.join('')}1${opens.reverse().map((o) => (o === '[' ? ']' : '}')).join('')}`;
}

const DECIDE_WITH_VARIABLE = 'query($f: JSONObject!) { decide(decision: feeQuote, province: "CN-SD", facts: $f) { ruleSetId } }';
const decide = (facts: string) => `query { decide(decision: feeQuote, province: "CN-SD", facts: ${facts}) { ruleSetId } }`;
const refused = (code: string, status = 400) => ({ status, code });

export const GATEWAY_ATTACKS: GatewayAttack[] = [
  ...[20, 24, 1000].map((n) => ({ name: `json-list-${n}`, request: post({ query: decide(`{a: ${nestedList(n)}}`) }), expected: refused('VALUE_TOO_DEEP') })),
  ...[20, 24, 30].map((n) => ({ name: `fragments-${n}`, request: post({ query: fanOut(n, 'provinces { code }') }), expected: refused('QUERY_TOO_COSTLY') })),
  // A leaf of __typename only: free for a cost model that counts only schema fields.
  { name: 'fragments-typename-24', request: post({ query: fanOut(24, '__typename') }), expected: refused('QUERY_TOO_COSTLY') },
  { name: 'variables-deep-50000', request: { body: `{"query":${JSON.stringify(DECIDE_WITH_VARIABLE)},"variables":{"f":${deepJson(50_000)}}}`, headers: json }, expected: refused('VALUE_TOO_DEEP') },
  { name: 'variables-wide-20000', request: post({ query: DECIDE_WITH_VARIABLE, variables: { f: { a: Array.from({ length: 20_000 }, () => [1]) } } }), expected: refused('VALUE_TOO_LARGE') },
  {
    name: 'get-variables-deep-1000',
    request: { method: 'GET', path: `/graphql?query=${encodeURIComponent(DECIDE_WITH_VARIABLE)}&variables=${encodeURIComponent(`{"f":${deepJson(1000)}}`)}`, headers: { 'apollo-require-preflight': 'true' } },
    expected: refused('VALUE_TOO_DEEP'),
  },
  { name: 'parser-list-100000', request: post({ query: decide(`{a: ${nestedList(100_000)}}`) }), expected: refused('VALUE_TOO_DEEP') },
  { name: 'parser-selections-60000', request: post({ query: `{${'a{'.repeat(60_000)}b${'}'.repeat(60_000)}}` }), expected: refused('QUERY_TOO_DEEP') },
  { name: 'same-field-10000', request: post({ query: `{ ${'provinces { code } '.repeat(10_000)}}` }), expected: refused('QUERY_TOO_LARGE') },
  { name: 'json-wide-deep-8x10000', request: post({ query: decide(`{a: [${`${nestedList(8)},`.repeat(10_000)}]}`) }), expected: refused('VALUE_TOO_DEEP') },
  // The worst still inside the default limits (1000 tokens, values 8 deep, cost 5000): what any request may cost.
  { name: 'limits-same-field-249', request: post({ query: `{ ${'provinces { code } '.repeat(249)}}` }), expected: { status: 200, code: 'ok' } },
  { name: 'limits-json-deep-8x75', request: post({ query: decide(`{a: [${`${nestedList(6)} `.repeat(75)}]}`) }), expected: refused('QUERY_TOO_COSTLY') },
  { name: 'limits-fragments-typename-12', request: post({ query: fanOut(12, '__typename') }), expected: { status: 200, code: 'ok' } },
  { name: 'charset-unknown', request: { body: '{"query":"{ provinces { code } }"}', headers: { 'content-type': 'application/json; charset=klingon' } }, expected: refused('UNSUPPORTED_CHARSET', 415) },
  { name: 'content-encoding-unknown', request: { body: '{"query":"{ provinces { code } }"}', headers: { ...json, 'content-encoding': 'zstd-nonsense' } }, expected: refused('UNSUPPORTED_CONTENT_ENCODING', 415) },
  { name: 'content-encoding-gzip-not-gzip', request: { body: 'not gzip at all', headers: { ...json, 'content-encoding': 'gzip' } }, expected: refused('BAD_REQUEST') },
  {
    name: 'gzip-variables-deep-50000',
    request: { body: gzipSync(`{"query":${JSON.stringify(DECIDE_WITH_VARIABLE)},"variables":{"f":${deepJson(50_000)}}}`), headers: { ...json, 'content-encoding': 'gzip' } },
    expected: refused('VALUE_TOO_DEEP'),
  },
  { name: 'baseline-query', request: post({ query: '{ provinces { code } }' }), expected: { status: 200, code: 'ok' } },
];
