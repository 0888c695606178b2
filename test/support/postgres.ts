import pg from 'pg';
import { readTestSettings } from './settings.ts';

/** The PostgreSQL server tests and tools use: DATABASE_URL, or the local server of this project's machines. */
export function postgresServerUrl(env = process.env): string {
  const settings = readTestSettings(env);
  return settings.ZSB_TEST_DATABASE_URL ?? settings.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Whether PostgreSQL answers; CI sets ZSB_REQUIRE_POSTGRES=1 to make its absence a failure rather than a skip. */
export async function postgresReachable(url = postgresServerUrl()): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    if (readTestSettings().ZSB_REQUIRE_POSTGRES) throw new Error(`PostgreSQL is required but not reachable at ${url}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
