import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/**
 * Limits checked on the raw request, before graphql-js parses or validates anything and before the query planner
 * sees it: each check costs one pass over what was sent and stops at the first limit passed.
 */
export interface RequestLimits {
  /** Tokens in the document (its inline argument values included). */
  tokens: number;
  /** Selection-set nesting allowed in the text: the depth limit, doubled for inline fragments, plus the operation's own braces. */
  selectionNesting: number;
  /** Nesting of lists and objects in an argument or variable value. */
  valueDepth: number;
  /** Values (scalars, lists, objects) in all variables together. */
  valueNodes: number;
}

export type RequestLimitCode = 'QUERY_TOO_LARGE' | 'QUERY_TOO_DEEP' | 'VALUE_TOO_DEEP' | 'VALUE_TOO_LARGE';

export interface RequestRefusal {
  code: RequestLimitCode;
  message: string;
}

/** Counts of the work done, for tests and measurements. */
export interface ScanWork {
  visited: number;
}

const refusal = (code: RequestLimitCode, message: string): RequestRefusal => ({ code, message });

/**
 * A token-level scan of a GraphQL document with graphql's own Lexer: counts tokens and the nesting of selection
 * sets and of list/object values, and refuses at the first limit passed. Values appear only inside parentheses
 * (arguments, variable definitions), so a brace is a value's when the innermost open bracket is not a selection
 * set's. A lexical error is left to the parser, which reports it with its position.
 */
export function scanDocument(source: string, limits: RequestLimits, work: ScanWork = { visited: 0 }): RequestRefusal | undefined {
  const lexer = new Lexer(new Source(source));
  // What each open bracket is: a selection set, an argument list, or a list/object value.
  const open: ('selection' | 'arguments' | 'value')[] = [];
  let selections = 0;
  let values = 0;
  let tokens = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      work.visited++;
      if (++tokens > limits.tokens) return refusal('QUERY_TOO_LARGE', `查询过长（超过${limits.tokens}个词法单元）`);
      switch (token.kind) {
        case TokenKind.BRACE_L:
          if (open.length && open[open.length - 1] !== 'selection') {
            open.push('value');
            if (++values > limits.valueDepth) return refusal('VALUE_TOO_DEEP', `参数值嵌套过深（上限${limits.valueDepth}层）`);
          } else {
            open.push('selection');
            if (++selections > limits.selectionNesting) return refusal('QUERY_TOO_DEEP', '查询嵌套层级过深');
          }
          break;
        case TokenKind.BRACKET_L:
          open.push('value');
          if (++values > limits.valueDepth) return refusal('VALUE_TOO_DEEP', `参数值嵌套过深（上限${limits.valueDepth}层）`);
          break;
        case TokenKind.PAREN_L:
          open.push('arguments');
          break;
        case TokenKind.BRACE_R:
        case TokenKind.BRACKET_R:
        case TokenKind.PAREN_R: {
          const closed = open.pop();
          if (closed === 'selection') selections--;
          else if (closed === 'value') values--;
          break;
        }
      }
    }
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
  return undefined;
}

/**
 * Walks JSON values (a request's variables and extensions) without recursion and refuses at the first list or
 * object nested deeper than `valueDepth`, or once more than `valueNodes` values are seen.
 */
export function checkValues(values: unknown[], limits: RequestLimits, work: ScanWork = { visited: 0 }): RequestRefusal | undefined {
  const tooLarge = () => refusal('VALUE_TOO_LARGE', `变量值过大（上限${limits.valueNodes}个值）`);
  let nodes = values.length;
  if (nodes > limits.valueNodes) return tooLarge();
  const pending: [unknown, number][] = values.map((value) => [value, 0]);
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    work.visited++;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > limits.valueDepth) return refusal('VALUE_TOO_DEEP', `变量值嵌套过深（上限${limits.valueDepth}层）`);
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    nodes += children.length;
    if (nodes > limits.valueNodes) return tooLarge();
    for (const child of children) pending.push([child, depth + 1]);
  }
  return undefined;
}

/** The parts of a GraphQL request over HTTP that are checked here: the document, the variables, the extensions. */
export interface RequestParts {
  query?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/** Checks one request (a POST body or a GET's parameters); undefined when it may go on to Apollo Server. */
export function checkRequest(parts: RequestParts, limits: RequestLimits, work: ScanWork = { visited: 0 }): RequestRefusal | undefined {
  if (typeof parts.query === 'string') {
    const refused = scanDocument(parts.query, limits, work);
    if (refused) return refused;
  }
  // A variable's own value counts from its variable: `{ "f": { "a": 1 } }` is one object deep.
  const variables = parts.variables && typeof parts.variables === 'object' && !Array.isArray(parts.variables) ? Object.values(parts.variables) : [parts.variables];
  // A query that is not text is refused by Apollo Server, but only after this walk has bounded it too.
  const query = typeof parts.query === 'string' ? undefined : parts.query;
  return checkValues([...variables, parts.extensions, query].filter((value) => value !== undefined), limits, work);
}

/** A GET request carries variables and extensions as JSON text; what does not parse is left to Apollo Server to refuse. */
export function requestPartsFromQueryString(query: Record<string, unknown>): RequestParts {
  const json = (text: unknown) => {
    if (typeof text !== 'string') return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  return { query: query.query, variables: json(query.variables), extensions: json(query.extensions) };
}
