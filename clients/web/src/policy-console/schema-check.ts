import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/**
 * Checks a rule file as staff type it, with the JSON Schemas the server validates with (`ruleFileSchemas`): the JSON's
 * syntax first (line and column), then the schema, each problem at its JSON Pointer with its line and column. The
 * server checks the same and more (the checks of meaning) when the draft is saved. @cfworker/json-schema interprets
 * the schemas (no code generated at run time, so the content security policy's `script-src 'self'` holds).
 */

/** What kind of problem, for the words the console shows (`schema.<code>` in messages.ts). */
export type ProblemCode = 'syntax' | 'required' | 'type' | 'minimum' | 'maximum' | 'enum' | 'const' | 'format' | 'pattern' | 'additional' | 'length' | 'other';

export interface EditorProblem {
  /** JSON Pointer inside the file ('' for the whole file). */
  path: string;
  line: number;
  column: number;
  code: ProblemCode;
  /** The specifics: the property, the value allowed, the format… as the validator says them. */
  detail: string;
}

/** Keywords that only say a sub-schema failed: the failure itself is reported deeper. */
const CONTAINERS = new Set(['properties', 'items', 'prefixItems', '$ref', '$dynamicRef', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'dependentSchemas', 'unevaluatedProperties', 'contains']);

const CODES: Record<string, ProblemCode> = {
  required: 'required',
  type: 'type',
  minimum: 'minimum',
  exclusiveMinimum: 'minimum',
  maximum: 'maximum',
  exclusiveMaximum: 'maximum',
  enum: 'enum',
  const: 'const',
  format: 'format',
  pattern: 'pattern',
  propertyNames: 'pattern',
  additionalProperties: 'additional',
  minItems: 'length',
  maxItems: 'length',
  minLength: 'length',
  maxLength: 'length',
};

/** `#/feeItems/items/0` → `/feeItems/items/0`, and its segments. */
function pointerOf(location: string): { pointer: string; segments: (string | number)[] } {
  const pointer = location.replace(/^#/, '');
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return { pointer, segments };
}

/** Line and column (from 1) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function quoted(message: string): string[] {
  return [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

/** The specifics of a validator's message, short. */
function detailOf(unit: OutputUnit, code: ProblemCode): string {
  const words = quoted(unit.error);
  switch (code) {
    case 'required':
    case 'additional':
      return words[0] ? `"${words[0]}"` : unit.error;
    case 'type':
      return words.length >= 2 ? `${words[0]} → ${words[1]}` : unit.error;
    case 'format':
    case 'pattern':
      return words.at(-1) ?? unit.error;
    default:
      return unit.error.replace(/\.$/, '');
  }
}

export class SchemaChecker {
  private readonly validators = new Map<string, Validator>();

  private readonly schemas: readonly { file: string; schema: Record<string, unknown> }[];

  /** The validator annotates the schemas it is given, so it gets its own copies (not the query's read-only data). */
  constructor(schemas: readonly { file: string; schema: Record<string, unknown> }[]) {
    this.schemas = schemas.map((s) => ({ file: s.file, schema: JSON.parse(JSON.stringify(s.schema)) as Record<string, unknown> }));
  }

  private validator(schemaFile: string): Validator | undefined {
    const known = this.validators.get(schemaFile);
    if (known) return known;
    const main = this.schemas.find((s) => s.file === schemaFile);
    if (!main) return undefined;
    const validator = new Validator(main.schema as Schema, '2020-12', false);
    for (const other of this.schemas) if (other !== main) validator.addSchema(other.schema as Schema);
    this.validators.set(schemaFile, validator);
    return validator;
  }

  /** Every problem of one file's text against its schema, in the order they appear in the text. */
  check(text: string, schemaFile: string): EditorProblem[] {
    const syntax: ParseError[] = [];
    const root = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    if (syntax.length || !root) {
      const first = syntax[0];
      const at = lineColumn(text, first?.offset ?? 0);
      return [{ path: '', ...at, code: 'syntax', detail: first ? printParseErrorCode(first.error) : 'empty' }];
    }
    const validator = this.validator(schemaFile);
    if (!validator) return [];
    const result = validator.validate(getNodeValue(root));
    if (result.valid) return [];
    const leaves = result.errors.filter((unit) => !CONTAINERS.has(unit.keyword) && !(unit.keyword === 'additionalProperties' && hasDeeper(unit, result.errors)));
    const seen = new Set<string>();
    const problems: (EditorProblem & { offset: number })[] = [];
    for (const unit of leaves) {
      const code = CODES[unit.keyword] ?? 'other';
      const { pointer, segments } = pointerOf(unit.instanceLocation);
      let node: Node | undefined = findNodeAtLocation(root, segments);
      let path = pointer;
      if (code === 'additional') {
        // The unknown property itself, not the object holding it.
        const name = quoted(unit.error)[0];
        const inner = name !== undefined ? findNodeAtLocation(root, [...segments, name]) : undefined;
        if (inner?.parent) {
          node = inner.parent;
          path = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        }
      }
      const detail = detailOf(unit, code);
      const key = `${path}\n${code}\n${detail}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const offset = node?.offset ?? 0;
      problems.push({ path, ...lineColumn(text, offset), code, detail, offset });
    }
    return problems.sort((a, b) => a.offset - b.offset).map(({ offset: _offset, ...problem }) => problem);
  }
}

/** An `additionalProperties` unit whose sub-schema failed deeper (reported there), rather than a property not allowed. */
function hasDeeper(unit: OutputUnit, all: readonly OutputUnit[]): boolean {
  return all.some((other) => other !== unit && other.instanceLocation.startsWith(`${unit.instanceLocation}/`) && other.keywordLocation.startsWith(unit.keywordLocation));
}
