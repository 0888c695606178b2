import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { str } from 'envalid';
import { KEY_SETTINGS, PLATFORM_SETTINGS, portNumber, readPlatformConfig, readSettings, SUBGRAPH_SETTINGS, subgraphSettings, wholeNumber, type PlatformConfig } from '@zsb/platform';

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

/** The gateway's own settings (the README's configuration table lists each). */
export const GATEWAY_SETTINGS = {
  PORT: portNumber({ default: 4000, desc: 'the gateway (web client, /graphql, health)' }),
  ZSB_WEB_ROOT: str({ default: path.join(root, 'clients', 'web', 'dist'), desc: 'the built web client the gateway serves' }),
  ZSB_TRUST_PROXY_HOPS: wholeNumber({ default: 0, desc: 'proxies in front of the gateway whose X-Forwarded-For is believed' }),
  ZSB_MAX_DEPTH: wholeNumber({ default: 12, desc: 'deepest field nesting of an operation' }),
  ZSB_MAX_ALIASES: wholeNumber({ default: 30, desc: 'most aliases in an operation' }),
  ZSB_MAX_COST: wholeNumber({ default: 5000, desc: 'highest estimated cost of an operation' }),
  ZSB_MAX_TOKENS: wholeNumber({ default: 1000, desc: 'most tokens in a document, checked before it is parsed' }),
  ZSB_MAX_VALUE_DEPTH: wholeNumber({ default: 8, desc: 'deepest nesting of lists and objects in an argument or variable value' }),
  ZSB_MAX_VALUE_NODES: wholeNumber({ default: 10_000, desc: "most values in a request's variables, all together" }),
  ZSB_MAX_BODY_BYTES: wholeNumber({ default: 256 * 1024, desc: 'request size for anonymous callers, candidates and partners' }),
  ZSB_MAX_STAFF_BODY_BYTES: wholeNumber({ default: 24 * 1024 * 1024, desc: 'request size for staff (roster files)' }),
  ZSB_SUBGRAPH_SOCKETS: wholeNumber({ default: 64, desc: 'keep-alive connections from the gateway to each subgraph' }),
};

/** Everything the gateway process reads from its environment, checked at once. */
export const GATEWAY_PROCESS_SETTINGS = { ...PLATFORM_SETTINGS, ...KEY_SETTINGS, ...SUBGRAPH_SETTINGS, ...GATEWAY_SETTINGS };

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const platform = readPlatformConfig(env);
  const settings = readSettings(env, GATEWAY_PROCESS_SETTINGS);
  return {
    platform,
    env,
    port: settings.PORT,
    host: settings.ZSB_HOST,
    subgraphs: {
      candidates: subgraphSettings('candidates', env).url,
      exams: subgraphSettings('exams', env).url,
      payments: subgraphSettings('payments', env).url,
    },
    supergraphFile: path.join(root, 'gateway', 'supergraph.graphql'),
    webRoot: settings.ZSB_WEB_ROOT,
    trustProxyHops: settings.ZSB_TRUST_PROXY_HOPS,
    limits: {
      depth: settings.ZSB_MAX_DEPTH,
      aliases: settings.ZSB_MAX_ALIASES,
      cost: settings.ZSB_MAX_COST,
      tokens: settings.ZSB_MAX_TOKENS,
      valueDepth: settings.ZSB_MAX_VALUE_DEPTH,
      valueNodes: settings.ZSB_MAX_VALUE_NODES,
      bodyBytes: settings.ZSB_MAX_BODY_BYTES,
      staffBodyBytes: settings.ZSB_MAX_STAFF_BODY_BYTES,
    },
    subgraphSockets: settings.ZSB_SUBGRAPH_SOCKETS,
  };
}
