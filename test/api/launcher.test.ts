import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPortOwner, portIsFree } from '@zsb/platform';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SERVICES = ['gateway', 'candidates', 'exams', 'payments'] as const;
type Ports = Record<(typeof SERVICES)[number], number>;

/** Ports that were free a moment ago, one per process. */
async function freePorts(): Promise<Ports> {
  const servers = await Promise.all(
    SERVICES.map(
      () =>
        new Promise<net.Server>((resolve) => {
          const server = net.createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = Object.fromEntries(SERVICES.map((name, i) => [name, (servers[i].address() as net.AddressInfo).port])) as Ports;
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Whether a process still runs (a zombie waiting for its reaper does not). */
function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until<T>(probe: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** When each process logged that it was stopping, and why (its own log file). */
function stopsLogged(dataDir: string): Record<string, { time: string; reason: string }[]> {
  return Object.fromEntries(
    SERVICES.map((name) => {
      const file = path.join(dataDir, 'logs', `${name}.log`);
      const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      const stops = lines.map((line) => JSON.parse(line) as { msg: string; time: string; reason: string }).filter((entry) => entry.msg === 'stopping');
      return [name, stops.map(({ time, reason }) => ({ time, reason }))];
    }),
  );
}

/** The launcher stopped the gateway, then the subgraphs, and said so; each process was asked by the launcher. */
function expectOrderedStop(launcher: Launcher, dataDir: string): void {
  const stopping = launcher.output().slice(launcher.output().indexOf('Stopping…'));
  expect(stopping.split('\n').filter((line) => /stopping|Stopped/.test(line))).toEqual(['  stopping gateway', '  stopping candidates, exams, payments', 'Stopped.']);
  expect(stopping).not.toContain('was killed');
  const stops = stopsLogged(dataDir);
  for (const name of SERVICES) expect(stops[name].at(-1)?.reason, `${name} was stopped by the launcher`).toBe('SIGTERM');
  for (const name of ['candidates', 'exams', 'payments'] as const) expect(stops[name].at(-1)!.time >= stops.gateway.at(-1)!.time).toBe(true);
}

interface Launcher {
  process: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start` as the README runs it (`node --import tsx scripts/start.ts`), on SQLite in a throwaway folder; in a
 * process group of its own, as in a terminal, so a test can press Ctrl-C by signalling the group.
 */
function startLauncher(ports: Ports, dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Launcher {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ZSB_MODE: 'test',
      ZSB_DATA_DIR: dataDir,
      DATABASE_URL: '',
      ZSB_LOG: '',
      ZSB_SKIP_WEB_BUILD: '1',
      ZSB_SEED_DEMO: '0',
      PORT: String(ports.gateway),
      CANDIDATES_PORT: String(ports.candidates),
      EXAMS_PORT: String(ports.exams),
      PAYMENTS_PORT: String(ports.payments),
      ZSB_HEALTH_INTERVAL_MS: '500',
      ZSB_HEALTH_TIMEOUT_MS: '2000',
      ZSB_HEALTH_FAILURES: '3',
      ZSB_STOP_GRACE_MS: '8000', // past a process's own 4 s deadline, so "was killed" means it hung
      ...extraEnv,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { process: child, output: () => output, exited };
}

describe.runIf(process.platform === 'linux')('the launcher (npm start)', { timeout: 240_000 }, () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** Starts the launcher and waits until it says the platform runs; returns it with each process's pid. */
  async function runningPlatform() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-launcher-'));
    const ports = await freePorts();
    const launcher = startLauncher(ports, dataDir);
    const pids = new Set<number>();
    cleanups.push(() => {
      // Whatever a failed test left behind: the launcher and every process seen on the platform's ports.
      if (launcher.process.exitCode === null) launcher.process.kill('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await until(() => /is running at/.test(launcher.output()) || launcher.process.exitCode !== null, 180_000, 'the platform to start');
    expect(launcher.output()).toContain(`专升本报名平台 is running at http://127.0.0.1:${ports.gateway}`);
    const owners = Object.fromEntries(SERVICES.map((name) => [name, findPortOwner(ports[name])?.pid])) as Record<keyof Ports, number>;
    for (const name of SERVICES) {
      expect(owners[name], `${name} listens on its port`).toBeTypeOf('number');
      pids.add(owners[name]);
    }
    return { launcher, ports, owners, pids, dataDir };
  }

  it('restarts a gateway that stops answering, then stops everything in order on SIGTERM, saying so, within a few seconds', async () => {
    const { launcher, ports, owners, pids, dataDir } = await runningPlatform();

    // A frozen gateway still holds its port and its connections, but answers nothing.
    process.kill(owners.gateway, 'SIGSTOP');
    await until(() => /gateway did not answer \/healthz for \d+ s; killing it/.test(launcher.output()), 60_000, 'the launcher to notice');
    const restarted = await until(
      async () => {
        const pid = findPortOwner(ports.gateway)?.pid;
        if (!pid || pid === owners.gateway) return undefined;
        const health = await fetch(`http://127.0.0.1:${ports.gateway}/healthz`).catch(() => undefined);
        return health?.ok ? pid : undefined;
      },
      120_000,
      'a new gateway to answer',
    );
    pids.add(restarted);
    expect(alive(owners.gateway)).toBe(false);
    const current = [restarted, owners.candidates, owners.exams, owners.payments];

    const began = Date.now();
    launcher.process.kill('SIGTERM');
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
    const seconds = (Date.now() - began) / 1000;
    expectOrderedStop(launcher, dataDir);
    for (const pid of current) expect(alive(pid), `process ${pid} has exited`).toBe(false);
    for (const name of SERVICES) expect(await portIsFree(ports[name]), `port of ${name} is free`).toBe(true);
    expect(seconds).toBeLessThan(20); // each process stops by itself within 4 s, the gateway before the subgraphs
  });

  it('stops in order on Ctrl-C: the terminal signals only the launcher, which asks the gateway and then the subgraphs', async () => {
    const { launcher, ports, owners, dataDir } = await runningPlatform();
    process.kill(-launcher.process.pid!, 'SIGINT'); // what the terminal does: the whole foreground process group
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
    expectOrderedStop(launcher, dataDir);
    for (const name of SERVICES) expect(alive(owners[name]), `${name} has exited`).toBe(false);
    for (const name of SERVICES) expect(await portIsFree(ports[name]), `port of ${name} is free`).toBe(true);
  });

  it('leaves no process behind when the launcher itself is killed with SIGKILL: every port is free again', async () => {
    const { launcher, ports, owners } = await runningPlatform();
    launcher.process.kill('SIGKILL');
    await launcher.exited;
    await until(async () => SERVICES.every((name) => !alive(owners[name])), 15_000, 'every process to exit');
    for (const name of SERVICES) expect(await portIsFree(ports[name]), `port of ${name} is free`).toBe(true);
  });

  it('refuses to start when a port is taken, naming the process that holds it and the setting to change', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-launcher-'));
    const ports = await freePorts();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(ports.exams, '127.0.0.1', resolve));
    const launcher = startLauncher(ports, dataDir);
    cleanups.push(() => {
      if (launcher.process.exitCode === null) launcher.process.kill('SIGKILL');
      holder.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    expect(await launcher.exited).toEqual({ code: 1, signal: null });
    expect(launcher.output()).toMatch(new RegExp(`Port ${ports.exams} is in use by process ${process.pid} \\(node[^)]*\\): stop it, or set EXAMS_PORT to another port\\.`));
    expect(launcher.output()).not.toContain('Starting the platform');
  });

  it('refuses to start on a bad setting, naming each one and what it must be, before it starts anything', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-launcher-'));
    const launcher = startLauncher(await freePorts(), dataDir, { PORT: 'abc', ZSB_MAX_DEPTH: '12.5', ZSB_SMS_PROVIDER: 'sms' });
    cleanups.push(() => {
      if (launcher.process.exitCode === null) launcher.process.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    expect(await launcher.exited).toEqual({ code: 1, signal: null });
    expect(launcher.output()).toContain('The platform cannot start: settings are not valid:\n');
    expect(launcher.output()).toContain('PORT must be a port number (0 to 65535), not "abc"');
    expect(launcher.output()).toContain('ZSB_MAX_DEPTH must be a whole number, not "12.5"');
    expect(launcher.output()).toContain('ZSB_SMS_PROVIDER must be outbox or http, not "sms"');
    expect(launcher.output()).not.toMatch(/NaN|Starting the platform|\s+at /);
    expect(fs.existsSync(path.join(dataDir, 'logs'))).toBe(false);
  });
});
