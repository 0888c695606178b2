/**
 * Runs platform processes as children and keeps them alive: a child that exits is restarted with back-off, a child
 * that stops answering `/healthz` is killed and restarted, and stopping goes in the order given, each process with a
 * grace period before SIGKILL. Children are forked with an IPC channel (they report `ready` with their URL, or
 * `failed` with a reason) and in a session of their own, so a terminal's Ctrl-C reaches only the launcher, which then
 * stops them in order; a child notices its launcher's death through that channel (see `runService`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import readline from 'node:readline';
import { readSettings, wholeNumber, type Logger, type ServiceMessage } from '@zsb/platform';

export interface ServiceDefinition {
  name: string;
  /** The script to fork, and its arguments. */
  entry: string;
  args?: string[];
  execArgv?: string[];
}

export interface SupervisorSettings {
  /** Time between two `/healthz` checks of a ready child; 0 turns liveness checks off. */
  healthIntervalMs: number;
  /** How long one check waits for an answer. */
  healthTimeoutMs: number;
  /** Consecutive failed checks after which the child is killed and restarted. */
  healthFailures: number;
  /** How long a child may take to stop after SIGTERM before it is killed. */
  stopGraceMs: number;
  /** How long a child may take to report ready before it is killed. */
  startTimeoutMs: number;
  /** First restart delay, doubled after each restart up to `restartDelayMaxMs`. */
  restartDelayMs: number;
  restartDelayMaxMs: number;
  /** A child that ran this long is restarted at once the next time (its back-off starts over). */
  stableAfterMs: number;
}

/** The supervision settings (listed in the README's configuration table). */
export const SUPERVISOR_SETTINGS = {
  ZSB_HEALTH_INTERVAL_MS: wholeNumber({ default: 2000, desc: "how often npm start checks each process's /healthz; 0 turns the checks off" }),
  ZSB_HEALTH_TIMEOUT_MS: wholeNumber({ default: 2000, desc: 'how long one check waits for an answer' }),
  ZSB_HEALTH_FAILURES: wholeNumber({ default: 3, desc: 'missed checks in a row after which a process is restarted' }),
  ZSB_STOP_GRACE_MS: wholeNumber({ default: 5000, desc: 'how long npm start lets each process stop before killing it' }),
  ZSB_START_TIMEOUT_MS: wholeNumber({ default: 120_000, desc: 'a process that has not reported ready by then is killed' }),
};

/** The supervision settings, from the environment. */
export function readSupervisorSettings(env: NodeJS.ProcessEnv = process.env): SupervisorSettings {
  const settings = readSettings(env, SUPERVISOR_SETTINGS);
  return {
    healthIntervalMs: settings.ZSB_HEALTH_INTERVAL_MS,
    healthTimeoutMs: Math.max(1, settings.ZSB_HEALTH_TIMEOUT_MS),
    healthFailures: Math.max(1, settings.ZSB_HEALTH_FAILURES),
    stopGraceMs: settings.ZSB_STOP_GRACE_MS,
    startTimeoutMs: settings.ZSB_START_TIMEOUT_MS,
    restartDelayMs: 500,
    restartDelayMaxMs: 30_000,
    stableAfterMs: 60_000,
  };
}

/** A child that ended before it was ready, with the reason it gave (or how it ended). */
export class StartFailure extends Error {
  constructor(
    readonly service: string,
    readonly reason: string,
  ) {
    super(`${service} could not start: ${reason}`);
  }
}

export type StopOutcome = 'stopped' | 'killed' | 'not running';

interface ServiceState {
  definition: ServiceDefinition;
  child?: ChildProcess;
  url?: string;
  ready: boolean;
  startedAt: number;
  /** Restarts since the child last ran for `stableAfterMs`: the exponent of the back-off. */
  restarts: number;
  /** Why the current child is ending, when the supervisor knows better than its exit code. */
  reason?: string;
  /** The supervisor killed the current child itself (it stopped answering), and has said so. */
  killed?: boolean;
  liveness?: NodeJS.Timeout;
  restartTimer?: NodeJS.Timeout;
}

