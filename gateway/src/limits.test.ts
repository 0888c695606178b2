import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Kind,
  buildSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { OperationMeter, operationLimits, type OperationLimits } from './limits.ts';

const schema = buildSchema(`
  scalar JSON
  type Query {
    provinces: [Province!]!
    province(code: String!): Province
    sessions(first: Int): [Session!]!
    rosterEntries(examSessionId: ID!, limit: Int! = 50): RosterPage!
    decide(facts: JSON!): Decision!
  }
  type Province { code: String! name: String! sessions: [Session!]! }
  type Session { id: ID! title: String! province: Province! }
  type RosterPage { totalCount: Int! entries: [RosterEntry!]! }
  type RosterEntry { id: ID! name: String! }
  type Decision { outcome: JSON }
`);

const LIMITS: OperationLimits = { depth: 12, aliases: 30, cost: 5000 };

function meter(text: string, limits = LIMITS) {
  const document = parse(text);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return OperationMeter.forDocument(schema, document, limits).measure(operation);
}

const codes = (text: string, limits = LIMITS) => validate(schema, parse(text), [...specifiedRules, operationLimits(limits)]).map((e) => e.extensions.code);

/** AST nodes of a document, counted without recursion: what a walk bounded by the document's size may visit. */
function astNodes(document: DocumentNode): number {
  let nodes = 0;
  visit(document, { enter: () => void nodes++ });
  return nodes;
}

/** F0 spreads F1 `width` times, F1 spreads F2 …, the last holds `leaf`: expands to width^levels leaves. */
function fanOut(levels: number, width: number, leaf: string): string {
  let text = 'query FanOut { ...F0 }';
  for (let i = 0; i < levels; i++) text += ` fragment F${i} on Query { ${`...F${i + 1} `.repeat(width)}}`;
  return `${text} fragment F${levels} on Query { ${leaf} }`;
}

