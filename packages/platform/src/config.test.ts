import { describe, expect, it } from 'vitest';
import { PLATFORM_SETTINGS, readPlatformConfig, readSettings, SettingsError, subgraphSettings, SUBGRAPH_SETTINGS, wholeNumber } from './config.ts';

/** The SettingsError a read throws, or undefined. */
function refusal(read: () => unknown): SettingsError | undefined {
  try {
    read();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  return undefined;
}

describe('settings read from the environment', () => {
  it('a port that is not a number is refused by name, never read as NaN', () => {
    const error = refusal(() => subgraphSettings('exams', { EXAMS_PORT: 'abc' }));
    expect(error?.message).toBe('EXAMS_PORT must be a port number (0 to 65535), not "abc"');
  });

  it('every bad value is named at once, each with what it must be', () => {
    const error = refusal(() => readSettings({ ZSB_MODE: 'prod', ZSB_DATABASE_RETRY_MS: '1e3', ZSB_LOG: 'debug', DATABASE_URL: 'not a url' }, PLATFORM_SETTINGS));
    expect(error?.problems).toEqual({
      ZSB_MODE: 'must be development, test or production, not "prod"',
      ZSB_DATABASE_RETRY_MS: 'must be a whole number, not "1e3"',
      ZSB_LOG: 'must be info or silent, not "debug"',
      DATABASE_URL: expect.stringContaining('Invalid url'),
    });
  });

  it('a whole number refuses fractions, signs, units and words', () => {
    for (const bad of ['1.5', '-1', '10ms', 'twelve', '12abc']) expect(refusal(() => readSettings({ LIMIT: bad }, { LIMIT: wholeNumber({ default: 1 }) }))?.problems.LIMIT).toBe(`must be a whole number, not "${bad}"`);
    expect(readSettings({ LIMIT: '0' }, { LIMIT: wholeNumber({ default: 1 }) }).LIMIT).toBe(0);
  });

  it('an unset or empty setting takes its declared default', () => {
    expect(subgraphSettings('candidates', {})).toEqual({ port: 4101, databaseUrl: undefined, url: 'http://127.0.0.1:4101/graphql' });
    expect(subgraphSettings('payments', { PAYMENTS_PORT: '', PAYMENTS_DATABASE_URL: '', PAYMENTS_URL: '' })).toEqual({ port: 4103, databaseUrl: undefined, url: 'http://127.0.0.1:4103/graphql' });
    expect(subgraphSettings('exams', { EXAMS_PORT: '4999' }).url).toBe('http://127.0.0.1:4999/graphql');
    expect(subgraphSettings('exams', { EXAMS_URL: 'http://exams.internal:80/graphql' }).url).toBe('http://exams.internal:80/graphql');
    expect(readSettings({ ZSB_HOST: '' }, PLATFORM_SETTINGS).ZSB_HOST).toBe('127.0.0.1');
    expect(Object.keys(SUBGRAPH_SETTINGS)).toContain('EXAMS_DATABASE_URL');
  });

  it('the mode follows ZSB_MODE, else NODE_ENV, else development', () => {
    expect(readPlatformConfig({ NODE_ENV: 'production' }).mode).toBe('production');
    expect(readPlatformConfig({ NODE_ENV: 'test', ZSB_MODE: 'development' }).mode).toBe('development');
    expect(readPlatformConfig({ NODE_ENV: 'staging' }).mode).toBe('development');
    expect(readPlatformConfig({}).databaseUrl).toBeUndefined();
  });
});
