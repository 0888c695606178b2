import { postgresReachable } from './postgres.ts';
import type { Dialect } from './platform.ts';

/** The databases API tests run on: SQLite always, PostgreSQL when reachable (required when ZSB_REQUIRE_POSTGRES=1). */
export const DATABASES: Dialect[] = ['sqlite', ...((await postgresReachable()) ? (['postgresql'] as const) : [])];
