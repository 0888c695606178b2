/**
 * The platform as the benchmarks run it: each process on its own (as `npm start` runs them), development mode on
 * loopback, a throwaway data folder, fixed ports of the benchmark's own, and the CPU each process has spent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PlatformConfig } from '@zsb/platform';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

const SUBGRAPH_ENTRIES = ['subgraphs/candidates/src/index.ts', 'subgraphs/exams/src/index.ts', 'subgraphs/payments/src/index.ts'];
const GATEWAY_ENTRY = 'gateway/src/index.ts';

export interface BenchPlatformOptions {
  /** Names the temporary data folder (`zsb-<name>-…`). */
  name: string;
  /** The gateway's port; the subgraphs take the next three. */
  basePort: number;
  /** Settings beside the benchmark's defaults (clock, trusted proxies, database, …). */
  env?: Record<string, string>;
  /** Writes a V8 CPU profile of the processes whose entry path contains `/<profile>/` into `profileDir`. */
  profile?: { name: string; dir: string };
}

export interface BenchPlatform {
  dataDir: string;
  config: PlatformConfig;
  env: NodeJS.ProcessEnv;
  ports: { gateway: number; candidates: number; exams: number; payments: number };
  /** Starts one process from its entry file and resolves once it reports ready. */
  start(entry: string): Promise<ChildProcess>;
  /** Starts the three subgraphs, then the gateway. */
  startAll(): Promise<void>;
  /** CPU milliseconds each process (and the benchmark itself) has used so far, from /proc; a restarted process's runs are added up. */
  cpuTimes(): Map<string, number>;
  /** Stops every process started, the gateway first (SIGTERM, then SIGKILL after 5 s), and removes the data folder. */
  stop(): Promise<void>;
}

const processName = (entry: string) => (entry.includes('/sandbox/') ? 'payment-sandbox' : entry.startsWith('subgraphs/') ? entry.split('/')[1] : 'gateway');

/** CPU time (ms) of a process so far, from /proc (user + system, in USER_HZ ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export function benchPlatform(options: BenchPlatformOptions): BenchPlatform {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zsb-${options.name}-`));
  const ports = { gateway: options.basePort, candidates: options.basePort + 1, exams: options.basePort + 2, payments: options.basePort + 3 };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ZSB_MODE: 'development',
    ZSB_DATA_DIR: dataDir,
    ZSB_LOG: 'silent',
    DATABASE_URL: '',
    PORT: String(ports.gateway),
    CANDIDATES_PORT: String(ports.candidates),
    EXAMS_PORT: String(ports.exams),
    PAYMENTS_PORT: String(ports.payments),
    ZSB_WEB_ROOT: path.join(dataDir, 'no-web'),
    ...options.env,
  };
  const children = new Map<ChildProcess, string>();
  // A process stopped or restarted during a run keeps counting the CPU it had used when last read.
  const lastCpuMs = new Map<ChildProcess, number>();

  const start = (entry: string) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const profiled = options.profile && `/${entry}`.includes(`/${options.profile.name}/`);
      const execArgv = ['--import', 'tsx', ...(profiled ? ['--cpu-prof', `--cpu-prof-dir=${options.profile!.dir}`] : [])];
      const child = fork(path.join(ROOT, entry), [], { cwd: ROOT, env, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      children.set(child, processName(entry));
      child.on('message', (m: { type?: string; reason?: string }) => (m?.type === 'ready' ? resolve(child) : m?.type === 'failed' ? reject(new Error(`${entry}: ${m.reason}`)) : undefined));
      child.on('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
    });

  return {
    dataDir,
    config: { mode: 'development', dataDir },
    env,
    ports,
    start,
    async startAll() {
      await Promise.all(SUBGRAPH_ENTRIES.map(start));
      await start(GATEWAY_ENTRY);
    },
    cpuTimes() {
      const times = new Map<string, number>([['bench client', processCpuMs(process.pid)]]);
      for (const [child, name] of children) {
        if (child.exitCode === null && child.signalCode === null) lastCpuMs.set(child, processCpuMs(child.pid!));
        times.set(name, (times.get(name) ?? 0) + (lastCpuMs.get(child) ?? 0));
      }
      return times;
    },
    async stop() {
      // The gateway first, so nothing reaches a subgraph that is going away.
      const running = [...children.keys()].filter((child) => child.exitCode === null && child.signalCode === null);
      const ordered = [...running.filter((child) => children.get(child) === 'gateway'), ...running.filter((child) => children.get(child) !== 'gateway')];
      for (const child of ordered) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
