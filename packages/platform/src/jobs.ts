import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Entity, Index, PrimaryKey, Property, Unique, type MikroORM } from '@mikro-orm/core';
import type PgBoss from 'pg-boss';
import type { Logger } from './logger.ts';

/**
 * Background jobs, one interface for every deployment: work accepted now and done off the request path, at most
 * `concurrency` at once per process, retried with back-off when it fails, its state visible. Two engines implement it:
 * pg-boss on PostgreSQL, and `TableJobQueue` (jobs in a table of the subgraph's own database) for the embedded SQLite
 * default. Either way a job accepted is in the database before `enqueue` answers, so a restart loses nothing, and a
 * job is completed once: handlers must still be idempotent, because a worker killed after the work and before its
 * record runs it again.
 */
export interface JobQueue {
  /**
   * Accepts a job. With a `key`, the same name and key are one job for ever: enqueueing it again answers the first
   * job's id and adds nothing (an upload is analysed once however often its completion is reported).
   */
  enqueue(name: string, data: Record<string, unknown>, options?: { key?: string }): Promise<string>;
  /** Runs `handler` for the jobs of `name` in this process. A handler that throws is retried later, up to `retryLimit` times. */
  work(name: string, handler: JobHandler, options?: WorkOptions): Promise<void>;
  /** Where a job stands, or undefined for an unknown id. */
  state(name: string, id: string): Promise<JobStatus | undefined>;
  /** Stops taking jobs and waits for the running ones (at most `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** Which engine (`table`, `pg-boss`), for the logs. */
  readonly engine: string;
}

export type JobHandler = (data: Record<string, unknown>, job: { id: string; attempt: number }) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this name run at once in this process (default 2). */
  concurrency?: number;
  /** Retries after the first attempt (default 5). */
  retryLimit?: number;
  /** Seconds before the first retry, doubling each time (default 5). */
  retryDelaySeconds?: number;
}

export type JobState = 'queued' | 'active' | 'retry' | 'completed' | 'failed';

export interface JobStatus {
  id: string;
  name: string;
  state: JobState;
  /** Attempts started so far. */
  attempts: number;
  lastError?: string;
  createdAt: Date;
  completedAt?: Date;
}

/** One job of the embedded queue, in the subgraph's own database. */
@Entity({ tableName: 'job' })
@Index({ properties: ['state', 'runAfter'] })
@Unique({ properties: ['name', 'key'] })
export class Job {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 60 })
  name: string;

  /** The deduplication key: one job per name and key. */
  @Property({ type: 'string', length: 200, nullable: true })
  key?: string;

  @Property({ type: 'json' })
  data: Record<string, unknown>;

  /** `queued`, `active`, `retry`, `completed` or `failed`. */
  @Property({ type: 'string', length: 12 })
  state: JobState = 'queued';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime' })
  runAfter: Date = new Date();

  /** While a worker holds the job: until when its lease runs. A lease that ran out is taken over by another worker. */
  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date;

  @Property({ type: 'string', length: 80, nullable: true })
  lockedBy?: string;

  @Property({ type: 'string', length: 500, nullable: true })
  lastError?: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date;
}

const DEFAULTS = { concurrency: 2, retryLimit: 5, retryDelaySeconds: 5 };
const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 500);

/**
 * The embedded queue: jobs are rows of the `job` table. A worker claims a due job with one conditional update that
 * sets a lease (`lockedUntil`, renewed while the handler runs); a worker that dies leaves a lease that runs out, and
 * the job is claimed again. Completion is written only by the holder of the current lease, so a job is recorded
 * complete once. Several processes on one database (a web process and `npm run workers`) share the table safely.
 */
