import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type ValidationContext,
} from 'graphql';

/** What a list field is assumed to return when its size is not bounded by a `limit`/`first` argument. */
const DEFAULT_LIST_SIZE = 10;

/** A page size given by a variable is not known while validating; it counts as a large page. */
const VARIABLE_PAGE_SIZE = 100;

export interface OperationLimits {
  depth: number;
  aliases: number;
  cost: number;
}

export type LimitCode = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'QUERY_TOO_COSTLY';

/**
 * Depth, aliases and cost of a selection set, relative to where it starts. Cost is linear in the page size asked
 * by the page object around it (`rosterEntries(limit: 50) { entries { ... } }`), so it is kept as
 * `fixed + perPage × pageSize`: a fragment is then measured once, whatever page it is spread in.
 */
interface Totals {
  depth: number;
  aliases: number;
  fixed: number;
  perPage: number;
}

/** The walk stops at the first limit passed, with what it had counted by then. */
class LimitPassed {
  constructor(
    readonly code: LimitCode,
    readonly value: number,
  ) {}
}

function fieldsOf(type: GraphQLNamedType | undefined): Record<string, GraphQLField<unknown, unknown>> {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
}

/** The page size a field asks for with a `limit` or `first` argument, if any. */
function requestedSize(node: FieldNode): number | undefined {
  const arg = node.arguments?.find((a) => a.name.value === 'limit' || a.name.value === 'first');
  if (!arg) return undefined;
  return arg.value.kind === Kind.INT ? Math.max(1, Number(arg.value.value)) : VARIABLE_PAGE_SIZE;
}

const costAt = (totals: Totals, pageSize: number) => totals.fixed + totals.perPage * pageSize;

export interface Measurement {
  depth: number;
  aliases: number;
  cost: number;
  /** The first limit passed; the other figures are then what was counted when the walk stopped. */
  exceeded?: LimitCode;
  /** Selections and argument values the walk looked at: bounded by the document's size, however its fragments are spread. */
  visited: number;
}

/**
 * Measures operations against limits, each fragment once. Cost counts every field (`__typename` and
 * introspection fields too), multiplied by the sizes of the lists around it: a list is as long as its own
 * `limit`/`first`, or as the page size asked by the page object holding it, or else DEFAULT_LIST_SIZE. A field's
 * argument literals add their weight (see `valueWeight`).
 */
export class OperationMeter {
  private readonly memo = new Map<string, Totals>();
  private readonly visiting = new Set<string>();
  visited = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly limits: OperationLimits,
  ) {}

  static forDocument(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): OperationMeter {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    return new OperationMeter(schema, fragments, limits);
  }

  measure(operation: OperationDefinitionNode): Measurement {
    const root = operation.operation === 'query' ? this.schema.getQueryType() : operation.operation === 'mutation' ? this.schema.getMutationType() : this.schema.getSubscriptionType();
    try {
      const totals = this.selectionSet(operation.selectionSet, root ?? undefined);
      const cost = costAt(totals, DEFAULT_LIST_SIZE);
      if (cost > this.limits.cost) throw new LimitPassed('QUERY_TOO_COSTLY', cost);
      return { depth: totals.depth, aliases: totals.aliases, cost, visited: this.visited };
    } catch (error) {
      if (!(error instanceof LimitPassed)) throw error;
      return {
        depth: error.code === 'QUERY_TOO_DEEP' ? error.value : 0,
        aliases: error.code === 'TOO_MANY_ALIASES' ? error.value : 0,
        cost: error.code === 'QUERY_TOO_COSTLY' ? error.value : 0,
        exceeded: error.code,
        visited: this.visited,
      };
    }
  }

  /** Every partial sum is a lower bound of the whole (multipliers are at least 1), so passing a limit here is final. */
  private check(totals: Totals): void {
    if (totals.depth > this.limits.depth) throw new LimitPassed('QUERY_TOO_DEEP', totals.depth);
    if (totals.aliases > this.limits.aliases) throw new LimitPassed('TOO_MANY_ALIASES', totals.aliases);
    const least = totals.fixed + totals.perPage;
    if (least > this.limits.cost) throw new LimitPassed('QUERY_TOO_COSTLY', least);
  }

  private selectionSet(set: SelectionSetNode, parent: GraphQLNamedType | undefined): Totals {
    const totals: Totals = { depth: 0, aliases: 0, fixed: 0, perPage: 0 };
    for (const selection of set.selections) {
      this.visited++;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) totals.aliases++;
        const field = fieldsOf(parent)[selection.name.value];
        const introspection = selection.name.value.startsWith('__');
        const isList = field && !introspection ? isListType(getNullableType(field.type)) : false;
        const asked = requestedSize(selection);
        totals.fixed += 1 + this.argumentsWeight(selection);
        let depth = 1;
        if (selection.selectionSet) {
          const type = field ? getNamedType(field.type) : undefined;
          const sub = this.selectionSet(selection.selectionSet, type);
          depth += sub.depth;
          totals.aliases += sub.aliases;
          // Introspection is answered from the schema: its lists are as long as the schema, not multiplied.
          if (introspection) totals.fixed += costAt(sub, 1);
          else if (!isList) totals.fixed += costAt(sub, asked ?? DEFAULT_LIST_SIZE);
          else if (asked !== undefined) totals.fixed += asked * costAt(sub, DEFAULT_LIST_SIZE);
          else totals.perPage += costAt(sub, DEFAULT_LIST_SIZE);
        }
        totals.depth = Math.max(totals.depth, depth);
      } else {
        const sub = selection.kind === Kind.INLINE_FRAGMENT ? this.selectionSet(selection.selectionSet, this.typeOf(selection.typeCondition?.name.value) ?? parent) : this.fragment(selection.name.value);
        if (!sub) continue;
        totals.depth = Math.max(totals.depth, sub.depth);
        totals.aliases += sub.aliases;
        totals.fixed += sub.fixed;
        totals.perPage += sub.perPage;
      }
      this.check(totals);
    }
    return totals;
  }

  /** A fragment's totals, measured at its first spread and reused at every other. */
  private fragment(name: string): Totals | undefined {
    const known = this.memo.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown fragments and cycles are reported by the standard rules (KnownFragmentNames, NoFragmentCycles).
    if (!definition || this.visiting.has(name)) return undefined;
    this.visiting.add(name);
    const totals = this.selectionSet(definition.selectionSet, this.typeOf(definition.typeCondition.name.value));
    this.visiting.delete(name);
    this.memo.set(name, totals);
    return totals;
  }

  private typeOf(name: string | undefined): GraphQLNamedType | undefined {
    return name ? this.schema.getType(name) : undefined;
  }

  private argumentsWeight(field: FieldNode): number {
    let weight = 0;
    for (const argument of field.arguments ?? []) weight += valueWeight(argument.value, this.limits.cost, this);
    for (const directive of field.directives ?? []) for (const argument of directive.arguments ?? []) weight += valueWeight(argument.value, this.limits.cost, this);
    return weight;
  }
}

