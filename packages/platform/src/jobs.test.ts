import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPostgresDatabase, ensurePostgresDatabase, ormOptions, type DatabaseLocation } from './database.ts';
import { createJobQueue, Job, PgBossJobQueue, TableJobQueue, type JobQueue } from './jobs.ts';
import { createLogger } from './logger.ts';
import { postgresReachable, postgresServerUrl } from '../../../test/support/postgres.ts';

const log = createLogger({}, true);
const spec = { name: 'jobs', entities: [Job], migrations: [] };

async function sqlite(): Promise<MikroORM> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-jobs-')), 'jobs.sqlite');
  const orm = await MikroORM.init(ormOptions(spec, { dialect: 'sqlite', file }));
  await orm.schema.createSchema();
  return orm;
}

const until = async (check: () => Promise<boolean> | boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** What both engines must do alike. */
function behaves(open: () => Promise<{ queue: JobQueue; close: () => Promise<void> }>) {
  it('runs an accepted job once and shows it completed', async () => {
    const { queue, close } = await open();
    const seen: unknown[] = [];
    await queue.work('analyse', async (data) => void seen.push(data));
    const id = await queue.enqueue('analyse', { upload: 'a' });
    await until(async () => (await queue.state('analyse', id))?.state === 'completed');
    expect(seen).toEqual([{ upload: 'a' }]);
    await close();
  });

  it('takes a job enqueued twice with one key as one job', async () => {
    const { queue, close } = await open();
    const first = await queue.enqueue('analyse', { upload: 'b' }, { key: 'upload-b' });
    const again = await queue.enqueue('analyse', { upload: 'b' }, { key: 'upload-b' });
    const other = await queue.enqueue('analyse', { upload: 'c' }, { key: 'upload-c' });
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    let runs = 0;
    await queue.work('analyse', async () => void runs++);
    await until(async () => (await queue.state('analyse', other))?.state === 'completed' && (await queue.state('analyse', first))?.state === 'completed');
    expect(runs).toBe(2);
    await close();
  });

  it('retries a failing job with back-off and records why it failed', async () => {
    const { queue, close } = await open();
    let attempts = 0;
    await queue.work(
      'flaky',
      async () => {
        attempts++;
        if (attempts < 2) throw new Error('exams did not answer');
      },
      { retryLimit: 3, retryDelaySeconds: 1 },
    );
    const id = await queue.enqueue('flaky', {});
    await until(async () => (await queue.state('flaky', id))?.state === 'completed', 20_000);
    expect(attempts).toBe(2);
    await close();
  }, 30_000);

  it('gives up after its retries and says failed', async () => {
    const { queue, close } = await open();
    await queue.work('broken', async () => { throw new Error('never works'); }, { retryLimit: 1, retryDelaySeconds: 1 });
    const id = await queue.enqueue('broken', {});
    await until(async () => (await queue.state('broken', id))?.state === 'failed', 20_000);
    expect((await queue.state('broken', id))?.lastError).toContain('never works');
    await close();
  }, 30_000);
}

describe('the table queue (SQLite)', () => {
  behaves(async () => {
    const orm = await sqlite();
    const queue = new TableJobQueue(orm, log, { pollMs: 50 });
    return { queue, close: async () => { await queue.stop(); await orm.close(); } };
  });

  it('never runs more than its concurrency at once', async () => {
    const orm = await sqlite();
    const queue = new TableJobQueue(orm, log, { pollMs: 20 });
    let running = 0;
    let most = 0;
    await queue.work('analyse', async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 40));
      running--;
    }, { concurrency: 2 });
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => queue.enqueue('analyse', { i })));
    await until(async () => (await Promise.all(ids.map((id) => queue.state('analyse', id)))).every((s) => s?.state === 'completed'));
    expect(most).toBe(2);
    await queue.stop();
    await orm.close();
  });

  it('keeps a job accepted before a crash, and another worker runs it once the dead one’s lease runs out', async () => {
    const orm = await sqlite();
    // The first process claims the job and dies mid-run (its handler never ends, its lease is never renewed).
    const dying = new TableJobQueue(orm, log, { pollMs: 20, leaseMs: 300 });
    let started = 0;
    await dying.work('analyse', () => { started++; return new Promise(() => undefined); });
    const id = await dying.enqueue('analyse', { upload: 'x' });
    await until(() => started === 1);
    await dying.stop(0);
    expect((await dying.state('analyse', id))?.state).toBe('active');
    const next = new TableJobQueue(orm, log, { pollMs: 20, leaseMs: 300 });
    let finished = 0;
    await next.work('analyse', async () => void finished++);
    await until(async () => (await next.state('analyse', id))?.state === 'completed');
    expect(finished).toBe(1);
    expect((await next.state('analyse', id))?.attempts).toBe(2);
    await next.stop();
    await orm.close();
  });

  it('records completion only for the worker holding the lease, so two workers never both complete one job', async () => {
    const orm = await sqlite();
    const a = new TableJobQueue(orm, log, { pollMs: 10 });
    const b = new TableJobQueue(orm, log, { pollMs: 10 });
    const runs = new Map<string, number>();
    const handler = async (data: Record<string, unknown>) => {
      runs.set(String(data.i), (runs.get(String(data.i)) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
    };
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => a.enqueue('analyse', { i })));
    await Promise.all([a.work('analyse', handler, { concurrency: 3 }), b.work('analyse', handler, { concurrency: 3 })]);
    await until(async () => (await Promise.all(ids.map((id) => a.state('analyse', id)))).every((s) => s?.state === 'completed'));
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(30);
    await a.stop();
    await b.stop();
    await orm.close();
  });
});

const pgUrl = postgresServerUrl();
describe.skipIf(!(await postgresReachable(pgUrl)))('pg-boss (PostgreSQL)', () => {
  const databases: string[] = [];
  afterAll(async () => {
    for (const url of databases) await dropPostgresDatabase(url);
  });
  behaves(async () => {
    const url = new URL(pgUrl);
    url.pathname = `/zsbjobs_${randomBytes(4).toString('hex')}`;
    await ensurePostgresDatabase(url.toString());
    databases.push(url.toString());
    const orm = await MikroORM.init(ormOptions(spec, { dialect: 'postgresql', url: url.toString() } as DatabaseLocation));
    const queue = await createJobQueue(orm, log, { pollMs: 500 });
    expect(queue).toBeInstanceOf(PgBossJobQueue);
    return { queue, close: async () => { await queue.stop(1000); await orm.close(); } };
  });
});
