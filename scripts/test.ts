/**
 * `npm test`: every test of every workspace. Unit and web-client tests, the API tests (real gateway and subgraphs
 * over HTTP, on SQLite and, when reachable, PostgreSQL), and the browser tests (Debian's chromium driven by
 * playwright-core). Extra arguments go to vitest (e.g. `npm test -- --project api`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { readTestSettings } from '../test/support/settings.ts';
import { buildWebIfStale } from './lib/web-build.ts';
import { SKIMAGE_DATA } from '../subgraphs/candidates/src/modules/photo-check/labelled-set.ts';

const settings = readTestSettings();
export const CHROMIUM = settings.ZSB_CHROMIUM;
const args = process.argv.slice(2);
const projects = ['unit', 'web', 'api', 'browser'];

if (!fs.existsSync(CHROMIUM)) {
  if (settings.CI || settings.ZSB_REQUIRE_BROWSER) {
    console.error(`Browser tests need chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk).`);
    process.exit(1);
  }
  console.warn(`\n!! chromium not found at ${CHROMIUM}: the browser tests are left out. Install it with\n!!   apt-get update && apt-get install -y chromium fonts-noto-cjk\n`);
  projects.splice(projects.indexOf('browser'), 1);
}
// The photo checks are tested on images built from Debian's python3-skimage samples (and face-api's demo photos).
const photoTests = ['subgraphs/candidates/src/modules/photo-check/face-analyser.test.ts', 'test/api/uploads-photos.test.ts', 'test/browser/registration.browser.test.ts'];
const excluded: string[] = [];
if (!fs.existsSync(SKIMAGE_DATA)) {
  if (settings.CI || settings.ZSB_REQUIRE_BROWSER) {
    console.error(`The photo-check tests need Debian's python3-skimage images in ${SKIMAGE_DATA} (apt-get install -y python3-skimage).`);
    process.exit(1);
  }
  console.warn(`\n!! python3-skimage's images not found in ${SKIMAGE_DATA}: the tests on real faces (photo checks, the registration walk in the browser) are left out. Install them with\n!!   apt-get install -y python3-skimage\n`);
  excluded.push(...photoTests.flatMap((file) => ['--exclude', file]));
}
buildWebIfStale();
const selected = args.some((a) => a.startsWith('--project')) ? [] : projects.flatMap((p) => ['--project', p]);
const result = spawnSync('npx', ['vitest', 'run', ...selected, ...excluded, ...args], { stdio: 'inherit', env: process.env });
process.exit(result.status ?? 1);
