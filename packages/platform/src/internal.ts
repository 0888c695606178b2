import { intSetting } from './config.ts';
import { sealedCallerHeader } from './identity.ts';

/**
 * Where a subgraph answers, as every process finds it: `<NAME>_URL`, else `<NAME>_PORT` (or its default) on
 * 127.0.0.1. The gateway reads the same settings.
 */
export function subgraphUrl(env: NodeJS.ProcessEnv, name: string, defaultPort: number): string {
  return env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${intSetting(env, `${name.toUpperCase()}_PORT`, defaultPort)}/graphql`;
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

/**
 * Calls another subgraph's internal route (`/internal/...`) as a sealed platform service: the only way in. Answers the
 * parsed JSON body; any status outside 2xx (and `accept`) throws `InternalCallError` with it.
 */
export async function callInternal<T>(
  origin: string,
  route: string,
  options: { secret: Buffer; service: string; method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number; accept?: number[] },
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${origin}${route}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...sealedCallerHeader(options.secret, { kind: 'service', name: options.service }, '') },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: kept as text for the error.
  }
  if (!response.ok && !(options.accept ?? []).includes(response.status)) throw new InternalCallError(route, response.status, body);
  return { status: response.status, body: body as T };
}
