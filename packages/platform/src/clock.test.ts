import { describe, expect, it } from 'vitest';
import { PlatformClock } from './clock.ts';

const near = (actual: Date, expected: string) => expect(Math.abs(actual.getTime() - Date.parse(expected))).toBeLessThan(5_000);

describe('the platform clock', () => {
  it('runs on real time in tests and production unless configured', () => {
    for (const mode of ['test', 'production'] as const) {
      const reading = PlatformClock.fromEnvironment(mode, {}).reading('CN-SD');
      expect(reading.simulated).toBe(false);
      near(reading.now, new Date().toISOString());
    }
  });

  it('production refuses any simulated clock, so no deployment can run registration on a made-up date', () => {
    for (const value of ['2023-04-01T10:00:00+08:00', 'demo', 'CN-SD=2023-04-01T10:00:00+08:00']) {
      expect(() => PlatformClock.fromEnvironment('production', { ZSB_CLOCK: value })).toThrow(/development and tests only/);
    }
    expect(PlatformClock.fromEnvironment('production', { ZSB_CLOCK: 'real' }).reading().simulated).toBe(false);
  });

  it('an instant starts every province there, running forward from the anchor', () => {
    const anchor = new Date(Date.now() - 60_000).toISOString();
    const clock = PlatformClock.fromEnvironment('development', { ZSB_CLOCK: '2023-04-01T10:00:00+08:00', ZSB_CLOCK_ANCHOR: anchor });
    near(clock.now('CN-SD'), '2023-04-01T10:01:00+08:00');
    near(clock.now('CN-NM'), '2023-04-01T10:01:00+08:00');
    expect(clock.reading('CN-NM')).toMatchObject({ simulated: true, source: 'ZSB_CLOCK=2023-04-01T10:00:00+08:00' });
  });

  it('per province: each named province on its own instant, the others on real time', () => {
    const clock = PlatformClock.fromEnvironment('development', { ZSB_CLOCK: 'CN-SD=2023-04-12T10:00:00+08:00, CN-NM=2026-03-03T10:00:00+08:00' });
    near(clock.now('CN-SD'), '2023-04-12T10:00:00+08:00');
    near(clock.now('CN-NM'), '2026-03-03T10:00:00+08:00');
    expect(clock.reading('CN-HI').simulated).toBe(false);
  });

  it('demo: each province starts where the rules say (in development by default), and one the rules do not know runs on real time', () => {
    const starts: Record<string, string> = { 'CN-SD': '2023-03-31T10:00:00+08:00' };
    const demoStart = (province: string) => (starts[province] ? new Date(starts[province]) : undefined);
    const clock = PlatformClock.fromEnvironment('development', {}, demoStart);
    expect(clock.reading('CN-SD')).toMatchObject({ simulated: true, source: 'ZSB_CLOCK=demo' });
    near(clock.now('CN-SD'), '2023-03-31T10:00:00+08:00');
    expect(clock.reading('CN-XX').simulated).toBe(false);
    expect(PlatformClock.fromEnvironment('development', { ZSB_CLOCK: 'real' }, demoStart).reading('CN-SD').simulated).toBe(false);
  });

  it('a value it cannot read stops start-up with the setting named, rather than silently using real time', () => {
    expect(() => PlatformClock.fromEnvironment('development', { ZSB_CLOCK: '2023-04-01 10:00' })).toThrow(/ZSB_CLOCK must be an ISO 8601 instant with its offset/);
    expect(() => PlatformClock.fromEnvironment('development', { ZSB_CLOCK: 'SD=2023-04-01T10:00:00+08:00' })).toThrow(/is not <province>=<instant>/);
    expect(() => PlatformClock.fromEnvironment('development', { ZSB_CLOCK: 'demo', ZSB_CLOCK_ANCHOR: 'yesterday' })).toThrow(/ZSB_CLOCK_ANCHOR/);
  });

  it('a test sets a province (or all) to an exact instant that stands still until set again', async () => {
    const clock = PlatformClock.fromEnvironment('test', {});
    clock.set('2023-04-01T10:00:00+08:00', 'CN-SD');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now('CN-SD').toISOString()).toBe('2023-04-01T02:00:00.000Z');
    expect(clock.reading('CN-NM').simulated).toBe(false);
    clock.set('2030-01-01T00:00:00Z');
    expect(clock.now('CN-NM').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    clock.clear('CN-SD');
    expect(clock.now('CN-SD').toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });
});