export class TableJobQueue implements JobQueue {
  readonly engine = 'table';
  private readonly workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly workers = new Map<string, { handler: JobHandler; options: Required<WorkOptions>; running: number }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly renewals = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly options: { pollMs?: number; leaseMs?: number } = {},
  ) {}

  private get leaseMs(): number {
    return this.options.leaseMs ?? 60_000;
  }

  async enqueue(name: string, data: Record<string, unknown>, options: { key?: string } = {}): Promise<string> {
    const em = this.orm.em.fork();
    if (options.key) {
      const existing = await em.findOne(Job, { name, key: options.key }, { fields: ['id'] });
      if (existing) return existing.id;
    }
    const job = em.create(Job, { name, key: options.key, data, state: 'queued', attempts: 0, runAfter: new Date(), createdAt: new Date() });
    try {
      await em.persistAndFlush(job);
    } catch (error) {
      // Two enqueues of one key at once: the unique index lets one in; the other answers its id.
      if (!options.key) throw error;
      const existing = await this.orm.em.fork().findOne(Job, { name, key: options.key }, { fields: ['id'] });
      if (!existing) throw error;
      return existing.id;
    }
    if (this.workers.has(name)) this.kick();
    return job.id;
  }

  async work(name: string, handler: JobHandler, options: WorkOptions = {}): Promise<void> {
    this.workers.set(name, { handler, options: { ...DEFAULTS, ...options }, running: 0 });
    if (!this.timer) {
      this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 1000);
      this.timer.unref();
    }
    this.kick();
  }

  async state(name: string, id: string): Promise<JobStatus | undefined> {
    const job = await this.orm.em.fork().findOne(Job, { id, name });
    return job ? { id: job.id, name: job.name, state: job.state, attempts: job.attempts, lastError: job.lastError ?? undefined, createdAt: job.createdAt, completedAt: job.completedAt ?? undefined } : undefined;
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.polling;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    // A handler still running past the grace stops holding its job: its lease runs out and another worker retries it.
    for (const renewal of this.renewals) clearInterval(renewal);
  }

  /** Looks for due jobs now; a kick while looking looks once more afterwards. */
  kick(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.poll()
      .catch((error) => this.log.warn('job queue poll failed', { error }))
      .finally(() => {
        this.polling = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async poll(): Promise<void> {
    for (const [name, worker] of this.workers) {
      const free = worker.options.concurrency - worker.running;
      if (free <= 0) continue;
      const em = this.orm.em.fork();
      const now = new Date();
      const due = await em.find(
        Job,
        { name, $or: [{ state: { $in: ['queued', 'retry'] }, runAfter: { $lte: now } }, { state: 'active', lockedUntil: { $lt: now } }] },
        { orderBy: { runAfter: 'asc' }, limit: free, fields: ['id', 'attempts', 'data', 'state'] },
      );
      for (const job of due) {
        if (this.stopped) return;
        // The claim: only one worker's conditional update matches a due job.
        const claimed = await em.nativeUpdate(
          Job,
          { id: job.id, attempts: job.attempts, $or: [{ state: { $in: ['queued', 'retry'] } }, { state: 'active', lockedUntil: { $lt: now } }] },
          { state: 'active', attempts: job.attempts + 1, lockedBy: this.workerId, lockedUntil: new Date(Date.now() + this.leaseMs) },
        );
        if (claimed !== 1) continue;
        worker.running++;
        const run = this.run(name, worker, job.id, job.attempts + 1, job.data).finally(() => {
          worker.running--;
          this.inFlight.delete(run);
          this.kick();
        });
        this.inFlight.add(run);
      }
    }
  }

  private async run(name: string, worker: { handler: JobHandler; options: Required<WorkOptions> }, id: string, attempt: number, data: Record<string, unknown>): Promise<void> {
    const em = this.orm.em.fork();
    const mine = { id, lockedBy: this.workerId, attempts: attempt, state: 'active' as const };
    // The lease is renewed while the handler runs, so a long analysis is not taken over by another worker.
    const renew = setInterval(() => {
      em.fork()
        .nativeUpdate(Job, mine, { lockedUntil: new Date(Date.now() + this.leaseMs) })
        .catch((error) => this.log.warn('job lease renewal failed', { name, id, error }));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewals.add(renew);
    try {
      await worker.handler(data, { id, attempt });
      clearInterval(renew);
      this.renewals.delete(renew);
      const done = await em.nativeUpdate(Job, mine, { state: 'completed', completedAt: new Date(), lockedUntil: null, lockedBy: null });
      if (done !== 1) this.log.warn('job finished after its lease was taken over; the other run records it', { name, id, attempt });
    } catch (error) {
      clearInterval(renew);
      this.renewals.delete(renew);
      const retries = worker.options.retryLimit;
      const failed = attempt > retries;
      const delayMs = worker.options.retryDelaySeconds * 1000 * 2 ** (attempt - 1);
      await em.nativeUpdate(Job, mine, { state: failed ? 'failed' : 'retry', lastError: errorText(error), lockedUntil: null, lockedBy: null, runAfter: new Date(Date.now() + (failed ? 0 : delayMs)) });
      this.log.warn('job failed', { name, id, attempt, retryInMs: failed ? null : delayMs, error });
    }
  }
}

/** A stable UUID for a name and key, so pg-boss refuses a second job with it (its primary key) as the table does. */
function keyedId(name: string, key: string): string {
  const hex = createHash('sha256').update(`${name}\0${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const PG_BOSS_STATES: Record<string, JobState> = { created: 'queued', retry: 'retry', active: 'active', completed: 'completed', failed: 'failed', cancelled: 'failed' };

/**
 * pg-boss on the subgraph's PostgreSQL database (its own schema, `pgboss`): the job engine for deployments that run
 * PostgreSQL. Retries, back-off and leases (`expireIn`) are pg-boss's; concurrency is one `work` loop per slot.
 */
export class PgBossJobQueue implements JobQueue {
  readonly engine = 'pg-boss';
  private readonly queues = new Set<string>();
  private readonly retryOptions = new Map<string, Required<WorkOptions>>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
    private readonly pollSeconds: number,
  ) {}

  static async start(connectionString: string, log: Logger, options: { pollSeconds?: number } = {}): Promise<PgBossJobQueue> {
    const { default: Boss } = await import('pg-boss');
    const boss = new Boss({ connectionString, schema: 'pgboss', max: 4, application_name: 'zsb-jobs' });
    boss.on('error', (error: Error) => log.warn('pg-boss error', { error }));
    await boss.start();
    return new PgBossJobQueue(boss, log, options.pollSeconds ?? 1);
  }

  private async queue(name: string, options: Required<WorkOptions> = { ...DEFAULTS, ...this.retryOptions.get(name) }): Promise<void> {
    if (this.queues.has(name)) return;
    await this.boss.createQueue(name, { name, retryLimit: options.retryLimit, retryDelay: options.retryDelaySeconds, retryBackoff: true, expireInSeconds: 15 * 60 });
    this.queues.add(name);
  }

  async enqueue(name: string, data: Record<string, unknown>, options: { key?: string } = {}): Promise<string> {
    await this.queue(name);
    const id = options.key ? keyedId(name, options.key) : randomUUID();
    const sent = await this.boss.send(name, data, { id });
    return sent ?? id;
  }

  async work(name: string, handler: JobHandler, options: WorkOptions = {}): Promise<void> {
    const settings = { ...DEFAULTS, ...options };
    this.retryOptions.set(name, settings);
    await this.queue(name, settings);
    for (let slot = 0; slot < settings.concurrency; slot++) {
      await this.boss.work(name, { batchSize: 1, pollingIntervalSeconds: this.pollSeconds, includeMetadata: true }, async ([job]) => {
        await handler(job.data as Record<string, unknown>, { id: job.id, attempt: job.retryCount + 1 });
      });
    }
  }

  async state(name: string, id: string): Promise<JobStatus | undefined> {
    const job = await this.boss.getJobById(name, id, { includeArchive: true });
    if (!job) return undefined;
    const output = job.output as { message?: string } | null;
    return { id: job.id, name: job.name, state: PG_BOSS_STATES[job.state] ?? 'queued', attempts: job.retryCount + (job.state === 'created' ? 0 : 1), lastError: output?.message, createdAt: job.createdOn, completedAt: job.completedOn ?? undefined };
  }

  async stop(graceMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: graceMs, wait: true, close: true }).catch((error) => this.log.warn('pg-boss stop failed', { error }));
  }
}

/** The engine for a database: pg-boss on PostgreSQL, the table on SQLite. */
export async function createJobQueue(orm: MikroORM, log: Logger, options: { pollMs?: number; leaseMs?: number } = {}): Promise<JobQueue> {
  const url = orm.config.get('clientUrl');
  if (url?.startsWith('postgres')) return PgBossJobQueue.start(url, log, { pollSeconds: Math.max(0.5, (options.pollMs ?? 1000) / 1000) });
  return new TableJobQueue(orm, log, options);
}
