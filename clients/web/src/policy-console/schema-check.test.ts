import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lineColumn, SchemaChecker } from './schema-check.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const schemaDir = path.join(root, 'rules', 'schema');
const schemas = fs.readdirSync(schemaDir).map((file) => ({ file, schema: JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')) as Record<string, unknown> }));
const parameters = fs.readFileSync(path.join(root, 'rules', 'provinces', 'CN-SD', '2023', 'parameters.json'), 'utf8');
const checker = new SchemaChecker(schemas);

describe('checking a rule file as it is typed', () => {
  it('a published file passes its schema', () => {
    expect(checker.check(parameters, 'parameters.schema.json')).toEqual([]);
  });

  it('a syntax error gives its line and column', () => {
    const [problem] = checker.check('{\n  "timeZone": "Asia/Shanghai",\n}', 'parameters.schema.json');
    expect(problem).toMatchObject({ code: 'syntax', line: 3, column: 1 });
  });

  it('a schema error names the JSON Pointer, the line of the value, and what is wrong', () => {
    const data = JSON.parse(parameters) as { feeItems: { items: { amountFen: unknown }[] } };
    data.feeItems.items[0].amountFen = -1;
    const text = JSON.stringify(data, null, 2);
    const problems = checker.check(text, 'parameters.schema.json');
    expect(problems).toContainEqual(expect.objectContaining({ path: '/feeItems/items/0/amountFen', code: 'minimum' }));
    const fee = problems.find((p) => p.path === '/feeItems/items/0/amountFen')!;
    expect(text.split('\n')[fee.line - 1]).toContain('"amountFen": -1');
  });

  it('an unknown property is pointed at itself, and a missing one is named', () => {
    const data = JSON.parse(parameters) as Record<string, unknown>;
    data.feeItemz = {};
    delete data.timeZone;
    const text = JSON.stringify(data, null, 2);
    const problems = checker.check(text, 'parameters.schema.json');
    expect(problems).toContainEqual(expect.objectContaining({ path: '/feeItemz', code: 'additional', detail: '"feeItemz"' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: '', code: 'required', detail: '"timeZone"' }));
    expect(text.split('\n')[problems.find((p) => p.code === 'additional')!.line - 1]).toContain('"feeItemz"');
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
