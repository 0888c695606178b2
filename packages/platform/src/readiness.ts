/** How a shared probe went for one caller. */
export type ProbeResult<T> = { state: 'answered'; value: T } | { state: 'failed'; error: unknown } | { state: 'timed out' };

export interface SharedProbeOptions {
  /** Each caller gets an answer within this long: the probe's result, or `timed out`. */
  deadlineMs: number;
  /** A probe still unsettled after this long is given up and the next caller starts a fresh one. */
  abandonAfterMs: number;
}

/**
 * Wraps a health probe (a database `select 1`, a round of HTTP checks) so that callers arriving while it runs share
 * it instead of starting their own — a stalled dependency then holds one probe, not one per caller — and so that
 * each caller is answered within the deadline even when the probe hangs.
 */
export function sharedProbe<T>(run: () => Promise<T>, options: SharedProbeOptions): () => Promise<ProbeResult<T>> {
  let inFlight: { startedAt: number; result: Promise<ProbeResult<T>> } | undefined;
  return async () => {
    if (!inFlight || Date.now() - inFlight.startedAt > options.abandonAfterMs) {
      const probe = {
        startedAt: Date.now(),
        result: Promise.resolve()
          .then(run)
          .then(
            (value): ProbeResult<T> => ({ state: 'answered', value }),
            (error: unknown): ProbeResult<T> => ({ state: 'failed', error }),
          ),
      };
      inFlight = probe;
      void probe.result.then(() => {
        if (inFlight === probe) inFlight = undefined;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ProbeResult<T>>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'timed out' }), options.deadlineMs);
    });
    try {
      return await Promise.race([inFlight.result, deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}
