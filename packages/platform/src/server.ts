import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { MikroORM } from '@mikro-orm/core';
import type { PlatformConfig } from './config.ts';
import { INTERNAL_ERROR_MESSAGE, Refusal } from './errors.ts';
import { CALLER_HEADER, ENDED_SESSIONS_HEADER, endedSessionsHeader, openCaller, type Caller } from './identity.ts';
import type { Logger } from './logger.ts';
import { PersonalDataReads, personalDataAuditPlugin } from './personal-data-reads.ts';
import type { BaseContext } from './context.ts';
import { sharedProbe } from './readiness.ts';

/** How long a subgraph's `/readyz` waits for the database: under the gateway's one-second readiness budget. */
export const DATABASE_PROBE_DEADLINE_MS = 800;

/** Listens on `port` (0 picks a free one) and resolves once the server accepts connections. */
export function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Hides unexpected failures from callers (no message, no stack) and logs them with the request id; keeps the
 * errors that are meant for callers (validation, access) as they are.
 */
export function formatErrorFor(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    // A refusal raised where no payload carries it (a query) reaches the caller as an error with its code.
    if (original instanceof Refusal) {
      return { message: original.error.message, path: formatted.path, extensions: { code: original.error.code, ...(original.error.field ? { field: original.error.field } : {}) } };
    }
    const code = formatted.extensions?.code;
    const meantForCaller = original instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR';
    const { stacktrace: _dropped, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    if (meantForCaller || (code && code !== 'INTERNAL_SERVER_ERROR')) return { ...formatted, extensions };
    log.error('unexpected error', { error: original, path: formatted.path });
    return { message: INTERNAL_ERROR_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  config: PlatformConfig;
  orm: MikroORM;
  schema: import('graphql').GraphQLSchema;
  /** Checks the caller seal set by the gateway. */
  callerSecret: Buffer;
  log: Logger;
  port: number;
  host?: string;
  /** Turns the base context into the subgraph's own (adds its services and loaders). */
  createContext: (base: BaseContext) => C;
  /** Extra HTTP routes (service-to-service endpoints), mounted under `/internal`. */
  internalRoutes?: (router: Router) => void;
  /**
   * HTTP routes beside GraphQL that the gateway forwards as they are (uploads, file downloads): answered only with a
   * verified seal, like `/graphql`, with the sealed caller in `res.locals.caller`; bodies are not parsed.
   */
  sealedRoutes?: (router: Router) => void;
  plugins?: ApolloServerPlugin<C>[];
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts one subgraph: GraphQL at `/graphql`, `/healthz`, `/readyz`, and its internal routes. */
export async function serveSubgraph<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningServer> {
  const { orm, log } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // GraphQL responses are not cached by validators; hashing each one is wasted work
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;

  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: options.config.mode !== 'production',
    hideSchemaDetailsFromClientErrors: options.config.mode === 'production',
    includeStacktraceInErrorResponses: false,
    formatError: formatErrorFor(log),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), personalDataAuditPlugin<C>(log), endedSessionsPlugin<C>(), ...(options.plugins ?? [])],
  });
  await apollo.start();

  let ready = true;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  // Readiness answers within a second even when the database stalls; concurrent checks share one query.
  const probeDatabase = sharedProbe(() => orm.em.getConnection().execute('select 1'), { deadlineMs: DATABASE_PROBE_DEADLINE_MS, abandonAfterMs: 10_000 });
  app.get('/readyz', async (_req, res) => {
    if (!ready) return void res.status(503).json({ status: 'stopping', service: options.name });
    const probe = await probeDatabase();
    if (probe.state === 'answered') return void res.json({ status: 'ready', service: options.name });
    const status = probe.state === 'timed out' ? 'database not answering' : 'database unreachable';
    log.warn(status, probe.state === 'failed' ? { error: probe.error } : { waitedMs: DATABASE_PROBE_DEADLINE_MS });
    res.status(503).json({ status, service: options.name });
  });
  if (options.internalRoutes) {
    const router = express.Router();
    // Only platform services (the gateway) may call internal routes: they must present a sealed service caller.
    router.use((req, res, next) => {
      const header = req.headers[CALLER_HEADER];
      const caller = openCaller(typeof header === 'string' ? header : undefined, options.callerSecret);
      if (caller?.principal.kind !== 'service') {
        res.status(401).json({ error: 'service caller required' });
        return;
      }
      res.locals.em = orm.em.fork();
      res.locals.base = { caller, log: log.child({ requestId: caller.requestId }) };
      next();
    });
    options.internalRoutes(router);
    app.use('/internal', express.json({ limit: '64kb' }), router);
  }
  app.use(
    '/graphql',
    // Only the gateway and the platform's own tools call a subgraph, in every mode: an unsealed request is refused
    // before its body is read, so the gateway's authentication and limits cannot be stepped around.
    (req, res, next) => {
      const header = req.headers[CALLER_HEADER];
      const caller = openCaller(typeof header === 'string' ? header : undefined, options.callerSecret);
      if (!caller) {
        res.status(401).json({ errors: [{ message: 'Subgraphs answer only requests sealed by the gateway', extensions: { code: 'CALLER_NOT_SEALED' } }] });
        return;
      }
      res.locals.caller = caller;
      next();
    },
    express.json({ limit: '32mb' }),
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const caller = res.locals.caller as Caller;
        return options.createContext({ em: orm.em.fork(), caller, log: log.child({ requestId: caller.requestId }), personalDataReads: new PersonalDataReads(), endedSessions: new Set() });
      },
    }),
  );

  if (options.sealedRoutes) {
    const router = express.Router();
    router.use((req, res, next) => {
      const header = req.headers[CALLER_HEADER];
      const caller = openCaller(typeof header === 'string' ? header : undefined, options.callerSecret);
      if (!caller) {
        res.status(401).json({ error: { code: 'CALLER_NOT_SEALED', message: 'Subgraphs answer only requests sealed by the gateway' } });
        return;
      }
      res.locals.caller = caller;
      res.locals.em = orm.em.fork();
      res.locals.log = log.child({ requestId: caller.requestId });
      next();
    });
    options.sealedRoutes(router);
    // After every other route: only what they did not answer reaches these.
    app.use(router);
  }

  const port = await listen(httpServer, options.port, options.host);
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info('subgraph listening', { url });
  return {
    url,
    port,
    async stop() {
      ready = false;
      await apollo.stop();
      await orm.close();
    },
  };
}

/** Names the sessions a request ended in its answer's header, so the gateway stops trusting what it knew of them. */
function endedSessionsPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const value = contextValue.endedSessions && endedSessionsHeader(contextValue.endedSessions);
          if (value) response.http.headers.set(ENDED_SESSIONS_HEADER, value);
        },
      };
    },
  };
}
