/**
 * `npm run bench:gateway`: a read that crosses two subgraphs (exam sessions from `exams`, their roster sizes from
 * `candidates`), once through the gateway and once fetched straight from the two subgraphs as a client would
 * without it (two requests in sequence). Each process runs on its own, as in `npm start`. Prints req/s, p50 and
 * p99 of both and their ratio, and writes them to bench/results/gateway.json.
 *   --seconds N       measuring time per path and round (default 8)
 *   --rounds N        rounds, alternating the two paths; medians are reported (default 3)
 *   --connections N   concurrent clients (default 32)
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, ensureDevelopmentKeys, loadCallerSecret, openSubgraphDatabase, sealedCallerHeader } from '@zsb/platform';
import { candidates, createDependencies } from '../subgraphs/candidates/src/subgraph.ts';
import { benchPlatform, ROOT } from './lib/bench-platform.ts';
import { seedDemo } from '../subgraphs/candidates/src/seed.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '32' } } });
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const platform = benchPlatform({ name: 'bench', basePort: 4600 });
const { config, env, ports: PORTS } = platform;

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
function post(port: number, body: string, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { errors?: unknown };
        if (response.statusCode !== 200 || parsed.errors) reject(new Error(`HTTP ${response.statusCode}: ${JSON.stringify(parsed.errors)}`));
        else resolve(parsed);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

const VIA_GATEWAY = JSON.stringify({ query: '{ examSessions { id province examYear title rosterEntryCount } }' });
const EXAMS_ONLY = JSON.stringify({ query: '{ examSessions { id province examYear title } }' });
const ROSTER_COUNTS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on ExamSession { rosterEntryCount } } }';

async function viaGateway(): Promise<void> {
  await post(PORTS.gateway, VIA_GATEWAY);
}

// Subgraphs answer sealed requests only: the direct path seals each request as the gateway does for an anonymous client.
let callerSecret: Buffer;
async function direct(): Promise<void> {
  const sessions = (await post(PORTS.exams, EXAMS_ONLY, sealedCallerHeader(callerSecret))) as { data: { examSessions: { id: string }[] } };
  const representations = sessions.data.examSessions.map((s) => ({ __typename: 'ExamSession', id: s.id }));
  await post(PORTS.candidates, JSON.stringify({ query: ROSTER_COUNTS, variables: { r: representations } }), sealedCallerHeader(callerSecret));
}

interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function measure(name: string, operation: () => Promise<void>): Promise<Measured> {
  const run = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          try {
            await operation();
            if (record) latencies.push(performance.now() - started);
          } catch {
            errors++;
          }
        }
      }),
    );
    return { latencies, errors };
  };
  await run(5, false); // warm-up: JIT, connection pools, query-plan cache
  const before = platform.cpuTimes();
  const { latencies, errors } = await run(SECONDS, true);
  const after = platform.cpuTimes();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2));
  const result = { requestsPerSecond: Math.round(latencies.length / SECONDS), p50Ms: at(0.5), p99Ms: at(0.99), errors };
  console.log(`${name.padEnd(10)} ${String(result.requestsPerSecond).padStart(6)} req/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   errors ${errors}`);
  const cpu = [...after].map(([process, ms]) => `${process} ${((ms - (before.get(process) ?? 0)) / latencies.length).toFixed(2)}`).join(', ');
  console.log(`           CPU ms per operation: ${cpu}`);
  return result;
}

try {
  ensureDevelopmentKeys(config);
  callerSecret = loadCallerSecret(config, env);
  const orm = await openSubgraphDatabase(candidates.database, config, env);
  await seedDemo(orm, createDependencies(config, env), createLogger({}, true));
  await orm.close();
  await platform.startAll();
  console.log(`Read across exams + candidates, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per path, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})`);
  // Shared machines drift: alternating the paths and taking medians keeps one slow minute from deciding.
  const rounds: { gateway: Measured; direct: Measured }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`);
    rounds.push({ gateway: await measure('gateway', viaGateway), direct: await measure('direct', direct) });
  }
  const median = (path: 'gateway' | 'direct'): Measured => {
    const pick = (key: keyof Measured) => rounds.map((r) => r[path][key]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
    return { requestsPerSecond: pick('requestsPerSecond'), p50Ms: pick('p50Ms'), p99Ms: pick('p99Ms'), errors: rounds.reduce((n, r) => n + r[path].errors, 0) };
  };
  const gateway = median('gateway');
  const directPath = median('direct');
  const ratio = Number((gateway.requestsPerSecond / directPath.requestsPerSecond).toFixed(2));
  console.log(`median     gateway ${gateway.requestsPerSecond} req/s (p50 ${gateway.p50Ms} ms, p99 ${gateway.p99Ms} ms); direct ${directPath.requestsPerSecond} req/s (p50 ${directPath.p50Ms} ms, p99 ${directPath.p99Ms} ms)`);
  console.log(`ratio      gateway / direct throughput = ${ratio} (target ≥ 0.5)`);
  const results = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, query: JSON.parse(VIA_GATEWAY).query, gateway, direct: directPath, ratio, target: 0.5, meetsTarget: ratio >= 0.5, perRound: rounds };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'gateway.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('written to bench/results/gateway.json');
} finally {
  await platform.stop();
  agent.destroy();
}
