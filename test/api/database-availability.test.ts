import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresDatabase, ensureDevelopmentKeys, startSubgraph, type Logger, type PlatformConfig, type RunningSubgraph } from '@zsb/platform';
import { exams } from '../../subgraphs/exams/src/subgraph.ts';
import { readGatewayConfig } from '../../gateway/src/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway.ts';
import { postgresReachable, postgresServerUrl } from '../support/postgres.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

interface Entry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, so a test can count retries and read their reasons. */
function recordingLogger(entries: Entry[] = []): Logger & { entries: Entry[] } {
  const write = (level: string) => (message: string, fields: Record<string, unknown> = {}) => void entries.push({ level, message, fields });
  return { entries, info: write('info'), warn: write('warn'), error: write('error'), child: () => recordingLogger(entries) };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** GET a URL, with how long the answer took. */
async function timedGet(url: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const began = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body, ms: performance.now() - began };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-availability-'));
const config: PlatformConfig = { mode: 'test', dataDir };
const baseEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...process.env, ZSB_MODE: 'test', ZSB_DATA_DIR: dataDir, DATABASE_URL: '', ZSB_LOG: 'silent', ...extra });
ensureDevelopmentKeys(config);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe.runIf(await postgresReachable())('an exams subgraph on PostgreSQL behind a proxy that can refuse and stall', () => {
  const server = new URL(postgresServerUrl());
  const database = `zsbtest_${randomBytes(4).toString('hex')}`;
  const direct = new URL(server);
  direct.pathname = `/${database}`;
  let proxy: TcpProxy;
  let subgraph: RunningSubgraph | undefined;
  const proxied = () => {
    const url = new URL(direct);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return url.toString();
  };
  const start = (log: Logger, retryMs: number, url = proxied()) =>
    startSubgraph(exams, { config, env: baseEnv({ EXAMS_DATABASE_URL: url, ZSB_DATABASE_RETRY_MS: String(retryMs) }), port: 0, log });

  beforeAll(async () => {
    proxy = await TcpProxy.create({ host: server.hostname, port: Number(server.port || 5432) });
  });
  afterAll(async () => {
    await proxy.close(); // first, so that nothing waits on a stalled connection
    await subgraph?.stop();
    await dropPostgresDatabase(direct.toString());
  });

  it('gives up after ZSB_DATABASE_RETRY_MS, naming the database and the reason, having tried with growing waits', async () => {
    const log = recordingLogger();
    const failure = (await start(log, 1500).catch((error: unknown) => error)) as Error;
    expect(failure.message).toMatch(new RegExp(`^the exams database at 127\\.0\\.0\\.1:${proxy.port}/${database} could not be reached \\(\\d+ attempts in \\d+ s\\): .*ECONNREFUSED`));
    const retries = log.entries.filter((entry) => entry.message.startsWith('the exams database is not reachable'));
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries.map((entry) => entry.fields.inMs)).toEqual([250, 500, 1000].slice(0, retries.length));
    expect(retries.every((entry) => /ECONNREFUSED/.test(String(entry.fields.reason)))).toBe(true);
  });

  it('fails at once on an error that waiting will not cure (an unknown role)', async () => {
    const log = recordingLogger();
    const url = new URL(direct);
    url.username = 'no_such_role';
    await expect(start(log, 30_000, url.toString())).rejects.toThrow(/no_such_role/);
    expect(log.entries.filter((entry) => entry.message.startsWith('the exams database is not reachable'))).toEqual([]);
  });

  it('keeps trying while the database refuses connections, and starts once it answers', async () => {
    const log = recordingLogger();
    const starting = start(log, 60_000);
    await until(() => log.entries.filter((entry) => entry.message.startsWith('the exams database is not reachable')).length >= 2, 30_000);
    await proxy.forward();
    subgraph = await starting;
    const retries = log.entries.filter((entry) => entry.message.startsWith('the exams database is not reachable'));
    expect(retries.map((entry) => entry.fields.attempt)).toEqual(retries.map((_entry, index) => index + 1));
    expect(retries[0].fields).toMatchObject({ database: `127.0.0.1:${proxy.port}/${database}`, inMs: 250 });
    const ready = await timedGet(new URL('/readyz', subgraph.url).toString());
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', service: 'exams' } });
  });

  it('answers /readyz within a second while its database stalls, with one probe for all callers, and is ready again once it answers', async () => {
    if (!subgraph) {
      await proxy.forward();
      subgraph = await start(recordingLogger(), 10_000);
    }
    const readyz = new URL('/readyz', subgraph!.url).toString();
    expect((await timedGet(readyz)).status).toBe(200); // leaves an idle pooled connection for the probe to use
    await proxy.stall();
    const answers = await Promise.all(Array.from({ length: 5 }, () => timedGet(readyz)));
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 503, body: { status: 'database not answering', service: 'exams' } });
      expect(answer.ms).toBeLessThan(3000); // the deadline is 0.8 s; before, a check waited as long as the database did
    }
    // Five callers, one query sent and no extra connection opened.
    expect(proxy.heldText().split('select 1').length - 1).toBe(1);
    expect(proxy.connectionsWhileStalled).toBe(0);
    await proxy.forward();
    const deadline = Date.now() + 10_000;
    let again = await timedGet(readyz);
    while (again.status !== 200 && Date.now() < deadline) again = await timedGet(readyz);
    expect(again.body).toEqual({ status: 'ready', service: 'exams' });
  });
});

describe("the gateway's readiness", () => {
  let subgraph: RunningSubgraph;
  let gateway: RunningGateway;
  let silent: net.Server;
  let requestsToSilent = 0;
  let unreachablePort: number;

  beforeAll(async () => {
    // Accepts connections and reads requests, never answers: a subgraph whose event loop is stuck.
    silent = net.createServer((socket) => socket.on('data', (chunk) => (requestsToSilent += chunk.toString('latin1').split('GET /readyz').length - 1)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    unreachablePort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    subgraph = await startSubgraph(exams, { config, env: baseEnv({}), port: 0, log: recordingLogger() });
    const gatewayConfig = readGatewayConfig(baseEnv({ PORT: '0' }));
    gatewayConfig.subgraphs = {
      candidates: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/graphql`,
      exams: subgraph.url,
      payments: `http://127.0.0.1:${unreachablePort}/graphql`,
    };
    gateway = await startGateway(gatewayConfig, recordingLogger());
  });
  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
    silent?.close();
  });

  it('answers within about a second when a subgraph does not answer, saying which subgraph is in which state, with one round of checks for all callers', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => timedGet(`${gateway.url}/readyz`)));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ status: 'degraded', subgraphs: { candidates: 'not answering', exams: 'ready', payments: 'unreachable' } });
      expect(answer.ms).toBeLessThan(1900); // about one second; before, two
    }
    expect(requestsToSilent).toBe(1);
  });
});
