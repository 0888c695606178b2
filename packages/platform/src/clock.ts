import { str } from 'envalid';
import { readSettings, type RunMode } from './config.ts';

/** The platform clock's settings (development and tests; production runs on real time). */
export const CLOCK_SETTINGS = {
  ZSB_CLOCK: str({ default: undefined, desc: 'the time registration windows are read at: demo, real, an ISO instant, or <province>=<instant>,…' }),
  ZSB_CLOCK_ANCHOR: str({ default: undefined, desc: 'the real instant a simulated clock starts at, shared by every process' }),
};

/**
 * What time the platform acts at: real time in production; in development and tests, optionally a simulated time per
 * province that starts at a configured instant and runs forward from there. Every registration window is checked
 * against it, so a demonstration of a past or future exam year stays walkable and tests set the clock they need.
 */
export interface ClockReading {
  now: Date;
  /** Whether `now` is simulated rather than the machine's time. */
  simulated: boolean;
  /** What was configured, for people: `ZSB_CLOCK=demo`, `set by a test`, … (absent for real time). */
  source?: string;
}

interface Simulation {
  /** The simulated instant at `anchorMs`. */
  startMs: number;
  /** The real instant the simulation started at; null for a clock that stands still (tests). */
  anchorMs: number | null;
  source: string;
}

/** Where a province's demonstration clock starts (`ZSB_CLOCK=demo`); undefined leaves that province on real time. */
export type DemoStart = (province: string) => Date | undefined;

const ALL = '*';

/**
 * `ZSB_CLOCK`:
 * - unset, empty or `real`: real time (the default in test and production);
 * - `demo` (the default in development): each province at its demonstration start, e.g. the opening of its
 *   registration window, as the subgraph that knows the rules says;
 * - an ISO 8601 instant with its offset, e.g. `2023-04-01T10:00:00+08:00`: every province;
 * - `CN-SD=2023-04-12T10:00+08:00,CN-NM=2026-03-03T10:00+08:00`: per province (others real; `CN-XX=demo` allowed).
 * Simulated instants hold at `ZSB_CLOCK_ANCHOR` (an ISO instant of real time; the launcher sets it once so restarted
 * processes agree), else at process start, and run forward from there. Production refuses any simulated clock.
 */
export class PlatformClock {
  private readonly simulations = new Map<string, Simulation>();
  private readonly demoProvinces = new Set<string>();
  private demoAll = false;

  private constructor(
    private readonly anchorMs: number,
    private readonly demoStart?: DemoStart,
  ) {}

  /** Real time, nothing simulated. */
  static real(): PlatformClock {
    return new PlatformClock(Date.now());
  }

  /** Reads `ZSB_CLOCK` and `ZSB_CLOCK_ANCHOR`; throws on a value it cannot read, or on any simulation in production. */
  static fromEnvironment(mode: RunMode, env: NodeJS.ProcessEnv = process.env, demoStart?: DemoStart): PlatformClock {
    const settings = readSettings(env, CLOCK_SETTINGS);
    const raw = (settings.ZSB_CLOCK ?? (mode === 'development' ? 'demo' : '')).trim();
    const anchor = settings.ZSB_CLOCK_ANCHOR ? Date.parse(settings.ZSB_CLOCK_ANCHOR) : Date.now();
    if (Number.isNaN(anchor)) throw new Error(`ZSB_CLOCK_ANCHOR must be an ISO 8601 instant, not "${settings.ZSB_CLOCK_ANCHOR}"`);
    const clock = new PlatformClock(anchor, demoStart);
    if (!raw || raw === 'real') return clock;
    if (mode === 'production') throw new Error('ZSB_CLOCK is for development and tests only; production runs on real time');
    if (raw === 'demo') {
      clock.demoAll = true;
      return clock;
    }
    if (!raw.includes('=')) {
      clock.simulate(ALL, parseInstant(raw, 'ZSB_CLOCK'), anchor, `ZSB_CLOCK=${raw}`);
      return clock;
    }
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [province, value] = part.split('=').map((p) => p.trim());
      if (!/^CN-[A-Z]{2}$/.test(province ?? '') || !value) throw new Error(`ZSB_CLOCK: "${part}" is not <province>=<instant> (e.g. CN-SD=2023-04-01T10:00:00+08:00)`);
      if (value === 'demo') clock.demoProvinces.add(province);
      else clock.simulate(province, parseInstant(value, `ZSB_CLOCK (${province})`), anchor, `ZSB_CLOCK=${part}`);
    }
    return clock;
  }

  private simulate(key: string, instant: Date, anchorMs: number | null, source: string): void {
    this.simulations.set(key, { startMs: instant.getTime(), anchorMs, source });
  }

  private simulation(province?: string): Simulation | undefined {
    if (province) {
      const own = this.simulations.get(province);
      if (own) return own;
      if (this.demoAll || this.demoProvinces.has(province)) {
        const start = this.demoStart?.(province);
        if (start) {
          const demo = { startMs: start.getTime(), anchorMs: this.anchorMs, source: 'ZSB_CLOCK=demo' };
          this.simulations.set(province, demo);
          return demo;
        }
      }
    }
    return this.simulations.get(ALL);
  }

  /** The time for a province (or for the platform as a whole when none is named). */
  now(province?: string): Date {
    return this.reading(province).now;
  }

  reading(province?: string): ClockReading {
    const s = this.simulation(province);
    if (!s) return { now: new Date(), simulated: false };
    return { now: new Date(s.startMs + (s.anchorMs === null ? 0 : Date.now() - s.anchorMs)), simulated: true, source: s.source };
  }

  /**
   * Tests: the province (or every province) reads exactly `instant` until set again, so a test says when each action
   * happens (a countdown of 3 s is 3 s, however slow the machine).
   */
  set(instant: Date | string, province?: string): void {
    this.simulate(province ?? ALL, typeof instant === 'string' ? parseInstant(instant, 'clock') : instant, null, 'set by a test');
  }

  /** Tests: back to what the environment configured, or real time. */
  clear(province?: string): void {
    this.simulations.delete(province ?? ALL);
  }
}

function parseInstant(value: string, setting: string): Date {
  // An offset is required: a bare local time would silently mean the server's zone.
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(value)) throw new Error(`${setting} must be an ISO 8601 instant with its offset, e.g. 2023-04-01T10:00:00+08:00, not "${value}"`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${setting} must be an ISO 8601 instant, not "${value}"`);
  return new Date(ms);
}