describe('operation limits', () => {
  it('depth counts fields; fragments and inline fragments add none', () => {
    expect(meter('{ provinces { sessions { province { code } } } }').depth).toBe(4);
    expect(meter('{ ...P } fragment P on Query { provinces { ... on Province { sessions { id } } } }').depth).toBe(3);
  });

  it('a list costs its items at the default size of 10, or at its own `first`/`limit`, or 100 when the size is a variable', () => {
    expect(meter('{ provinces { code name } }').cost).toBe(1 + 10 * 2);
    expect(meter('{ sessions(first: 3) { id } }').cost).toBe(1 + 3);
    expect(meter('query($n: Int) { sessions(first: $n) { id } }').cost).toBe(1 + 100);
  });

  it('a page object passes its `limit` to the list inside it, also through fragments spread in pages of different sizes', () => {
    expect(meter('{ rosterEntries(examSessionId: "x", limit: 50) { totalCount entries { id name } } }').cost).toBe(1 + 1 + 1 + 50 * 2);
    const twoPages = '{ a: rosterEntries(examSessionId: "x", limit: 50) { ...Page } b: rosterEntries(examSessionId: "y", limit: 5) { ...Page } } fragment Page on RosterPage { totalCount entries { id name } }';
    expect(meter(twoPages).cost).toBe(1 + 1 + 1 + 50 * 2 + (1 + 1 + 1 + 5 * 2));
  });

  it('__typename and introspection fields cost like any field, so a fan-out of them is not free', () => {
    expect(meter('{ __typename provinces { __typename } }').cost).toBe(1 + 1 + 10);
    expect(meter(fanOut(24, 2, '__typename')).exceeded).toBe('QUERY_TOO_COSTLY');
  });

  it('aliases are counted at every spread of the fragment holding them', () => {
    expect(meter('{ ...A ...A } fragment A on Query { x: provinces { code } }').aliases).toBe(2);
    expect(meter(fanOut(6, 2, 'x: provinces { code }')).exceeded).toBe('TOO_MANY_ALIASES');
  });

  it('over-deep, alias-heavy and costly operations are refused with their own codes', () => {
    expect(codes(`{ ${'provinces { sessions { province { '.repeat(5)}code${' } } }'.repeat(5)} }`)).toContain('QUERY_TOO_DEEP');
    expect(codes(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: provinces { code }`).join(' ')} }`)).toContain('TOO_MANY_ALIASES');
    expect(codes('{ rosterEntries(examSessionId: "x", limit: 5000) { entries { id name } } }')).toContain('QUERY_TOO_COSTLY');
    expect(codes('{ provinces { code sessions { id title } } }')).toEqual([]);
  });

  it('a fragment fanned out 2^n times is measured once: the walk stops at the limit after a few nodes, however large n', () => {
    for (const levels of [10, 20, 30, 60]) {
      const text = fanOut(levels, 2, 'provinces { code }');
      const result = meter(text);
      expect(result.exceeded).toBe('QUERY_TOO_COSTLY');
      expect(result.visited).toBeLessThanOrEqual(astNodes(parse(text)));
    }
  });

  it('a list nested deep in a JSON argument costs 2^depth and is refused without walking it all', () => {
    const nested = (depth: number) => `{ decide(facts: {a: ${'['.repeat(depth)}${']'.repeat(depth)}}) { outcome } }`;
    expect(meter(nested(4)).cost).toBe(1 + (1 + 1 + 2 + 4 + 8) + 1);
    for (const depth of [13, 24, 1000]) {
      const result = meter(nested(depth));
      expect(result.exceeded).toBe('QUERY_TOO_COSTLY');
      expect(result.visited).toBeLessThan(40);
    }
  });

  it('fragment cycles end the walk (the standard rule reports them)', () => {
    expect(meter('{ ...A } fragment A on Query { provinces { code } ...B } fragment B on Query { ...A }').cost).toBe(11);
  });

  it('property: memoised figures equal those of expanding every fragment, for random documents', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const text = randomDocument(seed);
        const document = parse(text);
        expect(validate(schema, document, specifiedRules).map((e) => e.message)).toEqual([]);
        const expected = expandedMeasure(document);
        const result = meter(text, { depth: 1000, aliases: 1e9, cost: 1e12 });
        expect({ depth: result.depth, aliases: result.aliases, cost: result.cost }).toEqual(expected);
        expect(result.visited).toBeLessThanOrEqual(astNodes(document));
      }),
      { numRuns: 300, seed: 20_261_104 },
    );
  });

  it('property: nested, fanned-out and wide shapes are refused or measured within a walk bounded by the document', () => {
    const shape = fc.oneof(
      fc.record({ kind: fc.constant('fan-out' as const), levels: fc.integer({ min: 1, max: 80 }), width: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('json-list' as const), levels: fc.integer({ min: 1, max: 3000 }), width: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('wide' as const), levels: fc.integer({ min: 1, max: 5000 }), width: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('deep' as const), levels: fc.integer({ min: 1, max: 400 }), width: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(shape, ({ kind, levels, width }) => {
        const text =
          kind === 'fan-out'
            ? fanOut(levels, width, 'provinces { code sessions { id } }')
            : kind === 'json-list'
              ? `{ ${`decide(facts: {a: ${'['.repeat(levels)}${']'.repeat(levels)}}) { outcome } `.repeat(width)}}`
              : kind === 'wide'
                ? `{ ${Array.from({ length: levels }, (_, i) => `a${i}: provinces { ${'code '.repeat(width)}}`).join(' ')} }`
                : `{ ${'provinces { sessions { '.repeat(levels)}id${' } }'.repeat(levels)} }`;
        const document = parse(text, { noLocation: true });
        const result = meter(text);
        expect(result.visited).toBeLessThanOrEqual(astNodes(document));
        if (!result.exceeded) expect(result.cost).toBeLessThanOrEqual(LIMITS.cost);
      }),
      { numRuns: 200, seed: 4_242 },
    );
  });
});

/*
 * The reference: every fragment expanded at every spread, as the limits were measured before fragments were
 * memoised. Only for small documents.
 */
