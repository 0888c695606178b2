/**
 * `npm run attack:gateway`: sends the small requests of scripts/lib/gateway-attacks.ts (lists nested in a JSON
 * argument, fragment fan-out, deep variables, parser stack overflows, malformed bodies) to a gateway running as its
 * own process, as in `npm start`, and prints for each: the answer (status and code), how long the answer took, the
 * CPU the gateway spent, the slowest `/healthz` answer meanwhile, and the error log lines (and stacks) it wrote.
 * Loopback only; every attack is bounded by --timeout, the whole run by --budget.
 *   --timeout S   seconds to wait for one answer (default 20); a gateway still busy after it is restarted
 *   --budget S    seconds for the whole run (default 600)
 *   --only A,B    run only the attacks whose names start with one of these
 *   --json FILE   also write the results as JSON
 *   --entry FILE  the gateway entry to start (default gateway/src/index.ts), e.g. an older tree's, to compare
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevelopmentKeys, type PlatformConfig } from '@zsb/platform';
import { GATEWAY_ATTACKS, type GatewayAttack } from './lib/gateway-attacks.ts';

const { values } = parseArgs({
  options: { timeout: { type: 'string', default: '20' }, budget: { type: 'string', default: '600' }, only: { type: 'string' }, json: { type: 'string' }, entry: { type: 'string', default: 'gateway/src/index.ts' } },
});
const TIMEOUT_MS = Number(values.timeout) * 1000;
const DEADLINE = performance.now() + Number(values.budget) * 1000;
const ONLY = values.only?.split(',').filter(Boolean);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-attack-'));
const config: PlatformConfig = { mode: 'development', dataDir };
const env: NodeJS.ProcessEnv = { ...process.env, ZSB_MODE: 'development', ZSB_DATA_DIR: dataDir, DATABASE_URL: '', ZSB_LOG: '', ZSB_HOST: '127.0.0.1', ZSB_WEB_ROOT: path.join(dataDir, 'no-web') };

const post = (body: unknown): GatewayAttack['request'] => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const children = new Map<string, ChildProcess>();
let gatewayLog = '';

function start(name: string, entry: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(path.resolve(root, entry), [], { cwd: root, env: { ...env, ...extraEnv }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    children.set(name, child);
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => name === 'gateway' && (gatewayLog += chunk.toString()));
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message.url!);
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

/** CPU milliseconds a process has used, from /proc. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Answer {
  status?: number;
  code?: string;
  message?: string;
  ms: number;
  timedOut: boolean;
}

/** One request on a fresh connection, bounded by `timeoutMs`. */
function send(origin: URL, request: GatewayAttack['request'], timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
    const req = http.request(
      { host: origin.hostname, port: origin.port, path: request.path ?? '/graphql', method: request.method ?? 'POST', agent: false, headers: { ...request.headers, ...(body ? { 'content-length': body.length } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString();
          let code: string | undefined;
          let message: string | undefined;
          try {
            const parsed = JSON.parse(text) as { errors?: { message?: string; extensions?: { code?: string } }[] };
            code = parsed.errors?.[0]?.extensions?.code ?? (parsed.errors ? undefined : 'ok');
            message = parsed.errors?.[0]?.message;
          } catch {
            message = text.slice(0, 80);
          }
          resolve({ status: res.statusCode, code, message, ms: performance.now() - started, timedOut: false });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ ms: performance.now() - started, timedOut: true });
    }, timeoutMs);
    req.on('error', () => undefined);
    req.end(body);
  });
}

/** Asks /healthz again and again until `done` settles; the slowest answer (a probe never answered counts as long as it waited). */
async function probeHealth(origin: URL, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.then(() => (finished = true));
  let maxMs = 0;
  while (!finished) {
    const started = performance.now();
    const probe = send(origin, { method: 'GET', path: '/healthz' }, TIMEOUT_MS + 2000);
    await Promise.race([probe, done]);
    // The attack was answered while a probe waited: the probe answers next, unless the gateway is still busy.
    const answer = await Promise.race([probe, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000))]);
    maxMs = Math.max(maxMs, answer && !answer.timedOut ? answer.ms : performance.now() - started);
    if (!finished) await new Promise((r) => setTimeout(r, 50));
  }
  return maxMs;
}

interface Result extends Answer {
  attack: string;
  bytes: number;
  gatewayCpuMs: number;
  healthzMaxMs: number;
  errorLogLines: number;
  stacksLogged: number;
  asExpected?: boolean;
}

