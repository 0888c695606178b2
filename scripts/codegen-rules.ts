/**
 * Generates the TypeScript types of the rule files, `rules/src/generated/rule-files.ts`, from their JSON Schemas
 * (`rules/schema/*.schema.json`, the authority on the format) with json-schema-to-typescript: each schema's `title`
 * names its type. With `--check`, writes nothing and fails when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compile } from 'json-schema-to-typescript';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const schemaDir = path.join(root, 'rules', 'schema');
const committed = path.join(root, 'rules', 'src', 'generated', 'rule-files.ts');
const ID_BASE = 'https://zsb.example/rules/';

/** The schemas of the rule files, read from disk where their `$id`s point (nothing is fetched). */
const schemaFiles = fs.readdirSync(schemaDir).filter((name) => name.endsWith('.schema.json')).sort();
const local = {
  order: 1,
  canRead: (file: { url: string }) => file.url.startsWith(ID_BASE),
  read: (file: { url: string }) => fs.readFileSync(path.join(schemaDir, file.url.slice(ID_BASE.length).split('#')[0]), 'utf8'),
};

// One schema naming every file's schema, so that a definition shared by several files is declared once.
const files = schemaFiles.filter((name) => name !== 'common.schema.json');
const all = {
  $id: `${ID_BASE}rule-files.schema.json`,
  title: 'RuleFiles',
  description: 'Every kind of rule file, by its schema.',
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(files.map((name) => [name.replace('.schema.json', ''), { $ref: name }])),
};

const banner = [
  '/**',
  ' * The rule files\' TypeScript types, generated from rules/schema/*.schema.json by json-schema-to-typescript.',
  ' * Do not edit: change the schema and run `npm run codegen:rules` (`npm run check:rules-types` fails when stale).',
  ' */',
].join('\n');

const text = await compile(all as never, 'RuleFiles', {
  bannerComment: banner,
  cwd: schemaDir,
  // An object the schema leaves open (an event's params, a case's facts) is a record of unknown values.
  additionalProperties: true,
  declareExternallyReferenced: true,
  enableConstEnums: false,
  strictIndexSignatures: false,
  unreachableDefinitions: false,
  ignoreMinAndMaxItems: true,
  format: true,
  style: { printWidth: 140, singleQuote: true },
  $refOptions: { resolve: { zsb: local } } as never,
});

if (!values.check) {
  fs.mkdirSync(path.dirname(committed), { recursive: true });
  fs.writeFileSync(committed, text);
  console.log(`Wrote ${path.relative(root, committed)}`);
} else if (!fs.existsSync(committed) || fs.readFileSync(committed, 'utf8') !== text) {
  console.error(`${path.relative(root, committed)} is stale: run \`npm run codegen:rules\` and commit it.`);
  process.exit(1);
} else {
  console.log('The rule files\' types match rules/schema.');
}