function expandedMeasure(document: DocumentNode): { depth: number; aliases: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fieldsOf = (type: GraphQLNamedType | undefined) => (type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {});
  const asked = (node: FieldNode) => {
    const arg = node.arguments?.find((a) => a.name.value === 'limit' || a.name.value === 'first');
    return !arg ? undefined : arg.value.kind === Kind.INT ? Math.max(1, Number(arg.value.value)) : 100;
  };
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, multiplier: number, depth: number, pageSize?: number): { depth: number; aliases: number; cost: number } => {
    let result = { depth, aliases: 0, cost: 0 };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) result.aliases++;
        const field = fieldsOf(parent)[selection.name.value];
        const isList = field ? isListType(getNullableType(field.type)) : false;
        const size = asked(selection);
        result.cost += multiplier;
        if (selection.selectionSet) {
          const sub = walk(selection.selectionSet, field ? getNamedType(field.type) : undefined, isList ? multiplier * (size ?? pageSize ?? 10) : multiplier, depth + 1, isList ? undefined : size);
          result = { depth: Math.max(result.depth, sub.depth), aliases: result.aliases + sub.aliases, cost: result.cost + sub.cost };
        }
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)! : undefined;
        const set = fragment ? fragment.selectionSet : (selection as { selectionSet: SelectionSetNode }).selectionSet;
        const typeName = fragment ? fragment.typeCondition.name.value : selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : undefined;
        const sub = walk(set, (typeName && schema.getType(typeName)) || parent, multiplier, depth, pageSize);
        result = { depth: Math.max(result.depth, sub.depth), aliases: result.aliases + sub.aliases, cost: result.cost + sub.cost };
      }
    }
    return result;
  };
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return walk(operation.selectionSet, schema.getQueryType()!, 1, 1);
}

/** A valid random query over the test schema: fields, aliases, page sizes, inline fragments, and fragments spread in later ones. */
function randomDocument(seed: number): string {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  const pick = <T,>(items: T[]) => items[Math.floor(next() * items.length)];
  const fragmentTypes = ['Query', 'Province', 'RosterPage', 'Session'];
  const fragmentCount = Math.floor(next() * 5);
  const fragmentType = Array.from({ length: fragmentCount }, () => pick(fragmentTypes));
  let alias = 0;
  const selections = (type: string, depth: number, fromFragment: number): string => {
    const parts: string[] = [];
    const count = 1 + Math.floor(next() * 3);
    for (let i = 0; i < count; i++) {
      const spreadable = fragmentType.map((t, index) => ({ t, index })).filter((f) => f.t === type && f.index > fromFragment);
      if (spreadable.length && next() < 0.4) {
        parts.push(`...F${pick(spreadable).index}`);
        continue;
      }
      // Fields with arguments always get their own alias: the same field with other arguments would not merge.
      const name = alias++ % 4 === 0 ? `x${alias}: ` : '';
      const own = `y${alias}: `;
      const deeper = depth < 3;
      switch (type) {
        case 'Query':
          parts.push(
            pick([
              `${name}provinces { ${deeper ? selections('Province', depth + 1, fromFragment) : 'code'} }`,
              `${own}sessions${pick(['', '(first: 3)', '(first: 20)'])} { ${deeper ? selections('Session', depth + 1, fromFragment) : 'id'} }`,
              `${own}rosterEntries(examSessionId: "x"${pick(['', ', limit: 7', ', limit: 200'])}) { ${deeper ? selections('RosterPage', depth + 1, fromFragment) : 'totalCount'} }`,
              `${name}__typename`,
            ]),
          );
          break;
        case 'Province':
          parts.push(pick([`${name}code`, `${name}name`, `${name}sessions { ${deeper ? selections('Session', depth + 1, fromFragment) : 'id'} }`, `... on Province { ${name}code }`]));
          break;
        case 'Session':
          parts.push(pick([`${name}id`, `${name}title`, `${name}province { ${deeper ? selections('Province', depth + 1, fromFragment) : 'code'} }`]));
          break;
        default:
          parts.push(pick([`${name}totalCount`, `${name}entries { id name }`]));
      }
    }
    return parts.join(' ');
  };
  const body = selections('Query', 1, -1);
  const definitions = fragmentType.map((type, index) => `fragment F${index} on ${type} { ${selections(type, 1, index)} }`);
  // Every fragment must be used: spread the unused ones where their type allows.
  const used = new Set([...`${body} ${definitions.join(' ')}`.matchAll(/\.\.\.F(\d+)/g)].map((m) => Number(m[1])));
  const extra = fragmentType
    .map((type, index) => ({ type, index }))
    .filter(({ index }) => !used.has(index))
    .map(({ type, index }) => (type === 'Query' ? `...F${index}` : type === 'Province' ? `provinces { ...F${index} }` : type === 'Session' ? `sessions { ...F${index} }` : `z${index}: rosterEntries(examSessionId: "y") { ...F${index} }`));
  return `query Random { ${body} ${extra.join(' ')} } ${definitions.join(' ')}`;
}
