import path from 'node:path';

/** How the platform runs: `development` (embedded defaults, dev outbox), `test`, or `production` (strict). */
export type RunMode = 'development' | 'test' | 'production';

export interface PlatformConfig {
  mode: RunMode;
  /** Folder for SQLite files, generated development keys and the development SMS outbox. */
  dataDir: string;
  /** PostgreSQL server URL; when set, every subgraph keeps its own database on that server. */
  databaseUrl?: string;
}

/** Reads the settings every process shares. Environment variables are documented in the README. */
export function readPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const raw = env.ZSB_MODE ?? (env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development');
  if (raw !== 'development' && raw !== 'test' && raw !== 'production') {
    throw new Error(`ZSB_MODE must be development, test or production, not "${raw}"`);
  }
  return {
    mode: raw,
    dataDir: path.resolve(env.ZSB_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
  };
}

/** Reads a positive integer setting, refusing anything else so a typo never silently becomes a default. */
export function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, not "${value}"`);
  return parsed;
}
