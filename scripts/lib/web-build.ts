import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const web = path.join(root, 'clients', 'web');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web client when `dist/` is missing or older than its sources; returns whether it built. */
export function buildWebIfStale(log: (message: string) => void = console.log): boolean {
  const built = path.join(web, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(web, p)).filter((p) => fs.existsSync(p));
  if (!sources.length) return false;
  const newest = Math.max(...sources.map((p) => (fs.statSync(p).isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs)));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return false;
  log('Building the web client…');
  const result = spawnSync('npm', ['run', 'build', '--workspace', 'clients/web', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('the web client failed to build (npm run build:web shows why)');
  return true;
}
