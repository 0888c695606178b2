/**
 * The web client's initial JavaScript, gzipped: the entry script of `clients/web/dist/index.html` and the chunks it
 * preloads (what a phone downloads before the first screen; each feature's routes load later). Printed after every
 * build; fails above the budget, because candidates register on weak mobile networks.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 100 * 1024;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The scripts a first visit loads, as the built page names them, with their gzipped sizes. */
export function initialScripts(dist: string): { file: string; gzipBytes: number }[] {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) sources.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) sources.add(match[1]);
  return [...sources].map((source) => {
    const file = path.join(dist, source.replace(/^\//, ''));
    return { file: path.relative(dist, file), gzipBytes: zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.join(root, 'clients', 'web', 'dist');
  const scripts = initialScripts(dist);
  const total = scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const script of scripts) console.log(`  ${script.file}  ${kb(script.gzipBytes)} gzipped`);
  console.log(`Initial JavaScript: ${kb(total)} gzipped (budget ${kb(INITIAL_JS_BUDGET_BYTES)})`);
  if (!scripts.length) {
    console.error('No entry script found in dist/index.html');
    process.exit(1);
  }
  if (total > INITIAL_JS_BUDGET_BYTES) {
    console.error(`Over budget by ${kb(total - INITIAL_JS_BUDGET_BYTES)}: load more of it lazily.`);
    process.exit(1);
  }
}
