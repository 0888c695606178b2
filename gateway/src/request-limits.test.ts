import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRequest, checkValues, requestPartsFromQueryString, scanDocument, type RequestLimits } from './request-limits.ts';

const LIMITS: RequestLimits = { tokens: 1000, selectionNesting: 25, valueDepth: 8, valueNodes: 10_000 };

const nestedList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A JSON value `depth` deep (objects and lists in turn), built without recursion. */
function deepValue(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('request limits: the document', () => {
  it('counts tokens (commas and comments are not tokens) and refuses past the limit', () => {
    expect(scanDocument('{ provinces { code } }', { ...LIMITS, tokens: 6 })).toBeUndefined();
    expect(scanDocument('{ provinces { code, name } }', { ...LIMITS, tokens: 7 })).toBeUndefined();
    expect(scanDocument('# a comment\n{ provinces { code name } }', { ...LIMITS, tokens: 6 })?.code).toBe('QUERY_TOO_LARGE');
  });

  it('a document of a million tokens is refused after reading one more than the limit', () => {
    const work = { visited: 0 };
    expect(scanDocument(`{ ${'provinces { code } '.repeat(250_000)}}`, LIMITS, work)?.code).toBe('QUERY_TOO_LARGE');
    expect(work.visited).toBe(LIMITS.tokens + 1);
  });

  it('lists and objects in arguments, variable defaults and directive arguments count as value nesting', () => {
    const limits = { ...LIMITS, valueDepth: 3 };
    expect(scanDocument(`{ decide(facts: {a: ${nestedList(2)}}) { ruleSetId } }`, limits)).toBeUndefined();
    expect(scanDocument(`{ decide(facts: {a: ${nestedList(3)}}) { ruleSetId } }`, limits)?.code).toBe('VALUE_TOO_DEEP');
    expect(scanDocument(`query($f: JSONObject = {a: {b: {c: {d: 1}}}}) { decide(facts: $f) { ruleSetId } }`, limits)?.code).toBe('VALUE_TOO_DEEP');
    expect(scanDocument(`{ provinces @deprecated(reason: ${nestedList(4)}) { code } }`, limits)?.code).toBe('VALUE_TOO_DEEP');
  });

  it('nesting is counted along one path: siblings do not add up', () => {
    const limits = { ...LIMITS, valueDepth: 3, selectionNesting: 2 };
    expect(scanDocument(`{ decide(facts: {${'k: [[1], [2]], '.repeat(20)}}) { ruleSetId } }`, limits)).toBeUndefined();
    expect(scanDocument(`{ ${'a { b } '.repeat(20)}}`, limits)).toBeUndefined();
  });

  it('a selection set after an argument list is a selection set, not a value', () => {
    const limits = { ...LIMITS, valueDepth: 1, selectionNesting: 3 };
    expect(scanDocument('query Q($a: Int = 1) { rosterEntries(limit: 5, examSessionId: "x") { entries { id } } }', limits)).toBeUndefined();
    expect(scanDocument('{ a(x: 1) { b(y: 2) { c(z: 3) { d } } } }', limits)?.code).toBe('QUERY_TOO_DEEP');
  });

  it('nesting deep enough to overflow the parser is refused after a few tokens', () => {
    for (const text of [`{ decide(facts: {a: ${nestedList(100_000)}}) { ruleSetId } }`, `{${'a{'.repeat(60_000)}b${'}'.repeat(60_000)}}`]) {
      const work = { visited: 0 };
      expect(scanDocument(text, LIMITS, work)?.code).toMatch(/^(VALUE|QUERY)_TOO_DEEP$/);
      expect(work.visited).toBeLessThan(60);
    }
  });

  it('strings and block strings holding brackets are single tokens', () => {
    expect(scanDocument(`{ a(x: "${'['.repeat(50)}", y: """${'{'.repeat(50)}""") { b } }`, { ...LIMITS, valueDepth: 1, selectionNesting: 2 })).toBeUndefined();
  });

  it('a lexical error is left for the parser to report with its position', () => {
    expect(scanDocument('{ a(x: "unterminated) }', LIMITS)).toBeUndefined();
  });
});

describe('request limits: variables and extensions', () => {
  it('refuses a variable nested deeper than the limit, counting from the variable itself', () => {
    expect(checkRequest({ variables: { f: deepValue(8) } }, LIMITS)).toBeUndefined();
    expect(checkRequest({ variables: { f: deepValue(9) } }, LIMITS)?.code).toBe('VALUE_TOO_DEEP');
    expect(checkRequest({ extensions: deepValue(9) }, LIMITS)?.code).toBe('VALUE_TOO_DEEP');
  });

  it('refuses more values than the limit, in one variable or spread over many', () => {
    expect(checkRequest({ variables: { f: Array.from({ length: 9_999 }, () => 1) } }, LIMITS)).toBeUndefined();
    expect(checkRequest({ variables: { f: Array.from({ length: 10_001 }, () => 1) } }, LIMITS)?.code).toBe('VALUE_TOO_LARGE');
    expect(checkRequest({ variables: Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`v${i}`, i])) }, LIMITS)?.code).toBe('VALUE_TOO_LARGE');
  });

  it('a value a million deep is refused after looking at as many values as the depth limit', () => {
    const work = { visited: 0 };
    expect(checkValues([deepValue(1_000_000)], LIMITS, work)?.code).toBe('VALUE_TOO_DEEP');
    expect(work.visited).toBe(LIMITS.valueDepth + 1);
  });

  it('a query sent as JSON instead of text is bounded like a variable', () => {
    expect(checkRequest({ query: deepValue(100) }, LIMITS)?.code).toBe('VALUE_TOO_DEEP');
  });

  it('a GET request carries its variables as JSON text; text that does not parse is left to Apollo Server', () => {
    const parts = requestPartsFromQueryString({ query: '{ a }', variables: JSON.stringify({ f: deepValue(12) }) });
    expect(checkRequest(parts, LIMITS)?.code).toBe('VALUE_TOO_DEEP');
    expect(checkRequest(requestPartsFromQueryString({ query: '{ a }', variables: '{"f": [[[' }), LIMITS)).toBeUndefined();
  });

  it('property: a value is refused exactly when it is deeper or larger than the limits, after a walk no longer than the value', () => {
    const limits = { ...LIMITS, valueDepth: 4, valueNodes: 60 };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 7 }), (value) => {
        const work = { visited: 0 };
        const refused = checkValues([value], limits, work);
        const { depth, nodes } = shape(value);
        if (depth > limits.valueDepth || nodes > limits.valueNodes) expect(refused?.code).toMatch(/^VALUE_TOO_(DEEP|LARGE)$/);
        else expect(refused).toBeUndefined();
        if (refused?.code === 'VALUE_TOO_DEEP') expect(depth).toBeGreaterThan(limits.valueDepth);
        if (refused?.code === 'VALUE_TOO_LARGE') expect(nodes).toBeGreaterThan(limits.valueNodes);
        expect(work.visited).toBeLessThanOrEqual(nodes);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('property: nested, fanned-out and wide documents are scanned in at most one pass, stopping at the first limit', () => {
    const shape = fc.record({
      lists: fc.integer({ min: 0, max: 20_000 }),
      selections: fc.integer({ min: 1, max: 20_000 }),
      width: fc.integer({ min: 1, max: 3_000 }),
      fragments: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(shape, ({ lists, selections, width, fragments }) => {
        let text = `query Q { ${'a { '.repeat(selections)}${'b '.repeat(width)}${'}'.repeat(selections)} c(x: ${nestedList(lists)}) ...F0 }`;
        for (let i = 0; i < fragments; i++) text += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`;
        const work = { visited: 0 };
        const refused = scanDocument(text, LIMITS, work);
        expect(work.visited).toBeLessThanOrEqual(LIMITS.tokens + 1);
        const tokens = 11 + 3 * selections + width + 2 * lists + 10 * fragments;
        if (tokens <= LIMITS.tokens && selections + 1 <= LIMITS.selectionNesting && lists <= LIMITS.valueDepth) expect(refused).toBeUndefined();
        else expect(refused).toBeDefined();
      }),
      { numRuns: 300, seed: 99 },
    );
  });
});

/** Depth (lists and objects) and count of values, by recursion: the reference for small values. */
function shape(value: unknown): { depth: number; nodes: number } {
  if (value === null || typeof value !== 'object') return { depth: 0, nodes: 1 };
  const children = (Array.isArray(value) ? value : Object.values(value)).map(shape);
  return { depth: 1 + Math.max(0, ...children.map((c) => c.depth)), nodes: 1 + children.reduce((n, c) => n + c.nodes, 0) };
}
