import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import nodeFetch from 'node-fetch';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { callInternal, createLogger, listen, loadCallerSecret, loadPublicKey, sealCaller, sharedProbe, INTERNAL_ERROR_MESSAGE, type Logger } from '@zsb/platform';
import { AuthenticationError, Authenticator, type GatewayPrincipal } from './authenticate.ts';
import { CallerDataSource } from './caller-data-source.ts';
import type { GatewayConfig } from './config.ts';
import type { GatewayContext } from './context.ts';
import { mountDevelopmentPages } from './dev-pages.ts';
import { forwardToSubgraph } from './forward.ts';
import { operationLimits } from './limits.ts';
import { checkRequest, requestPartsFromQueryString, type RequestLimits, type RequestParts } from './request-limits.ts';
import { securityHeaders } from './security-headers.ts';
import { paymentPageOrigins } from '@zsb/payments/src/modules/channels/channel.config.ts';
import { TrustedOperations } from './trusted-operations.ts';

/** The gateway's `/readyz` answers within this long; a subgraph's own answer comes within 0.8 s. */
const READINESS_DEADLINE_MS = 1000;
const SUBGRAPH_READINESS_TIMEOUT_MS = 950;

/** A subgraph's readiness in a few words: `ready`, its own reason for not being ready, or why it did not say. */
async function subgraphReadiness(name: string, url: string): Promise<readonly [string, string]> {
  try {
    const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(SUBGRAPH_READINESS_TIMEOUT_MS) });
    const body = (await response.json().catch(() => ({}))) as { status?: unknown };
    if (response.ok) return [name, 'ready'];
    return [name, `not ready (${typeof body.status === 'string' ? body.status : response.status})`];
  } catch (error) {
    return [name, (error as Error).name === 'TimeoutError' ? 'not answering' : 'unreachable'];
  }
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A GraphQL error response outside GraphQL execution (authentication, size, trust). */
function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Body-parser's refusals of a request body, as the client's errors they are. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'REQUEST_TOO_LARGE', message: '请求内容过大' },
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: 'Request body is not valid JSON' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_CHARSET', message: 'Request body charset is not supported: send UTF-8' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_CONTENT_ENCODING', message: 'Content-Encoding is not supported: send gzip, deflate, br or none' },
};

/** "Did you mean …?" names parts of the schema; production keeps them to itself. */
const SUGGESTION = / ?Did you mean .+\?$/s;