let gatewayUrl = new URL('http://127.0.0.1');

async function startGateway(subgraphUrls: Record<string, string>): Promise<void> {
  gatewayUrl = new URL(await start('gateway', values.entry, { PORT: '0', CANDIDATES_URL: subgraphUrls.candidates, EXAMS_URL: subgraphUrls.exams, PAYMENTS_URL: subgraphUrls.payments }));
}

// Ctrl-C must not leave a busy gateway behind.
process.once('SIGINT', () => {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(130);
});

try {
  ensureDevelopmentKeys(config);
  const subgraphUrls: Record<string, string> = {};
  for (const name of ['candidates', 'exams', 'payments']) subgraphUrls[name] = await start(name, `subgraphs/${name}/src/index.ts`, { [`${name.toUpperCase()}_PORT`]: '0' });
  await startGateway(subgraphUrls);
  await send(gatewayUrl, post({ query: '{ provinces { code } }' }), 10_000); // warm-up
  console.log(`gateway ${gatewayUrl.origin}; ${os.cpus().length} cores; timeout ${TIMEOUT_MS / 1000} s per attack`);
  console.log(`${'attack'.padEnd(31)}${'bytes'.padStart(8)}  ${'status'.padEnd(6)} ${'code'.padEnd(28)}${'answer ms'.padStart(10)}${'gw CPU ms'.padStart(10)}${'healthz max ms'.padStart(16)}  error logs (stacks)`);
  const results: Result[] = [];
  for (const attack of GATEWAY_ATTACKS) {
    if (ONLY && !ONLY.some((prefix) => attack.name.startsWith(prefix))) continue;
    if (performance.now() + TIMEOUT_MS > DEADLINE) {
      console.log(`${attack.name}: skipped, the --budget would be exceeded`);
      continue;
    }
    const logBefore = gatewayLog.length;
    const cpuBefore = cpuMs(children.get('gateway')!.pid);
    const answer = send(gatewayUrl, attack.request, TIMEOUT_MS);
    const health = probeHealth(gatewayUrl, answer);
    const result = await answer;
    const maxMs = await health;
    const cpu = cpuMs(children.get('gateway')!.pid) - cpuBefore;
    await new Promise((r) => setTimeout(r, 100)); // let the gateway's log lines arrive
    const logged = gatewayLog.slice(logBefore).split('\n').filter((line) => line.includes('"level":"error"'));
    // What was sent: the body, or the URL of a GET.
    const bytes = typeof attack.request.body === 'string' ? Buffer.byteLength(attack.request.body) : (attack.request.body?.length ?? Buffer.byteLength(attack.request.path ?? ''));
    const row: Result = { attack: attack.name, bytes, ...result, gatewayCpuMs: Math.round(cpu), healthzMaxMs: Math.round(maxMs), errorLogLines: logged.length, stacksLogged: logged.filter((l) => l.includes('"stack"')).length };
    results.push(row);
    const answerMs = result.timedOut ? `>${TIMEOUT_MS}` : result.ms.toFixed(0);
    const asExpected = result.status === attack.expected.status && result.code === attack.expected.code;
    row.asExpected = asExpected;
    console.log(`${attack.name.padEnd(31)}${String(bytes).padStart(8)}  ${String(result.status ?? '-').padEnd(6)} ${(result.code ?? (result.timedOut ? 'no answer' : '-')).slice(0, 27).padEnd(28)}${answerMs.padStart(10)}${String(row.gatewayCpuMs).padStart(10)}${String(row.healthzMaxMs).padStart(16)}  ${row.errorLogLines} (${row.stacksLogged})${asExpected ? '' : `   expected ${attack.expected.status} ${attack.expected.code}`}`);
    if (result.message && result.code !== 'ok') console.log(`${''.padEnd(31)}${result.message.slice(0, 110)}`);
    if (result.timedOut) {
      // Still busy: a fresh gateway keeps the next figures independent of this one.
      children.get('gateway')!.kill('SIGKILL');
      await startGateway(subgraphUrls);
      console.log(`${''.padEnd(31)}(gateway still busy after ${TIMEOUT_MS / 1000} s: restarted)`);
    }
  }
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: os.cpus().length, timeoutMs: TIMEOUT_MS, results }, null, 2)}\n`);
} finally {
  for (const child of children.values()) child.kill('SIGKILL');
  setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 500).unref();
}
