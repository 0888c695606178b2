/** How many worker threads analyse photos. */
import { availableParallelism } from 'node:os';
import { makeValidator } from 'envalid';
import { readSettings } from '@zsb/platform';

export const PHOTO_CHECK_SETTINGS = {
  ZSB_PHOTO_WORKERS: makeValidator<number>((input) => {
    const value = /^\d+$/.test(input.trim()) ? Number(input) : NaN;
    if (!(Number.isSafeInteger(value) && value >= 0 && value <= 64)) throw new Error(`must be a whole number of threads from 0 to 64, not "${input}"`);
    return value;
  })({ default: 0, desc: 'worker threads analysing photos (face models load once per thread, ~0.3 s of CPU a photo); 0 takes the cores, at most 2' }),
};

/** The pool size: the setting, or the cores up to 2 so photo checks never take the whole machine. */
export function photoWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const set = readSettings(env, PHOTO_CHECK_SETTINGS).ZSB_PHOTO_WORKERS;
  return set > 0 ? set : Math.max(1, Math.min(2, availableParallelism()));
}