/** Connection failures to a subgraph become one clear, retryable error instead of internal details. */
function formatGatewayError(log: Logger, subgraphs: Record<string, string>, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _dropped, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const message = formatted.message ?? '';
    if (typeof extensions.limit === 'string') {
      const { limit, ...rest } = extensions;
      return { ...formatted, extensions: { ...rest, code: limit } };
    }
    // The request limits keep documents from getting this deep; should one get through, it is still the client's.
    if (extensions.code === 'GRAPHQL_PARSE_FAILED' && message.includes('Maximum call stack size exceeded')) {
      return { message: '查询嵌套层级过深', path: formatted.path, extensions: { code: 'QUERY_TOO_DEEP' } };
    }
    if (/ECONNREFUSED|ECONNRESET|socket hang up|ETIMEDOUT|failed, reason:/i.test(message)) {
      const service = (extensions.serviceName as string | undefined) ?? Object.keys(subgraphs).find((name) => message.includes(subgraphs[name]));
      log.warn('subgraph unavailable', { message, service });
      return { message: '部分服务暂时不可用，请稍后重试', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', ...(service ? { service } : {}) } };
    }
    if (extensions.code === 'INTERNAL_SERVER_ERROR' && message !== INTERNAL_ERROR_MESSAGE) {
      log.error("unexpected gateway error", { error: (error as { originalError?: unknown })?.originalError ?? error, message });
      return { message: INTERNAL_ERROR_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return { ...formatted, message: production ? message.replace(SUGGESTION, '') : message, extensions };
  };
}

export async function startGateway(config: GatewayConfig, log: Logger = createLogger({ service: 'gateway' })): Promise<RunningGateway> {
  const callerSecret = loadCallerSecret(config.platform, config.env);
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.subgraphSockets, keepAliveMsecs: 30_000 });
  const authenticator = new Authenticator({
    tokenKey: loadPublicKey(config.platform, 'token', config.env),
    callerSecret,
    candidatesOrigin: new URL(config.subgraphs.candidates).origin,
    log,
    // The session checks share the subgraphs' keep-alive sockets: the built-in fetch cost several times the CPU per call.
    fetch: ((input: string, init: Record<string, unknown>) => nodeFetch(input, { ...init, agent })) as never,
  });
  const trusted = TrustedOperations.load(path.join(path.dirname(config.supergraphFile), 'operations'));

  // Apollo Gateway otherwise reports usage to Apollo and probes cloud metadata addresses (AWS, GCP, Azure, Alibaba)
  // from every process: a registration platform holding personal data sends nothing to third parties.
  // eslint-disable-next-line no-restricted-syntax -- switches a library off; nothing of ours reads it
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(config.supergraphFile, 'utf8'),
    buildService: ({ name, url }) =>
      new CallerDataSource({
        url: config.subgraphs[name] ?? url,
        fetcher: ((input: string, init: Record<string, unknown>) => nodeFetch(input, { ...init, agent })) as never,
        // Sign-out takes effect on the very next request: the sessions a subgraph ended are checked afresh.
        onSessionsEnded: (ids) => authenticator.forgetSessions(ids),
      }),
    logger: { debug: () => undefined, info: () => undefined, warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)) },
  });

  const production = config.platform.mode === 'production';
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(production, paymentPageOrigins(config.platform, config.env)));
  app.set('etag', false);
  app.set('trust proxy', config.trustProxyHops);
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: [operationLimits(config.limits)],
    formatError: formatGatewayError(log, config.subgraphs, production),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  // One round of subgraph checks at a time, shared by concurrent callers; the answer comes within about a second.
  const checkSubgraphs = sharedProbe(() => Promise.all(Object.entries(config.subgraphs).map(([name, url]) => subgraphReadiness(name, url))), {
    deadlineMs: READINESS_DEADLINE_MS,
    abandonAfterMs: 5000,
  });
  app.get('/readyz', async (_req, res) => {
    const round = await checkSubgraphs();
    const checks = round.state === 'answered' ? round.value : Object.keys(config.subgraphs).map((name) => [name, 'not answering'] as const);
    const ready = checks.every(([, state]) => state === 'ready');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'degraded', subgraphs: Object.fromEntries(checks) });
  });
  if (!production) mountDevelopmentPages(app, config.platform);

  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.principal = await authenticator.authenticate(req.headers);
      next();
    } catch (error) {
      if (!(error instanceof AuthenticationError)) return next(error);
      refuse(res, error.status, error.code, error.message);
    }
  };
  const standardBody = express.json({ limit: config.limits.bodyBytes });
  const staffBody = express.json({ limit: config.limits.staffBodyBytes });
  const parseBody = (req: Request, res: Response, next: NextFunction) => ((res.locals.principal as GatewayPrincipal).kind === 'staff' ? staffBody : standardBody)(req, res, next);
  const trustedOnly = (req: Request, res: Response, next: NextFunction) => {
    const principal = res.locals.principal as GatewayPrincipal;
    const body = req.body as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | undefined;
    const hash = body?.extensions?.persistedQuery?.sha256Hash;
    if (body && !body.query && typeof hash === 'string') {
      const text = trusted.text(hash);
      if (!text) return refuse(res, 400, 'PERSISTED_QUERY_NOT_FOUND', 'No registered operation has this hash');
      body.query = text;
      delete body.extensions!.persistedQuery;
    }
    if (principal.kind === 'partner' && principal.trustedOperationsOnly && !(typeof body?.query === 'string' && trusted.isTrusted(body.query))) {
      return refuse(res, 403, 'OPERATION_NOT_TRUSTED', 'This API key may only send registered operations');
    }
    next();
  };
  // Before graphql-js parses or validates and before the query planner runs: one bounded pass over what was sent.
  const requestLimits: RequestLimits = { tokens: config.limits.tokens, selectionNesting: 2 * config.limits.depth + 1, valueDepth: config.limits.valueDepth, valueNodes: config.limits.valueNodes };
  const withinLimits = (req: Request, res: Response, next: NextFunction) => {
    const body = req.body as unknown;
    const parts: RequestParts | undefined = req.method === 'GET' ? requestPartsFromQueryString(req.query as Record<string, unknown>) : body && typeof body === 'object' && !Array.isArray(body) ? (body as RequestParts) : undefined;
    const refused = parts && checkRequest(parts, requestLimits);
    if (refused) return refuse(res, 400, refused.code, refused.message);
    next();
  };

  app.all(
    '/graphql',
    authenticate,
    parseBody,
    trustedOnly,
    withinLimits,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const principal = res.locals.principal as GatewayPrincipal;
        const { trustedOperationsOnly: _internal, ...sealedPrincipal } = principal as GatewayPrincipal & { trustedOperationsOnly?: boolean };
        const caller = { principal: sealedPrincipal as GatewayPrincipal, clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown', requestId: randomUUID() };
        res.setHeader('x-request-id', caller.requestId);
        return { caller, sealedCaller: sealCaller(caller, callerSecret) };
      },
    }),
  );

  // Resumable uploads (tus) and stored files are the candidates subgraph's: forwarded as they are, sealed.
  const forward = forwardToSubgraph(new URL(config.subgraphs.candidates).origin, callerSecret, agent, log);
  app.all(['/uploads', '/uploads/*rest', '/files/*rest'], forward);
  // Payment channels post their notifications here and send the candidate's browser back here: public addresses, while
  // the payments subgraph answers only sealed callers. The gateway forwards the body exactly as received to payments'
  // internal routes as a sealed platform service and answers the channel exactly what payments says (Alipay's
  // `success`, UnionPay's HTTP 200, CEB's `success`). Nothing is believed here: payments verifies every notification
  // with the channel's adapter, and a return page only makes payments ask the channel about the order it names.
  const paymentsOrigin = new URL(config.subgraphs.payments).origin;
  const rawBody = express.text({ type: () => true, limit: '32kb' });
  app.post('/payments/notify/:channel', rawBody, async (req: Request, res: Response) => {
    const channel = String(req.params.channel);
    if (!/^[A-Z_]{2,20}$/.test(channel)) return refuse(res, 404, 'NOT_FOUND', 'Not found');
    try {
      const { status, body } = await callInternal<{ status: number; contentType: string; body: string }>(paymentsOrigin, `/internal/notifications/${channel}`, {
        secret: callerSecret,
        service: 'gateway',
        body: { body: typeof req.body === 'string' ? req.body : '', contentType: req.headers['content-type'] },
        accept: [404],
        timeoutMs: 15_000,
      });
      if (status === 404) return refuse(res, 404, 'NOT_FOUND', 'Not found');
      res.status(body.status >= 200 && body.status < 600 ? body.status : 500).type(body.contentType).send(body.body);
    } catch (error) {
      // The channel sends the notification again later; until payments answers, nothing is acknowledged.
      log.warn('payment notification not forwarded', { channel, error });
      res.status(503).type('text/plain').send('unavailable');
    }
  });
  app.all('/payments/return/:channel', rawBody, async (req: Request, res: Response) => {
    const channel = String(req.params.channel);
    const raw = req.method === 'POST' && typeof req.body === 'string' ? req.body : (req.originalUrl.split('?')[1] ?? '');
    let orderId: string | undefined;
    try {
      const { body } = await callInternal<{ order: { id: string } | null }>(paymentsOrigin, `/internal/returns/${encodeURIComponent(channel)}`, { secret: callerSecret, service: 'gateway', body: { body: raw.slice(0, 32_768) }, timeoutMs: 15_000 });
      orderId = body.order?.id;
    } catch (error) {
      log.warn('payment return not forwarded', { channel, error });
    }
    // The candidate's page shows the order as payments knows it (and can ask again); nothing here says "paid".
    res.redirect(303, orderId ? `/?paymentOrder=${encodeURIComponent(orderId)}` : '/');
  });

  // The web client: static files, and index.html for its routes.
  if (fs.existsSync(path.join(config.webRoot, 'index.html'))) {
    app.use('/assets', express.static(path.join(config.webRoot, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
    app.use(express.static(config.webRoot, { index: false, maxAge: 0 }));
    // Client routes only: API paths, development pages and anything that names a file get a real 404.
    app.use((req, res, next) => {
      if (req.method !== 'GET' || /^\/(graphql|internal|dev|healthz|readyz|uploads|files|payments)(\/|$)/.test(req.path) || /\.[a-z0-9]+$/i.test(req.path) || !req.accepts('html')) return next();
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.join(config.webRoot, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('The web client is not built yet: run `npm run build:web`. GraphQL answers at /graphql.');
    });
  }

  app.use((_req, res) => refuse(res, 404, 'NOT_FOUND', 'Not found'));

  // Errors outside GraphQL: malformed, oversized or undecodable bodies are the client's: their own code, no error log.
  app.use((error: { type?: string; status?: number; expose?: boolean }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const known = error.type ? BODY_ERRORS[error.type] : undefined;
    if (known) return refuse(res, known.status, known.code, known.message);
    // Other client errors from body-parser: a compressed body that does not decompress, a body cut short.
    if (error.expose && error.status && error.status < 500) return refuse(res, 400, 'BAD_REQUEST', 'Request body could not be read');
    log.error('unexpected http error', { error });
    refuse(res, error.status && error.status < 500 ? error.status : 500, 'INTERNAL_SERVER_ERROR', INTERNAL_ERROR_MESSAGE);
  });

  const port = await listen(httpServer, config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  log.info('gateway listening', { url, trustedOperations: trusted.size });
  return {
    url,
    port,
    async stop() {
      await apollo.stop();
      agent.destroy();
    },
  };
}