export interface SupervisorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  settings: SupervisorSettings;
  log: Logger;
}

/**
 * Events: `output` (service, line, stream) for every line a child prints, `ready` (service, pid), `exit` (service,
 * code, signal), `unresponsive` (service, reason) just before a silent child is killed, `restart` (service, reason,
 * delayMs) when a restart is scheduled.
 */
export class Supervisor extends EventEmitter {
  private readonly services = new Map<string, ServiceState>();
  private stopping = false;

  constructor(
    definitions: ServiceDefinition[],
    private readonly options: SupervisorOptions,
  ) {
    super();
    for (const definition of definitions) this.services.set(definition.name, { definition, ready: false, startedAt: 0, restarts: 0 });
  }

  /** Starts a service; resolves once it reports ready, rejects with a `StartFailure` if it ends before. */
  start(name: string): Promise<void> {
    return this.launch(this.state(name));
  }

  /** The URL a ready service reported. */
  url(name: string): string | undefined {
    return this.state(name).url;
  }

  /** The process id of a service's current child. */
  pid(name: string): number | undefined {
    return this.state(name).child?.pid;
  }

  /**
   * Stops everything: no more restarts, then each group of services in turn (the services of one group together),
   * each child with SIGTERM and, after the grace period, SIGKILL. Calls `onGroup` before each group.
   */
  async stop(order: string[][], onGroup?: (group: string[]) => void): Promise<Record<string, StopOutcome>> {
    this.stopping = true;
    for (const state of this.services.values()) {
      clearTimeout(state.restartTimer);
      clearTimeout(state.liveness);
    }
    const outcomes: Record<string, StopOutcome> = {};
    for (const group of order) {
      const running = group.filter((name) => this.isRunning(this.state(name).child));
      for (const name of group) outcomes[name] = 'not running';
      if (running.length === 0) continue;
      onGroup?.(running);
      await Promise.all(running.map(async (name) => (outcomes[name] = await this.stopChild(this.state(name).child!))));
    }
    return outcomes;
  }

  /** Kills every child at once (a second Ctrl-C). */
  killAll(): void {
    this.stopping = true;
    for (const state of this.services.values()) if (this.isRunning(state.child)) state.child!.kill('SIGKILL');
  }

  private state(name: string): ServiceState {
    const state = this.services.get(name);
    if (!state) throw new Error(`unknown service ${name}`);
    return state;
  }

  private isRunning(child: ChildProcess | undefined): boolean {
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  private stopChild(child: ChildProcess): Promise<StopOutcome> {
    return new Promise((resolve) => {
      let outcome: StopOutcome = 'stopped';
      const timer = setTimeout(() => {
        outcome = 'killed';
        child.kill('SIGKILL');
      }, this.options.settings.stopGraceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(outcome);
      });
      child.kill('SIGTERM');
    });
  }

