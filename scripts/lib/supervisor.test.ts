import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, portIsFree } from '@zsb/platform';
import { StartFailure, Supervisor, type StopOutcome, type SupervisorSettings } from './supervisor.ts';

const children = path.join(path.dirname(new URL(import.meta.url).pathname), 'test-children');
const settings: SupervisorSettings = {
  healthIntervalMs: 250,
  healthTimeoutMs: 1000,
  healthFailures: 3,
  stopGraceMs: 10_000,
  startTimeoutMs: 60_000,
  restartDelayMs: 50,
  restartDelayMaxMs: 1000,
  stableAfterMs: 60_000,
};
const service = (name: string, ...args: string[]) => ({ name, entry: path.join(children, 'service.ts'), args, execArgv: ['--import', 'tsx'] });

/** Resolves with the arguments of the next `event` whose first argument is `name`. */
function next(supervisor: Supervisor, event: string, name: string): Promise<unknown[]> {
  return new Promise((resolve) => {
    const listener = (...args: unknown[]) => {
      if (args[0] !== name) return;
      supervisor.off(event, listener);
      resolve(args);
    };
    supervisor.on(event, listener);
  });
}

/** Whether a process still runs (a zombie waiting for its reaper does not). */
function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('the supervisor', { timeout: 60_000 }, () => {
  const running: Supervisor[] = [];
  const supervise = (definitions: ReturnType<typeof service>[], overrides: Partial<SupervisorSettings> = {}) => {
    const supervisor = new Supervisor(definitions, { cwd: children, env: process.env, settings: { ...settings, ...overrides }, log: createLogger({}, true) });
    running.push(supervisor);
    return supervisor;
  };
  afterEach(() => {
    for (const supervisor of running.splice(0)) supervisor.killAll();
  });

  it('kills a child whose event loop is stuck, says how long /healthz went unanswered, and starts it again', async () => {
    const supervisor = supervise([service('child')]);
    await supervisor.start('child');
    const stuck = supervisor.pid('child')!;
    const unresponsive = next(supervisor, 'unresponsive', 'child');
    const ready = next(supervisor, 'ready', 'child');
    await fetch(new URL('/hang', supervisor.url('child')));
    const [, reason] = await unresponsive;
    expect(reason).toMatch(/^child did not answer \/healthz for \d+ s$/);
    const [, restarted] = await ready;
    expect(restarted).not.toBe(stuck);
    expect((await fetch(new URL('/healthz', supervisor.url('child')))).status).toBe(200);
    expect(await until(() => !alive(stuck), 5000)).toBe(true);
  });

  it('restarts a child that exits, waiting twice as long after each further failure', async () => {
    const supervisor = supervise([service('child')]);
    await supervisor.start('child');
    const delays: number[] = [];
    supervisor.on('restart', (_name: string, reason: string, delay: number) => {
      expect(reason).toBe('it exited with code 3');
      delays.push(delay);
    });
    for (let crash = 0; crash < 3; crash++) {
      const ready = next(supervisor, 'ready', 'child');
      await fetch(new URL('/crash', supervisor.url('child'))).catch(() => undefined);
      await ready;
    }
    expect(delays).toEqual([50, 100, 200]);
  });

  it('stops group after group: the next group is asked only once the previous one has exited', async () => {
    const supervisor = supervise([service('gateway'), service('subgraph-a'), service('subgraph-b')]);
    await Promise.all(['gateway', 'subgraph-a', 'subgraph-b'].map((name) => supervisor.start(name)));
    const events: string[] = [];
    supervisor.on('exit', (name: string) => events.push(`exit ${name}`));
    const outcomes = await supervisor.stop([['gateway'], ['subgraph-a', 'subgraph-b']], (group) => events.push(`stop ${group.join(' ')}`));
    expect(events.slice(0, 3)).toEqual(['stop gateway', 'exit gateway', 'stop subgraph-a subgraph-b']);
    expect(events.slice(3).sort()).toEqual(['exit subgraph-a', 'exit subgraph-b']);
    expect(outcomes).toEqual<Record<string, StopOutcome>>({ gateway: 'stopped', 'subgraph-a': 'stopped', 'subgraph-b': 'stopped' });
  });

  it('kills a child that has not stopped when the grace period ends, and does not restart it', async () => {
    const supervisor = supervise([service('child', '0', 'stubborn')], { stopGraceMs: 1000 });
    await supervisor.start('child');
    let restarts = 0;
    supervisor.on('restart', () => restarts++);
    expect(await supervisor.stop([['child']])).toEqual({ child: 'killed' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(restarts).toBe(0);
  });

  it.runIf(process.platform === 'linux')('reports a child whose port is taken as a start failure naming the process that holds the port', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as net.AddressInfo).port;
      const supervisor = supervise([service('child', String(port))]);
      const failure = (await supervisor.start('child').catch((error: unknown) => error)) as StartFailure;
      expect(failure).toBeInstanceOf(StartFailure);
      expect(failure.reason).toMatch(new RegExp(`^Port ${port} is in use by process ${process.pid} \\(node[^)]*\\): stop it, or set TEST_CHILD_PORT to another port\\.$`));
    } finally {
      holder.close();
    }
  });

  it.runIf(process.platform === 'linux')('a child does not outlive a launcher killed with SIGKILL: it exits and frees its port', async () => {
    const launcher = spawn(process.execPath, ['--import', 'tsx', path.join(children, 'launcher.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: launcher.stdout! }).once('line', resolve);
      launcher.once('exit', (code) => reject(new Error(`the test launcher exited (${code})`)));
    });
    const child = JSON.parse(line) as { pid: number; url: string };
    const port = Number(new URL(child.url).port);
    expect(alive(child.pid)).toBe(true);
    expect(await portIsFree(port)).toBe(false);
    launcher.kill('SIGKILL');
    try {
      expect(await until(async () => !alive(child.pid) && (await portIsFree(port)), 10_000)).toBe(true);
    } finally {
      if (alive(child.pid)) process.kill(child.pid, 'SIGKILL');
    }
  });
});
