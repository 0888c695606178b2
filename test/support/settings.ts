import { str, url } from 'envalid';
import { onOff, PLATFORM_SETTINGS, readSettings } from '@zsb/platform/config';

/** What the test runs read (listed in the README's configuration table). */
export const TEST_SETTINGS = {
  ZSB_TEST_DATABASE_URL: url({ default: undefined, desc: 'tests: the PostgreSQL server to use (else DATABASE_URL, else the local one)' }),
  ZSB_REQUIRE_POSTGRES: onOff({ default: false, desc: 'tests: fail instead of skipping when PostgreSQL is not reachable' }),
  ZSB_REQUIRE_BROWSER: onOff({ default: false, desc: 'tests: fail instead of leaving the browser tests out when chromium is missing' }),
  ZSB_CHROMIUM: str({ default: '/usr/bin/chromium', desc: 'tests: the chromium the browser tests drive' }),
  CI: str({ default: undefined, desc: 'set by CI services: a missing chromium fails the run' }),
};

/** The test settings, and the platform's DATABASE_URL that the PostgreSQL tests fall back on. */
export function readTestSettings(env: NodeJS.ProcessEnv = process.env) {
  return readSettings(env, { ...TEST_SETTINGS, DATABASE_URL: PLATFORM_SETTINGS.DATABASE_URL });
}
