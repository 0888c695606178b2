import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { intSetting, readPlatformConfig, type PlatformConfig } from '@zsb/platform';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface GatewayConfig {
  platform: PlatformConfig;
  /** The environment the settings were read from (secrets are read from it too). */
  env: NodeJS.ProcessEnv;
  port: number;
  host: string;
  /** Where each subgraph answers, by name. */
  subgraphs: Record<string, string>;
  supergraphFile: string;
  /** The built web client, served at `/`; absent when not built. */
  webRoot: string;
  /** Express `trust proxy`: how many proxies in front may set X-Forwarded-For (0 = none). */
  trustProxyHops: number;
  limits: {
    depth: number;
    aliases: number;
    cost: number;
    /** Tokens in a GraphQL document, checked before it is parsed. */
    tokens: number;
    /** Nesting of lists and objects in an argument or variable value. */
    valueDepth: number;
    /** Values in a request's variables, all together. */
    valueNodes: number;
    /** Bytes of request body for anonymous callers, candidates and partners. */
    bodyBytes: number;
    /** Bytes of request body for staff (roster files travel through the API). */
    staffBodyBytes: number;
  };
  /** Open connections kept to each subgraph. */
  subgraphSockets: number;
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const platform = readPlatformConfig(env);
  const subgraphUrl = (name: string, port: number) => env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${intSetting(env, `${name.toUpperCase()}_PORT`, port)}/graphql`;
  return {
    platform,
    env,
    port: intSetting(env, 'PORT', 4000),
    host: env.ZSB_HOST ?? '127.0.0.1',
    subgraphs: {
      candidates: subgraphUrl('candidates', 4101),
      exams: subgraphUrl('exams', 4102),
      payments: subgraphUrl('payments', 4103),
    },
    supergraphFile: path.join(root, 'gateway', 'supergraph.graphql'),
    webRoot: env.ZSB_WEB_ROOT ?? path.join(root, 'clients', 'web', 'dist'),
    trustProxyHops: intSetting(env, 'ZSB_TRUST_PROXY_HOPS', 0),
    limits: {
      depth: intSetting(env, 'ZSB_MAX_DEPTH', 12),
      aliases: intSetting(env, 'ZSB_MAX_ALIASES', 30),
      cost: intSetting(env, 'ZSB_MAX_COST', 5000),
      tokens: intSetting(env, 'ZSB_MAX_TOKENS', 1000),
      valueDepth: intSetting(env, 'ZSB_MAX_VALUE_DEPTH', 8),
      valueNodes: intSetting(env, 'ZSB_MAX_VALUE_NODES', 10_000),
      bodyBytes: intSetting(env, 'ZSB_MAX_BODY_BYTES', 256 * 1024),
      staffBodyBytes: intSetting(env, 'ZSB_MAX_STAFF_BODY_BYTES', 24 * 1024 * 1024),
    },
    subgraphSockets: intSetting(env, 'ZSB_SUBGRAPH_SOCKETS', 64),
  };
}
