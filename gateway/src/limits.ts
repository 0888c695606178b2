import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** What a list field is assumed to return when its size is not bounded by a `limit`/`first` argument. */
const DEFAULT_LIST_SIZE = 10;

function limitError(message: string, code: string): GraphQLError {
  // Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED; `limit` keeps the specific code.
  return new GraphQLError(message, { extensions: { code, limit: code } });
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  visiting: Set<string>;
}

function fieldsOf(type: GraphQLNamedType | undefined): Record<string, GraphQLField<unknown, unknown>> {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
}

/** A page size given by a variable is not known while validating; it counts as a large page. */
const VARIABLE_PAGE_SIZE = 100;

/** The page size a field asks for with a `limit` or `first` argument, if any. */
function requestedSize(node: FieldNode): number | undefined {
  const arg = node.arguments?.find((a) => a.name.value === 'limit' || a.name.value === 'first');
  if (!arg) return undefined;
  return arg.value.kind === Kind.INT ? Math.max(1, Number(arg.value.value)) : VARIABLE_PAGE_SIZE;
}

/**
 * Depth and cost of a selection set: cost counts every field, multiplied by the sizes of the lists around it. A list
 * is as long as its own `limit`/`first`, or as the page size asked by the page object holding it
 * (`rosterEntries(limit: 50) { entries { ... } }`), or else DEFAULT_LIST_SIZE.
 */
function measure(
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  walk: Walk,
  multiplier: number,
  depth: number,
  pageSize?: number,
): { depth: number; cost: number; aliases: number } {
  let maxDepth = depth;
  let cost = 0;
  let aliases = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) aliases++;
      if (selection.name.value.startsWith('__')) continue;
      const field = fieldsOf(parent)[selection.name.value];
      const isList = field ? isListType(getNullableType(field.type)) : false;
      const asked = requestedSize(selection);
      const inner = isList ? multiplier * (asked ?? pageSize ?? DEFAULT_LIST_SIZE) : multiplier;
      cost += multiplier;
      if (selection.selectionSet) {
        const sub = measure(selection.selectionSet, field ? getNamedType(field.type) : undefined, walk, inner, depth + 1, isList ? undefined : asked);
        maxDepth = Math.max(maxDepth, sub.depth);
        cost += sub.cost;
        aliases += sub.aliases;
      }
    } else {
      let set: SelectionSetNode | undefined;
      let typeName: string | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        set = selection.selectionSet;
        typeName = selection.typeCondition?.name.value;
      } else {
        const name = selection.name.value;
        if (walk.visiting.has(name)) continue; // cycles are reported by the standard NoFragmentCycles rule
        const fragment = walk.fragments[name];
        if (!fragment) continue;
        walk.visiting.add(name);
        set = fragment.selectionSet;
        typeName = fragment.typeCondition.name.value;
      }
      const sub = measure(set, (typeName && walk.schema.getType(typeName)) || parent, walk, multiplier, depth, pageSize);
      if (selection.kind === Kind.FRAGMENT_SPREAD) walk.visiting.delete(selection.name.value);
      maxDepth = Math.max(maxDepth, sub.depth);
      cost += sub.cost;
      aliases += sub.aliases;
    }
  }
  return { depth: maxDepth, cost, aliases };
}

/**
 * Refuses operations deeper than `maxDepth`, with more than `maxAliases` aliases, or whose estimated cost
 * exceeds `maxCost`, before anything is planned or fetched.
 */
export function operationLimits(limits: { depth: number; aliases: number; cost: number }) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    return {
      OperationDefinition(operation) {
        const schema = context.getSchema();
        const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const result = measure(operation.selectionSet, root ?? undefined, { schema, fragments, visiting: new Set() }, 1, 1);
        if (result.depth > limits.depth) context.reportError(limitError(`查询嵌套层级过深（${result.depth}层，上限${limits.depth}层）`, 'QUERY_TOO_DEEP'));
        if (result.aliases > limits.aliases) context.reportError(limitError(`查询别名过多（${result.aliases}个，上限${limits.aliases}个）`, 'TOO_MANY_ALIASES'));
        if (result.cost > limits.cost) context.reportError(limitError(`查询代价过高（估算${result.cost}，上限${limits.cost}）`, 'QUERY_TOO_COSTLY'));
      },
    };
  };
}
