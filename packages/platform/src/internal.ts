import http from 'node:http';
import https from 'node:https';
import { subgraphSettings } from './config.ts';
import { sealedCallerHeader } from './identity.ts';

/**
 * Where a subgraph answers, as every process finds it: `<NAME>_URL`, else `<NAME>_PORT` (or its default) on
 * 127.0.0.1. The gateway reads the same settings.
 */
export function subgraphUrl(env: NodeJS.ProcessEnv, name: string): string {
  return subgraphSettings(name, env).url;
}

/** A refusal or failure of another subgraph's internal route. */
export class InternalCallError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${route} answered ${status}`);
    this.name = 'InternalCallError';
  }
}

/** Keep-alive connections to other subgraphs, shared by every internal call of the process. */
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 32, keepAliveMsecs: 30_000 }), https: new https.Agent({ keepAlive: true, maxSockets: 32, keepAliveMsecs: 30_000 }) };

/**
 * Calls another subgraph's internal route (`/internal/...`) as a sealed platform service: the only way in. Answers the
 * parsed JSON body; any status outside 2xx (and `accept`) throws `InternalCallError` with it. Plain `http` on a
 * keep-alive agent: calls sit on the request path, where `fetch` cost several times the CPU.
 */
export function callInternal<T>(
  origin: string,
  route: string,
  options: { secret: Buffer; service: string; method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number; accept?: number[] },
): Promise<{ status: number; body: T }> {
  const url = new URL(route, origin);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string | number> = { ...sealedCallerHeader(options.secret, { kind: 'service', name: options.service }, '') };
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: options.method ?? (payload === undefined ? 'GET' : 'POST'), headers, agent: secure ? agents.https : agents.http, timeout: options.timeoutMs ?? 3000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: kept as text for the error.
          }
          const status = response.statusCode ?? 0;
          if ((status < 200 || status >= 300) && !(options.accept ?? []).includes(status)) reject(new InternalCallError(route, status, body));
          else resolve({ status, body: body as T });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${route} did not answer within ${options.timeoutMs ?? 3000} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}
