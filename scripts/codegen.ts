/**
 * Generates the web client's typed-document schema, `clients/web/src/graphql/graphql-env.d.ts`, from
 * `gateway/supergraph.graphql` with gql.tada (the client's documents are typed from it). With `--check`, writes
 * nothing and fails when the committed file is stale.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const web = path.join(root, 'clients', 'web');
const committed = path.join(web, 'src', 'graphql', 'graphql-env.d.ts');
const output = values.check ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-codegen-')), 'graphql-env.d.ts') : committed;

const cli = path.join(root, 'node_modules', '.bin', 'gql-tada');
const run = spawnSync(cli, ['generate', 'output', '--tsconfig', path.join(web, 'tsconfig.json'), '--output', output], { cwd: web, encoding: 'utf8' });
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}
if (!values.check) {
  console.log(`Wrote ${path.relative(root, committed)}`);
  process.exit(0);
}
const fresh = fs.readFileSync(output, 'utf8');
fs.rmSync(path.dirname(output), { recursive: true, force: true });
if (!fs.existsSync(committed) || fs.readFileSync(committed, 'utf8') !== fresh) {
  console.error(`${path.relative(root, committed)} is stale: run \`npm run codegen\` and commit it.`);
  process.exit(1);
}
console.log('The web client\'s typed documents match gateway/supergraph.graphql.');
