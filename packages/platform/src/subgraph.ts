import 'reflect-metadata';
import type { Router } from 'express';
import type { MikroORM } from '@mikro-orm/core';
import { PLATFORM_SETTINGS, readPlatformConfig, readSettings, subgraphSettings, type PlatformConfig } from './config.ts';
import { openSubgraphDatabase, type DatabaseSpec } from './database.ts';
import { loadCallerSecret } from './keys.ts';
import { createLogger, type Logger } from './logger.ts';
import { buildFederatedSchema, type SchemaDefinition } from './schema.ts';
import { serveSubgraph, type RunningServer } from './server.ts';
import { runService } from './service-process.ts';
import type { BaseContext } from './context.ts';

/** What a subgraph's set-up step receives. */
export interface SubgraphEnvironment {
  config: PlatformConfig;
  orm: MikroORM;
  log: Logger;
  env: NodeJS.ProcessEnv;
}

/**
 * A subgraph, described the same way for all three: its database, its schema, how it builds a request's context,
 * and optionally its service-to-service routes. `D` is what `prepare` builds once at start (services, rules).
 */
export interface SubgraphModule<C extends BaseContext, D> {
  /** Also names its settings (`<NAME>_PORT`, `<NAME>_DATABASE_URL`, declared in `SUBGRAPH_SETTINGS`). */
  name: string;
  database: DatabaseSpec;
  schema: SchemaDefinition<C>;
  prepare(environment: SubgraphEnvironment): Promise<D> | D;
  createContext(base: BaseContext, dependencies: D): C;
  internalRoutes?(router: Router, dependencies: D): void;
  /** Routes beside GraphQL that the gateway forwards (uploads, downloads), answered only to sealed requests. */
  sealedRoutes?(router: Router, dependencies: D): void;
  /** Releases what `prepare` started (timers, clients), before the database closes. */
  dispose?(dependencies: D): Promise<void> | void;
}

export interface RunningSubgraph<D = unknown> extends RunningServer {
  name: string;
  dependencies: D;
  orm: MikroORM;
}

export interface StartOptions {
  config?: PlatformConfig;
  env?: NodeJS.ProcessEnv;
  port?: number;
  host?: string;
  log?: Logger;
}

/** Opens the subgraph's database (migrating it), builds its schema and serves it. */
export async function startSubgraph<C extends BaseContext, D>(module: SubgraphModule<C, D>, options: StartOptions = {}): Promise<RunningSubgraph<D>> {
  const env = options.env ?? process.env;
  // Every shared setting is checked before anything starts, so a bad value is refused by name at once.
  const config = options.config ?? readPlatformConfig(env);
  const settings = { ...readSettings(env, PLATFORM_SETTINGS), ...subgraphSettings(module.name, env) };
  const log = options.log ?? createLogger({ service: module.name });
  const orm = await openSubgraphDatabase(module.database, config, env, { log, retryForMs: settings.ZSB_DATABASE_RETRY_MS });
  try {
    const dependencies = await module.prepare({ config, orm, log, env });
    const { schema } = await buildFederatedSchema(module.schema);
    const server = await serveSubgraph<C>({
      name: module.name,
      config,
      orm,
      schema,
      log,
      callerSecret: loadCallerSecret(config, env),
      port: options.port ?? settings.port,
      host: options.host ?? settings.ZSB_HOST,
      createContext: (base) => module.createContext(base, dependencies),
      internalRoutes: module.internalRoutes ? (router) => module.internalRoutes!(router, dependencies) : undefined,
      sealedRoutes: module.sealedRoutes ? (router) => module.sealedRoutes!(router, dependencies) : undefined,
    });
    return {
      ...server,
      name: module.name,
      dependencies,
      orm,
      async stop() {
        await module.dispose?.(dependencies);
        await server.stop();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}

/** Entry point of a subgraph process: start, report readiness to a supervising parent, stop cleanly on a signal. */
export async function runSubgraph<C extends BaseContext, D>(module: SubgraphModule<C, D>): Promise<void> {
  const log = createLogger({ service: module.name });
  await runService({ name: module.name, log, portSetting: `${module.name.toUpperCase()}_PORT`, start: () => startSubgraph(module, { log }) });
}
