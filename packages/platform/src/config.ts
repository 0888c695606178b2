import path from 'node:path';
import { cleanEnv, EnvError, host, makeValidator, str, url, type CleanedEnv } from 'envalid';

/** How the platform runs: `development` (embedded defaults, dev outbox), `test`, or `production` (strict). */
export type RunMode = 'development' | 'test' | 'production';

export interface PlatformConfig {
  mode: RunMode;
  /** Folder for SQLite files, generated development keys and the development SMS outbox. */
  dataDir: string;
  /** PostgreSQL server URL; when set, every subgraph keeps its own database on that server. */
  databaseUrl?: string;
}

/** One or more settings with a bad value, each named with what it must be. */
export class SettingsError extends Error {
  constructor(readonly problems: Record<string, string>) {
    super(Object.entries(problems).map(([name, problem]) => `${name} ${problem}`).join('; '));
    this.name = 'SettingsError';
  }
}

/** A whole number of at least 0 (a count, a limit, milliseconds). */
export const wholeNumber = makeValidator<number>((input) => {
  if (!/^\d+$/.test(input.trim())) throw new EnvError(`must be a whole number, not "${input}"`);
  return Number(input);
});

/** A TCP port; 0 asks the system for any free one. */
export const portNumber = makeValidator<number>((input) => {
  const port = /^\d+$/.test(input.trim()) ? Number(input) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new EnvError(`must be a port number (0 to 65535), not "${input}"`);
  return port;
});

/** One of a closed list of words. */
export function oneOf<const T extends string>(choices: readonly T[]) {
  return makeValidator<T>((input) => {
    if (!(choices as readonly string[]).includes(input)) throw new EnvError(`must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, not "${input}"`);
    return input as T;
  });
}

/** A yes/no switch: `1`/`0` (also `true`/`false`, `yes`/`no`). */
export const onOff = makeValidator<boolean>((input) => {
  const value = input.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new EnvError(`must be 1 or 0, not "${input}"`);
});

/**
 * Reads the declared settings from an environment, typed, with their defaults; an empty value counts as unset. Every
 * bad value is refused at once, all named in one `SettingsError`, so a typo never silently becomes a default or NaN.
 */
export function readSettings<S extends object>(env: NodeJS.ProcessEnv, specs: S): CleanedEnv<S> {
  const given: Record<string, string> = {};
  for (const name of Object.keys(specs)) {
    const value = env[name];
    if (value !== undefined && value !== '') given[name] = value;
  }
  return cleanEnv(given, specs, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors as Record<string, Error | undefined>).filter((entry): entry is [string, Error] => entry[1] !== undefined);
      if (problems.length) throw new SettingsError(Object.fromEntries(problems.map(([name, error]) => [name, error.message])));
    },
  });
}

/** For a command's start: reads settings, or says which are not valid (each on a line) and exits with status 1. */
export function settingsOrExit<T>(read: () => T, heading = 'Settings are not valid:'): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${heading}\n${Object.entries(error.problems).map(([name, problem]) => `  ${name} ${problem}`).join('\n')}\n`);
    process.exit(1);
  }
}

/**
 * Settings every platform process reads (the README's configuration table lists each declaration here and in the
 * other `*_SETTINGS` objects; a test keeps the two alike).
 */
export const PLATFORM_SETTINGS = {
  ZSB_MODE: oneOf(['development', 'test', 'production'] as const)({ default: undefined, desc: 'development, test or production (default: from NODE_ENV, else development)' }),
  NODE_ENV: str({ default: undefined, desc: 'production or test choose that mode when ZSB_MODE is not set' }),
  ZSB_DATA_DIR: str({ default: 'data', desc: 'SQLite files, development keys, SMS outbox, process logs' }),
  DATABASE_URL: url({ default: undefined, desc: 'PostgreSQL server; each subgraph uses <database>_<subgraph>' }),
  ZSB_HOST: host({ default: '127.0.0.1', desc: 'address every process binds to' }),
  ZSB_LOG: oneOf(['info', 'silent'] as const)({ default: 'info', desc: 'silent keeps only errors' }),
  ZSB_DATABASE_RETRY_MS: wholeNumber({ default: 60_000, desc: 'how long a process keeps trying to reach its database at start' }),
};

/** Where each subgraph listens, keeps its data, and is found by the gateway. */
export const SUBGRAPH_SETTINGS = {
  CANDIDATES_PORT: portNumber({ default: 4101, desc: 'candidates subgraph port' }),
  EXAMS_PORT: portNumber({ default: 4102, desc: 'exams subgraph port' }),
  PAYMENTS_PORT: portNumber({ default: 4103, desc: 'payments subgraph port' }),
  CANDIDATES_DATABASE_URL: str({ default: undefined, desc: "the candidates subgraph's database, whole URL or SQLite file path" }),
  EXAMS_DATABASE_URL: str({ default: undefined, desc: "the exams subgraph's database, whole URL or SQLite file path" }),
  PAYMENTS_DATABASE_URL: str({ default: undefined, desc: "the payments subgraph's database, whole URL or SQLite file path" }),
  CANDIDATES_URL: url({ default: undefined, desc: 'where the gateway and the other subgraphs find the candidates subgraph' }),
  EXAMS_URL: url({ default: undefined, desc: 'where the gateway and the other subgraphs find the exams subgraph' }),
  PAYMENTS_URL: url({ default: undefined, desc: 'where the gateway and the other subgraphs find the payments subgraph' }),
};

/** The settings of one subgraph, by its name. */
export function subgraphSettings(name: string, env: NodeJS.ProcessEnv): { port: number; databaseUrl?: string; url: string } {
  const settings = readSettings(env, SUBGRAPH_SETTINGS) as unknown as Record<string, number | string | undefined>;
  const prefix = name.toUpperCase();
  if (!(`${prefix}_PORT` in SUBGRAPH_SETTINGS)) throw new Error(`no settings are declared for a subgraph named "${name}"`);
  const port = settings[`${prefix}_PORT`] as number;
  return { port, databaseUrl: settings[`${prefix}_DATABASE_URL`] as string | undefined, url: (settings[`${prefix}_URL`] as string | undefined) ?? `http://127.0.0.1:${port}/graphql` };
}

/** Reads the settings every process shares. */
export function readPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const settings = readSettings(env, PLATFORM_SETTINGS);
  return {
    mode: settings.ZSB_MODE ?? (settings.NODE_ENV === 'production' ? 'production' : settings.NODE_ENV === 'test' ? 'test' : 'development'),
    dataDir: path.resolve(settings.ZSB_DATA_DIR),
    databaseUrl: settings.DATABASE_URL,
  };
}
