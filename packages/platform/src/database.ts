import fs from 'node:fs';
import path from 'node:path';
import { MikroORM, type EntityClass, type MigrationObject, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migration, Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { intSetting, type PlatformConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { attachKeyring, loadPersonalDataKeyring, type PersonalDataKeyring } from './personal-data.ts';

export type Dialect = 'sqlite' | 'postgresql';

/** What a subgraph owns in the database: its entities and its committed migrations, oldest first. */
export interface DatabaseSpec {
  /** The subgraph's name; also its SQLite file name and its PostgreSQL database suffix. */
  name: string;
  entities: EntityClass<unknown>[];
  migrations: MigrationObject[];
  /** Holds personal data: opened with the personal-data keyring (required in production, see `personal-data.ts`). */
  personalData?: boolean;
}

/** Where one subgraph's data lives. */
export type DatabaseLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgresql'; url: string };

/**
 * Each subgraph has a database of its own: `<dataDir>/<name>.sqlite` by default; with `DATABASE_URL` the database
 * `<that database's name>_<name>` on the same PostgreSQL server (a `<NAME>_DATABASE_URL` overrides it whole).
 */
export function locateDatabase(config: PlatformConfig, name: string, env = process.env): DatabaseLocation {
  const own = env[`${name.toUpperCase()}_DATABASE_URL`];
  if (own) return own.startsWith('postgres') ? { dialect: 'postgresql', url: own } : { dialect: 'sqlite', file: own };
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const base = url.pathname.replace(/^\//, '') || 'zsb';
    url.pathname = `/${base}_${name}`;
    return { dialect: 'postgresql', url: url.toString() };
  }
  return { dialect: 'sqlite', file: path.join(config.dataDir, `${name}.sqlite`) };
}

export function ormOptions(spec: DatabaseSpec, location: DatabaseLocation): Options {
  const common: Options = {
    entities: spec.entities,
    extensions: [Migrator],
    migrations: { migrationsList: spec.migrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
  };
  if (location.dialect === 'sqlite') {
    return { ...common, driver: BetterSqliteDriver, dbName: location.file, pool: { min: 1, max: 1 } };
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: location.url,
    pool: { min: 0, max: 10 },
    // A server that accepts connections but never answers fails the attempt instead of holding it forever.
    driverOptions: { connection: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS } },
  };
}

/** How long one attempt to connect to PostgreSQL may take. */
const CONNECT_TIMEOUT_MS = 5000;

/** Creates the PostgreSQL database named by `url` when it does not exist yet (needs CREATEDB on the server). */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by a sibling process
      });
    }
  } finally {
    await client.end();
  }
}

/** Drops a PostgreSQL database (tests clean up after themselves). */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}

export interface OpenDatabaseOptions {
  /** Where each failed attempt is reported. */
  log?: Logger;
  /** How long to keep trying while the database cannot be reached (default: one attempt); see `databaseRetryMs`. */
  retryForMs?: number;
  /** The keys of encrypted columns and blind indexes (and of migrations that convert data). */
  keyring?: PersonalDataKeyring;
}

/** `ZSB_DATABASE_RETRY_MS`: how long a process keeps trying to reach its database at start (default one minute). */
export function databaseRetryMs(env: NodeJS.ProcessEnv = process.env): number {
  return intSetting(env, 'ZSB_DATABASE_RETRY_MS', 60_000);
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * Whether an error means the database is not there, or not yet: the connection was refused, reset or timed out, or
 * the server is starting up or full. Anything else (a wrong password, a failed migration) will not heal by waiting.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const failure = error as { code?: string; message?: string; name?: string; errors?: unknown[] } | undefined;
  if (!failure) return false;
  const code = failure.code ?? '';
  if (UNREACHABLE_CODES.has(code) || code === '57P03' || code === '53300' || /^08/.test(code)) return true;
  if (failure.name === 'KnexTimeoutError' || /^Connection terminated/.test(failure.message ?? '')) return true;
  return Array.isArray(failure.errors) && failure.errors.some(isDatabaseUnreachable);
}

