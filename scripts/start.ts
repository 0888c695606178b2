/**
 * `npm start`: the whole platform on one address. Runs the three subgraphs and the gateway as supervised child
 * processes (a crashed one is restarted), builds the web client when needed, seeds demonstration data on the first
 * development run, and stops everything cleanly on Ctrl-C.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger, ensureDevelopmentKeys, openSubgraphDatabase, readPlatformConfig } from '@zsb/platform';
import { candidates, createDependencies } from '../subgraphs/candidates/src/subgraph.ts';
import { seedDemo, type DemoCredentials } from '../subgraphs/candidates/src/seed.ts';
import { buildWebIfStale } from './lib/web-build.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const config = readPlatformConfig();
const log = createLogger({ service: 'launcher' });
const say = (text: string) => process.stdout.write(`${text}\n`);

interface Service {
  name: string;
  entry: string;
  child?: ChildProcess;
  restarts: number;
  startedAt: number;
  url?: string;
}

const SERVICES: Service[] = [
  { name: 'candidates', entry: 'subgraphs/candidates/src/index.ts', restarts: 0, startedAt: 0 },
  { name: 'exams', entry: 'subgraphs/exams/src/index.ts', restarts: 0, startedAt: 0 },
  { name: 'payments', entry: 'subgraphs/payments/src/index.ts', restarts: 0, startedAt: 0 },
  { name: 'gateway', entry: 'gateway/src/index.ts', restarts: 0, startedAt: 0 },
];
let stopping = false;

function start(service: Service): Promise<void> {
  return new Promise((resolve, reject) => {
    service.startedAt = Date.now();
    const child = fork(path.join(root, service.entry), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ZSB_DATA_DIR: config.dataDir },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    service.child = child;
    // Children log JSON lines; the launcher keeps warnings and errors on the terminal and the rest in a log file.
    const logFile = fs.createWriteStream(path.join(config.dataDir, 'logs', `${service.name}.log`), { flags: 'a' });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.pipe(logFile, { end: false });
      stream.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (/"level":"(warn|error)"/.test(line)) process.stderr.write(`[${service.name}] ${line}\n`);
      });
    }
    let ready = false;
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type === 'ready') {
        ready = true;
        service.url = message.url;
        resolve();
      }
    });
    child.on('exit', (code, signal) => {
      logFile.end();
      if (stopping) return;
      if (!ready) return reject(new Error(`${service.name} stopped during start-up (exit ${code ?? signal}); see ${path.join(config.dataDir, 'logs', `${service.name}.log`)}`));
      // A service that ran for a minute starts again at once; one that keeps crashing waits longer each time.
      if (Date.now() - service.startedAt > 60_000) service.restarts = 0;
      const delay = Math.min(30_000, 500 * 2 ** service.restarts++);
      log.warn('service stopped unexpectedly; restarting', { service: service.name, exit: code ?? signal, inMs: delay });
      const restart = () => {
        if (stopping) return;
        start(service).catch((error) => {
          // Crashed again before it was ready: keep trying, waiting longer each time.
          log.error('restart failed', { service: service.name, error });
          setTimeout(restart, Math.min(30_000, 500 * 2 ** service.restarts++));
        });
      };
      setTimeout(restart, delay);
    });
  });
}

async function stopAll(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nStopping…');
  // The gateway first, so no request reaches a subgraph that is going away.
  for (const service of [...SERVICES].reverse()) {
    const child = service.child;
    if (!child || child.exitCode !== null) continue;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
  say('Stopped.');
  process.exit(exitCode);
}

async function seedOnFirstRun(): Promise<DemoCredentials[] | undefined> {
  const marker = path.join(config.dataDir, '.demo-seeded');
  if (config.mode !== 'development' || fs.existsSync(marker) || process.env.ZSB_SEED_DEMO === '0') return undefined;
  const orm = await openSubgraphDatabase(candidates.database, config);
  try {
    const credentials = await seedDemo(orm, createDependencies(config), log);
    fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
    return credentials;
  } finally {
    await orm.close();
  }
}

process.once('SIGINT', () => void stopAll());
process.once('SIGTERM', () => void stopAll());

try {
  fs.mkdirSync(path.join(config.dataDir, 'logs'), { recursive: true });
  ensureDevelopmentKeys(config);
  if (process.env.ZSB_SKIP_WEB_BUILD !== '1') buildWebIfStale(say);
  const credentials = await seedOnFirstRun();
  say(`Starting the platform (${config.mode}, data in ${path.relative(root, config.dataDir) || '.'}, ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'})…`);
  await Promise.all(SERVICES.filter((s) => s.name !== 'gateway').map(start));
  await start(SERVICES.find((s) => s.name === 'gateway')!);
  const url = SERVICES.find((s) => s.name === 'gateway')!.url!;
  say('');
  say(`  专升本报名平台 is running at ${url}`);
  say(`  GraphQL API:            ${url}/graphql`);
  say(`  Health / readiness:     ${url}/healthz  ${url}/readyz`);
  if (config.mode !== 'production') say(`  SMS outbox (dev only):  ${url}/dev/sms   or  npm run sms:outbox`);
  if (credentials) {
    say('');
    say('  Demonstration data was created (first run): the sample Shandong roster (20 candidates) and these staff');
    say('  accounts. The passwords are shown only this once:');
    for (const c of credentials) say(`    ${c.username.padEnd(18)} ${c.role.padEnd(18)} ${(c.province ?? '').padEnd(6)} ${c.password}`);
  }
  say('');
  say('  Press Ctrl-C to stop.');
} catch (error) {
  log.error('start-up failed', { error });
  await stopAll(1);
}