  private launch(state: ServiceState): Promise<void> {
    const { name, entry, args, execArgv } = state.definition;
    const { settings, log } = this.options;
    return new Promise((resolve, reject) => {
      if (this.stopping) return reject(new StartFailure(name, 'the platform is stopping'));
      state.startedAt = Date.now();
      state.ready = false;
      state.reason = undefined;
      state.killed = false;
      const child = fork(entry, args ?? [], {
        cwd: this.options.cwd,
        env: this.options.env,
        execArgv: execArgv ?? [],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // A session of its own: the terminal's Ctrl-C goes to the launcher alone, which stops children in order.
        detached: true,
      });
      state.child = child;
      for (const [stream, source] of [['stdout', child.stdout!], ['stderr', child.stderr!]] as const) {
        readline.createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => this.emit('output', name, line, stream));
      }
      const startTimer =
        settings.startTimeoutMs > 0
          ? setTimeout(() => {
              state.reason = `it did not report ready within ${Math.round(settings.startTimeoutMs / 1000)} s`;
              child.kill('SIGKILL');
            }, settings.startTimeoutMs)
          : undefined;
      child.on('message', (message: ServiceMessage) => {
        if (message?.type === 'ready' && state.child === child && !state.ready) {
          clearTimeout(startTimer);
          state.ready = true;
          state.url = message.url;
          this.watch(state, child);
          this.emit('ready', name, child.pid);
          resolve();
        } else if (message?.type === 'failed') {
          state.reason = message.reason;
        }
      });
      child.on('error', (error) => {
        // The child could not be spawned, or could not be signalled; an exit follows only in the second case.
        if (child.pid === undefined) {
          clearTimeout(startTimer);
          reject(new StartFailure(name, error.message));
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(startTimer);
        clearTimeout(state.liveness);
        this.emit('exit', name, code, signal);
        if (state.child !== child) return;
        const wasReady = state.ready;
        state.ready = false;
        const reason = state.reason ?? (signal ? `it was ended by ${signal}` : `it exited with code ${code}`);
        if (!wasReady) return reject(new StartFailure(name, reason));
        if (this.stopping) return;
        if (!state.killed) log.warn(`${name} stopped unexpectedly (${reason})`, { service: name, exit: code ?? signal, reason });
        this.scheduleRestart(state, reason);
      });
    });
  }

  private scheduleRestart(state: ServiceState, reason: string): void {
    const { settings, log } = this.options;
    const name = state.definition.name;
    // A service that ran for a while starts again at once; one that keeps failing waits longer each time.
    if (Date.now() - state.startedAt > settings.stableAfterMs) state.restarts = 0;
    const delay = Math.min(settings.restartDelayMaxMs, settings.restartDelayMs * 2 ** state.restarts++);
    log.warn(`restarting ${name} in ${delay} ms`, { service: name, reason, inMs: delay, restarts: state.restarts });
    this.emit('restart', name, reason, delay);
    state.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.launch(state).catch((error: StartFailure) => {
        if (this.stopping) return;
        log.error(`${name} could not start again (${error.reason})`, { service: name, reason: error.reason });
        this.scheduleRestart(state, error.reason);
      });
    }, delay);
  }

  /** Polls a ready child's `/healthz`; after `healthFailures` misses in a row, kills it (the exit restarts it). */
  private watch(state: ServiceState, child: ChildProcess): void {
    const { settings, log } = this.options;
    const name = state.definition.name;
    if (settings.healthIntervalMs === 0 || !state.url) return;
    const healthUrl = new URL('/healthz', state.url);
    let lastAnswer = Date.now();
    let missed = 0;
    const check = async () => {
      const began = Date.now();
      let problem: string | undefined;
      try {
        const response = await fetch(healthUrl, { signal: AbortSignal.timeout(settings.healthTimeoutMs) });
        await response.body?.cancel();
        if (!response.ok) problem = `answered /healthz with ${response.status}`;
      } catch (error) {
        problem = (error as Error).name === 'TimeoutError' ? 'did not answer /healthz' : `refused /healthz (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`;
      }
      if (state.child !== child || !state.ready || this.stopping) return;
      if (!problem) {
        lastAnswer = Date.now();
        missed = 0;
      } else if (++missed >= settings.healthFailures) {
        const reason = `${name} ${problem} for ${Math.round((Date.now() - lastAnswer) / 1000)} s`;
        state.reason = reason;
        state.killed = true;
        log.warn(`${reason}; killing it`, { service: name, pid: child.pid, reason, missedChecks: missed });
        this.emit('unresponsive', name, reason);
        child.kill('SIGKILL');
        return;
      }
      state.liveness = setTimeout(check, Math.max(0, settings.healthIntervalMs - (Date.now() - began)));
    };
    state.liveness = setTimeout(check, settings.healthIntervalMs);
  }
}
