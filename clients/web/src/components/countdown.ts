import { createSignal, getOwner, onCleanup } from 'solid-js';

/**
 * Seconds left until a deadline, for the 获取验证码 button. Counts against the clock rather than the number of ticks,
 * so a phone that paused the page (switching apps) shows the right time when it comes back.
 */
export function createCountdown(now: () => number = () => Date.now()) {
  const [remaining, setRemaining] = createSignal(0);
  let deadline = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - now()) / 1000));
    setRemaining(left);
    if (left === 0) stop();
  };

  if (getOwner()) onCleanup(stop);

  return {
    /** Whole seconds left; 0 when not counting. */
    remaining,
    running: () => remaining() > 0,
    start(seconds: number) {
      stop();
      deadline = now() + Math.max(0, seconds) * 1000;
      tick();
      if (remaining() > 0) timer = setInterval(tick, 250);
    },
    reset() {
      stop();
      deadline = 0;
      setRemaining(0);
    },
  };
}
