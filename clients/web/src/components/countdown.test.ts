import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRoot } from 'solid-js';
import { createCountdown } from './countdown.ts';

describe('createCountdown', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts the seconds down to zero and then stops', () => {
    createRoot((dispose) => {
      const countdown = createCountdown();
      countdown.start(60);
      expect(countdown.remaining()).toBe(60);
      expect(countdown.running()).toBe(true);
      vi.advanceTimersByTime(1_000);
      expect(countdown.remaining()).toBe(59);
      vi.advanceTimersByTime(59_000);
      expect(countdown.remaining()).toBe(0);
      expect(countdown.running()).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
      dispose();
    });
  });

  it('goes by the clock, so a page paused in the background shows the right time when it wakes', () => {
    createRoot((dispose) => {
      let now = 1_000_000;
      const countdown = createCountdown(() => now);
      countdown.start(60);
      now += 45_000; // the timers did not run while the candidate was in another app
      vi.advanceTimersByTime(250);
      expect(countdown.remaining()).toBe(15);
      dispose();
    });
  });

  it('restarts from a new value (the server says how long to wait)', () => {
    createRoot((dispose) => {
      const countdown = createCountdown();
      countdown.start(60);
      vi.advanceTimersByTime(10_000);
      countdown.start(37);
      expect(countdown.remaining()).toBe(37);
      dispose();
    });
  });

  it('stops its timer when its owner goes away', () => {
    createRoot((dispose) => {
      createCountdown().start(60);
      expect(vi.getTimerCount()).toBe(1);
      dispose();
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('does not start for zero seconds', () => {
    createRoot((dispose) => {
      const countdown = createCountdown();
      countdown.start(0);
      expect(countdown.running()).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
      dispose();
    });
  });
});