/**
 * The work a literal value costs: 0 for a plain scalar argument; otherwise every list, object and item inside counts
 * 2^(lists around it), because the federation query planner walks a list's items once per enclosing list (a list
 * nested 24 deep took it seconds). Stops counting once past `cap`.
 */
export function valueWeight(value: ValueNode, cap: number, work = { visited: 0 }): number {
  if (value.kind !== Kind.LIST && value.kind !== Kind.OBJECT) return 0;
  let weight = 0;
  const pending: [ValueNode, number][] = [[value, 0]];
  while (pending.length && weight <= cap) {
    const [node, lists] = pending.pop()!;
    work.visited++;
    weight += lists > 30 ? cap + 1 : 2 ** lists;
    if (node.kind === Kind.LIST) for (const item of node.values) pending.push([item, lists + 1]);
    else if (node.kind === Kind.OBJECT) for (const field of node.fields) pending.push([field.value, lists]);
  }
  return weight;
}

function limitError(message: string, code: LimitCode): GraphQLError {
  // Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED; `limit` keeps the specific code.
  return new GraphQLError(message, { extensions: { code, limit: code } });
}

const MESSAGES: Record<LimitCode, (value: number, limits: OperationLimits) => string> = {
  QUERY_TOO_DEEP: (value, limits) => `查询嵌套层级过深（至少${value}层，上限${limits.depth}层）`,
  TOO_MANY_ALIASES: (value, limits) => `查询别名过多（至少${value}个，上限${limits.aliases}个）`,
  QUERY_TOO_COSTLY: (value, limits) => `查询代价过高（估算至少${value}，上限${limits.cost}）`,
};

/**
 * Refuses operations deeper than `depth`, with more than `aliases` aliases, or whose estimated cost exceeds `cost`,
 * before anything is planned or fetched. Each fragment is measured once, and the walk stops at the first limit
 * passed, so the work is bounded by the document's size however its fragments fan out.
 */
export function operationLimits(limits: OperationLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const meter = OperationMeter.forDocument(context.getSchema(), context.getDocument(), limits);
    return {
      OperationDefinition(operation) {
        const result = meter.measure(operation);
        if (result.exceeded) context.reportError(limitError(MESSAGES[result.exceeded](result[result.exceeded === 'QUERY_TOO_DEEP' ? 'depth' : result.exceeded === 'TOO_MANY_ALIASES' ? 'aliases' : 'cost'], limits), result.exceeded));
      },
    };
  };
}
