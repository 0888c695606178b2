import type { Logger } from './logger.ts';
import { portInUseMessage } from './port-owner.ts';

/** What a supervised process tells the launcher over its IPC channel. */
export type ServiceMessage = { type: 'ready'; service: string; url: string } | { type: 'failed'; service: string; reason: string };

export interface ServiceProcessOptions {
  name: string;
  log: Logger;
  /** The setting that moves this process to another port, named when its port is taken. */
  portSetting: string;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
  /** How long stopping may take before the process exits anyway. */
  stopDeadlineMs?: number;
  /** How often the parent's pid is compared with the one at start (the fallback when no disconnect arrives). */
  parentCheckMs?: number;
}

/** A start-up failure in plain words: a taken port names its owner and the setting to change. */
export function startFailureReason(error: unknown, portSetting?: string): string {
  const failure = error as NodeJS.ErrnoException & { port?: number };
  if (failure?.code === 'EADDRINUSE' && typeof failure.port === 'number') return portInUseMessage(failure.port, portSetting);
  return failure instanceof Error ? failure.message : String(error);
}

/** Sends a message to the launcher, if there is one, and waits until it has left. */
function tellParent(message: ServiceMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * The life of a platform process (a subgraph or the gateway): start, report `ready` (with its URL, which the launcher
 * polls) or `failed` (with the reason), stop cleanly on SIGINT/SIGTERM, and stop on its own when the launcher that
 * started it goes away — a launcher killed with SIGKILL cannot stop its children, so they must not outlive it.
 */
export async function runService(options: ServiceProcessOptions): Promise<void> {
  const { name, log } = options;
  let running: { stop(): Promise<void> } | undefined;
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { reason });
    if (!running) process.exit(0);
    // Draining waits for requests in flight; past the deadline the process leaves anyway.
    setTimeout(() => {
      log.warn('stopping took too long; exiting', { reason });
      process.exit(0);
    }, options.stopDeadlineMs ?? 4000).unref();
    running
      .stop()
      .catch((error: unknown) => log.error('stopping failed', { error }))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  if (process.send) {
    // Node closes the IPC channel when the parent dies, whatever killed it; the pid check covers a channel left open.
    const parent = process.ppid;
    process.once('disconnect', () => stop('the launcher went away'));
    setInterval(() => process.ppid !== parent && stop('the launcher went away'), options.parentCheckMs ?? 1000).unref();
    // With the launcher gone nobody reads our output: a failed write must not crash the orderly stop.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  }

  try {
    const started = await options.start();
    running = started;
    await tellParent({ type: 'ready', service: name, url: started.url });
  } catch (error) {
    const reason = startFailureReason(error, options.portSetting);
    log.error('failed to start', { reason, error });
    await tellParent({ type: 'failed', service: name, reason });
    process.exit(1);
  }
}