/** Where a database is, for messages: the server and database name, never the password. */
export function describeDatabase(location: DatabaseLocation): string {
  if (location.dialect === 'sqlite') return location.file;
  const url = new URL(location.url);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

function errorReason(error: unknown): string {
  const failure = error as { code?: string; message?: string; errors?: { message?: string }[] };
  const message = failure?.message || failure?.errors?.[0]?.message || String(error);
  return failure?.code && !message.includes(failure.code) ? `${failure.code}: ${message}` : message;
}

async function openOnce(spec: DatabaseSpec, location: DatabaseLocation, keyring?: PersonalDataKeyring): Promise<MikroORM> {
  if (location.dialect === 'sqlite' && location.file !== ':memory:') {
    fs.mkdirSync(path.dirname(location.file), { recursive: true });
  } else if (location.dialect === 'postgresql') {
    await ensurePostgresDatabase(location.url);
  }
  const orm = await MikroORM.init(ormOptions(spec, location));
  if (keyring) attachKeyring(orm.config, keyring);
  try {
    if (location.dialect === 'sqlite') {
      // WAL lets readers proceed while one writer commits; busy_timeout waits out a sibling's write lock.
      const connection = orm.em.getConnection();
      await connection.execute('pragma journal_mode = wal');
      await connection.execute('pragma busy_timeout = 5000');
      await connection.execute('pragma foreign_keys = on');
    }
    await orm.getMigrator().up();
    return orm;
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    throw error;
  }
}

/**
 * Opens a subgraph's database and brings it to the newest committed migration. Never syncs or drops. While the
 * database cannot be reached it tries again, waiting twice as long each time (up to 5 s), for `retryForMs` in all;
 * a running service asks for that, a command-line tool fails at once.
 */
export async function openDatabase(spec: DatabaseSpec, location: DatabaseLocation, options: OpenDatabaseOptions = {}): Promise<MikroORM> {
  const retryForMs = options.retryForMs ?? 0;
  const began = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await openOnce(spec, location, options.keyring);
    } catch (error) {
      if (!isDatabaseUnreachable(error)) throw error;
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1));
      const elapsed = Date.now() - began;
      if (elapsed + delay > retryForMs) {
        throw new Error(`the ${spec.name} database at ${describeDatabase(location)} could not be reached (${attempt} attempts in ${Math.round(elapsed / 1000)} s): ${errorReason(error)}`, { cause: error });
      }
      options.log?.warn(`the ${spec.name} database is not reachable; trying again in ${delay} ms`, { database: describeDatabase(location), reason: errorReason(error), attempt, inMs: delay });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Opens the database of subgraph `spec.name` where the configuration puts it, with the keys it needs. */
export function openSubgraphDatabase(spec: DatabaseSpec, config: PlatformConfig, env = process.env, options: Omit<OpenDatabaseOptions, 'keyring'> = {}): Promise<MikroORM> {
  const keyring = spec.personalData ? loadPersonalDataKeyring(config, env) : undefined;
  return openDatabase(spec, locateDatabase(config, spec.name, env), { ...options, keyring });
}

/**
 * A migration that carries the same change for both supported databases, as generated by
 * `npm run migration:create`. One list of migrations serves SQLite and PostgreSQL alike.
 */
export abstract class PortableMigration extends Migration {
  abstract readonly statements: Record<Dialect, string[]>;
  readonly downStatements?: Record<Dialect, string[]>;

  protected dialect(): Dialect {
    return this.driver.getPlatform().constructor.name.toLowerCase().includes('postgre') ? 'postgresql' : 'sqlite';
  }

  override async up(): Promise<void> {
    for (const sql of this.statements[this.dialect()]) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of this.downStatements?.[this.dialect()] ?? []) this.addSql(sql);
  }
}
