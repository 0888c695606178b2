import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  callInternal,
  createLogger,
  dropPostgresDatabase,
  ensureDevelopmentKeys,
  latestCode,
  locateDatabase,
  loadCallerSecret,
  outboxFile,
  readOutbox,
  sealedCallerHeader,
  startSubgraph,
  type LogSink,
  type PlatformClock,
  type PlatformConfig,
  type RunningSubgraph,
} from '@zsb/platform';
import { readGatewayConfig } from '../../gateway/src/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway.ts';
import { SUBGRAPHS, SUBGRAPH_NAMES, type SubgraphName } from '../../scripts/subgraphs.ts';
import { postgresServerUrl } from './postgres.ts';
import { createServices, type Dependencies } from '../../subgraphs/candidates/src/context.ts';
import type { NewPartnerKey } from '../../subgraphs/candidates/src/modules/partner-key/partner-key.service.ts';
import type { NewStaffMember } from '../../subgraphs/candidates/src/modules/staff/staff.service.ts';
import { parseExamSessionId } from '@zsb/rules';

export type Dialect = 'sqlite' | 'postgresql';

export interface TestPlatform {
  /** Gateway origin, e.g. http://127.0.0.1:53122 */
  url: string;
  config: PlatformConfig;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  gateway: RunningGateway;
  /** Posts a GraphQL operation to the gateway. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** The answer of an issued captcha, as a person would read it from the image. */
  captchaAnswer(id: string): string | undefined;
  /** Asks for a captcha and returns its id with the answer. */
  solvedCaptcha(): Promise<{ captchaId: string; captchaAnswer: string }>;
  /** The newest SMS code sent to a phone (development outbox). */
  smsCode(phone: string): string | undefined;
  outbox(phone?: string): ReturnType<typeof readOutbox>;
  /** Creates a member of staff directly (as the CLI does) and returns the one-time password. */
  createStaff(member: NewStaffMember): Promise<{ id: string; username: string; password: string }>;
  /** Imports roster rows directly (as staff would), from CSV text with a header row. */
  importRoster(examSessionId: string, csv: string): Promise<void>;
  /** Creates a partner API key directly (as the CLI does). */
  createPartnerKey(input: NewPartnerKey): Promise<string>;
  /** The exams subgraph's clock, which every window is checked against: tests set it. */
  clock: PlatformClock;
  /** Calls a subgraph's internal route as the platform service `name` (the hand-overs of uploads and payments). */
  internal<T = Record<string, unknown>>(subgraph: SubgraphName, route: string, body?: unknown, service?: string): Promise<{ status: number; body: T }>;
  stopSubgraph(name: SubgraphName): Promise<void>;
  /** Stops a subgraph and starts it again on the same port, database and settings (a process restart). */
  restartSubgraph(name: SubgraphName): Promise<RunningSubgraph>;
  /** Starts another copy of a subgraph on the same database and settings, on a port of its own (a replica); stopped with the platform. */
  startReplica(name: SubgraphName): Promise<RunningSubgraph>;
  /** Posts a GraphQL operation straight to one subgraph process (a replica), as the gateway would for an anonymous caller. */
  subgraphGraphql<T = Record<string, unknown>>(subgraph: RunningSubgraph, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Starts the real platform for a test: the three subgraphs and the gateway, in this process, on free ports, with a
 * throwaway data folder and throwaway databases (SQLite files, or PostgreSQL databases dropped at the end).
 */
export async function startPlatform(dialect: Dialect = 'sqlite', env: NodeJS.ProcessEnv = {}, options: { logSink?: LogSink } = {}): Promise<TestPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-test-'));
  const databaseUrl = dialect === 'postgresql' ? withDatabase(postgresServerUrl(), `zsbtest_${randomBytes(4).toString('hex')}`) : undefined;
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ZSB_MODE: 'test', ZSB_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', ZSB_LOG: 'silent', ...env };
  const config: PlatformConfig = { mode: 'test', dataDir, databaseUrl };
  ensureDevelopmentKeys(config);
  // Quiet unless a test collects every line to check what the platform logs.
  const log = options.logSink ? createLogger({}, false, options.logSink) : createLogger({}, true);
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphs[name] = (await startSubgraph(SUBGRAPHS[name] as never, { config, env: fullEnv, port: 0, log: log.child({ service: name }) })) as RunningSubgraph;
    // Later subgraphs find this one's internal routes where it actually listens.
    fullEnv[`${name.toUpperCase()}_URL`] = subgraphs[name].url;
  }
  const callerSecret = loadCallerSecret(config, fullEnv);
  const captchaAnswers = new Map<string, string>();
  (subgraphs.candidates.dependencies as Dependencies).captchaObserver = (id, answer) => captchaAnswers.set(id, answer);
  const gatewayConfig = readGatewayConfig({ ...fullEnv, PORT: '0' });
  gatewayConfig.subgraphs = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url]));
  const gateway = await startGateway(gatewayConfig, log.child({ service: 'gateway' }));
  const stopped = new Set<SubgraphName>();
  const replicas: RunningSubgraph[] = [];
  const candidatesServices = () =>
    createServices(
      subgraphs.candidates.orm.em.fork(),
      { caller: { principal: { kind: 'service', name: 'test' }, clientIp: '127.0.0.1', requestId: 'test' }, log },
      subgraphs.candidates.dependencies as Dependencies,
    );

  const platform: TestPlatform = {
    url: gateway.url,
    config,
    subgraphs,
    gateway,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<never>, 'status'>;
      return { status: response.status, ...body };
    },
    captchaAnswer: (id) => captchaAnswers.get(id),
    async solvedCaptcha() {
      const response = await platform.graphql<{ createCaptcha: { captcha: { id: string } } }>('mutation { createCaptcha { captcha { id } } }');
      const captchaId = response.data!.createCaptcha.captcha.id;
      return { captchaId, captchaAnswer: captchaAnswers.get(captchaId)! };
    },
    smsCode: (phone) => latestCode(outboxFile(config), phone),
    outbox: (phone) => readOutbox(outboxFile(config), phone),
    async createStaff(member) {
      const { staff } = candidatesServices();
      const { member: created, password } = await staff.create(member, { cli: 'test' });
      return { id: created.id, username: created.username, password };
    },
    async importRoster(examSessionId, csv) {
      const session = parseExamSessionId(examSessionId)!;
      await candidatesServices().roster.import({ ...session, fileName: 'roster.csv', content: Buffer.from(csv) }, { cli: 'test' });
    },
    async createPartnerKey(input) {
      return (await candidatesServices().partnerKeys.create(input, { cli: 'test' })).key;
    },
    // The running exams process's clock (a restarted one has its own).
    get clock() {
      return (subgraphs.exams.dependencies as { clock: PlatformClock }).clock;
    },
    async internal(subgraph, route, body, service = 'test') {
      return callInternal(new URL(subgraphs[subgraph].url).origin, route, { secret: callerSecret, service, body, accept: [400, 401, 404, 409] });
    },
    async stopSubgraph(name) {
      stopped.add(name);
      await subgraphs[name].stop();
    },
    async restartSubgraph(name) {
      if (!stopped.has(name)) await subgraphs[name].stop();
      const port = Number(new URL(subgraphs[name].url).port);
      subgraphs[name] = (await startSubgraph(SUBGRAPHS[name] as never, { config, env: fullEnv, port, log: log.child({ service: name }) })) as RunningSubgraph;
      stopped.delete(name);
      return subgraphs[name];
    },
    async startReplica(name) {
      const replica = (await startSubgraph(SUBGRAPHS[name] as never, { config, env: fullEnv, port: 0, log: log.child({ service: `${name}-replica` }) })) as RunningSubgraph;
      replicas.push(replica);
      return replica;
    },
    async subgraphGraphql(subgraph, query, variables) {
      const response = await fetch(`${subgraph.url.replace(/\/graphql$/, '')}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...sealedCallerHeader(callerSecret) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<never>, 'status'>;
      return { status: response.status, ...body };
    },
    async stop() {
      for (const replica of replicas) await replica.stop();
      await gateway.stop();
      for (const name of SUBGRAPH_NAMES) if (!stopped.has(name)) await subgraphs[name].stop();
      if (databaseUrl) {
        for (const name of SUBGRAPH_NAMES) {
          const location = locateDatabase(config, name, {});
          if (location.dialect === 'postgresql') await dropPostgresDatabase(location.url);
        }
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return platform;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
