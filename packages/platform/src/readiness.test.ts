import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sharedProbe } from './readiness.ts';

/** A probe the test settles by hand, counting how often it was started. */
function controlledProbe() {
  const runs: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const run = () => new Promise<string>((resolve, reject) => runs.push({ resolve, reject }));
  return { run, runs };
}

describe('a shared readiness probe', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('callers arriving while a probe runs share it: five callers, one probe', async () => {
    const { run, runs } = controlledProbe();
    const check = sharedProbe(run, { deadlineMs: 1000, abandonAfterMs: 10_000 });
    const answers = Promise.all([check(), check(), check(), check(), check()]);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);
    runs[0].resolve('ok');
    expect(await answers).toEqual(Array(5).fill({ state: 'answered', value: 'ok' }));
    check();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
  });

  it('a probe that hangs answers every caller "timed out" at the deadline, and still runs only once', async () => {
    const { run, runs } = controlledProbe();
    const check = sharedProbe(run, { deadlineMs: 1000, abandonAfterMs: 10_000 });
    const first = check();
    await vi.advanceTimersByTimeAsync(999);
    const second = check();
    await vi.advanceTimersByTimeAsync(1);
    expect(await first).toEqual({ state: 'timed out' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await second).toEqual({ state: 'timed out' });
    expect(runs).toHaveLength(1);
  });

  it('a probe hung past the abandon time is given up: the next caller starts a fresh one, which can succeed', async () => {
    const { run, runs } = controlledProbe();
    const check = sharedProbe(run, { deadlineMs: 1000, abandonAfterMs: 5000 });
    void check();
    await vi.advanceTimersByTimeAsync(5001);
    const later = check();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
    runs[1].resolve('ok');
    expect(await later).toEqual({ state: 'answered', value: 'ok' });
    // The abandoned probe settling late does not disturb the next one.
    runs[0].resolve('late');
    void check();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(3);
  });

  it('a failed probe is reported as failed, and the next caller tries again', async () => {
    const { run, runs } = controlledProbe();
    const check = sharedProbe(run, { deadlineMs: 1000, abandonAfterMs: 10_000 });
    const answer = check();
    await vi.advanceTimersByTimeAsync(0);
    runs[0].reject(new Error('connection refused'));
    expect(await answer).toMatchObject({ state: 'failed', error: { message: 'connection refused' } });
    void check();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
  });
});
