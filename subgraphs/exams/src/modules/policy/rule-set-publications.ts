import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import pg from 'pg';
import { Refusal, type Logger } from '@zsb/platform';
import type { RuleCatalog, RuleSet } from '@zsb/rules';
import type { RuleSetVersions } from '../registration/rule-set-versions.ts';
import { RuleSetPublication } from './rule-set-publication.entity.ts';

/** The PostgreSQL channel a publication is announced on, with the province-year as payload. */
export const PUBLISHED_CHANNEL = 'zsb_rule_set_published';

/** What a publication records besides the version. */
export interface PublicationDetails {
  publishedBy: string;
  reason: string;
  confirmedPlaceholders?: string[];
  compared?: number;
  changedOutcomes?: number;
}

const isUniqueViolation = (error: unknown) => (error as { name?: string }).name === 'UniqueConstraintViolationException';

/**
 * The versions in force, as the exams subgraph's database records them (`rule_set_publication`, each version's content
 * stored once by hash in `rule_set_version`). Every replica reads the latest publication of each province-year into its
 * catalog: at start, when PostgreSQL notifies a publication (LISTEN/NOTIFY), and on a short poll (the only way on
 * SQLite, the fallback on PostgreSQL). The rule files seed it: a version the files hold that was never published is
 * published at start (or when the files change) by `files`.
 */
export class RuleSetPublications {
  /** The sequence of the publication adopted, by province-year. */
  private readonly adopted = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private listener?: pg.Client;
  private refreshing?: Promise<string[]>;
  private stopped = false;
  readonly postgres: boolean;

  constructor(
    private readonly orm: MikroORM,
    private readonly catalog: RuleCatalog,
    readonly versions: RuleSetVersions,
    private readonly log: Logger,
    private readonly options: { pollMs: number; onChange: (changed: string[]) => void },
  ) {
    this.postgres = orm.config.get('driver') === PostgreSqlDriver;
  }

  /**
   * Publishes every version the rule files hold that was never published (concurrent replicas may race: the loser's
   * insert is refused by the unique sequence and it reads the winner's), then adopts the latest publications.
   */
  async seed(): Promise<string[]> {
    for (const set of this.catalog.files()) {
      const em = this.orm.em.fork();
      if (await em.count(RuleSetPublication, { ruleSetId: set.id, contentHash: set.contentHash })) continue;
      await this.versions.pin(em, set);
      const first = !(await em.count(RuleSetPublication, { ruleSetId: set.id }));
      try {
        await em.transactional((tx) =>
          this.record(tx, set, { publishedBy: 'files', reason: first ? '首次启动：规则文件中的版本' : '规则文件中的新版本（与已发布的各版本都不同）' }),
        );
        this.log.info('rule set published from the rule files', { ruleSet: set.id, contentHash: set.contentHash });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return this.refresh();
  }

  /**
   * Records a publication of a version whose content is stored already (`versions.pin`), inside the caller's
   * transaction, numbered after the latest; on PostgreSQL the notification leaves when the transaction commits.
   */
  async record(tx: EntityManager, set: RuleSet, details: PublicationDetails, expectPrevious?: string | null): Promise<RuleSetPublication> {
    const latest = await tx.findOne(RuleSetPublication, { ruleSetId: set.id }, { orderBy: { sequence: 'desc' } });
    // Published by someone else since the dry run this publication rests on (in this or another replica).
    if (expectPrevious !== undefined && (latest?.contentHash ?? null) !== expectPrevious) {
      throw new Refusal('PUBLICATION_CONCURRENT', latest?.contentHash === set.contentHash ? '这一版本刚刚已由他人发布' : '该年度的规则刚刚已由他人发布了另一版本：请重新试运行，确认改变后再发布');
    }
    const publication = tx.create(RuleSetPublication, {
      ruleSetId: set.id,
      sequence: (latest?.sequence ?? 0) + 1,
      contentHash: set.contentHash,
      previousHash: latest?.contentHash,
      publishedAt: new Date(),
      confirmedPlaceholders: [],
      ...details,
    });
    try {
      await tx.flush();
    } catch (error) {
      // Two publications at once: the unique sequence lets one through.
      if (isUniqueViolation(error) && expectPrevious !== undefined) throw new Refusal('PUBLICATION_CONCURRENT', '该年度的规则刚刚已由他人发布：请重新试运行，确认改变后再发布');
      throw error;
    }
    // Sent on the transaction's own connection: PostgreSQL delivers it when (and only if) the publication commits.
    if (this.postgres) await tx.getConnection().execute('select pg_notify(?, ?)', [PUBLISHED_CHANNEL, set.id], 'get', tx.getTransactionContext());
    return publication;
  }

  /** Every publication, newest first (of one province-year when named). */
  history(em: EntityManager, ruleSetId?: string): Promise<RuleSetPublication[]> {
    return em.find(RuleSetPublication, ruleSetId ? { ruleSetId } : {}, { orderBy: { publishedAt: 'desc', sequence: 'desc' }, limit: 1000 });
  }

  /** The latest publication of every province-year. */
  async latest(em: EntityManager): Promise<{ ruleSetId: string; sequence: number; contentHash: string }[]> {
    const rows = await em.find(RuleSetPublication, {}, { fields: ['ruleSetId', 'sequence', 'contentHash'], orderBy: { ruleSetId: 'asc', sequence: 'desc' } });
    const latest = new Map<string, { ruleSetId: string; sequence: number; contentHash: string }>();
    for (const row of rows) if (!latest.has(row.ruleSetId)) latest.set(row.ruleSetId, { ruleSetId: row.ruleSetId, sequence: row.sequence, contentHash: row.contentHash });
    return [...latest.values()];
  }

  /** Reads the latest publications and puts in force any this process has not adopted; returns the province-years changed. */
  refresh(): Promise<string[]> {
    // One refresh at a time: a notification during a poll waits for it rather than racing it.
    const run = (this.refreshing ?? Promise.resolve([])).then(() => this.refreshOnce());
    this.refreshing = run.catch(() => []);
    return run;
  }

  private async refreshOnce(): Promise<string[]> {
    const em = this.orm.em.fork();
    const changed: string[] = [];
    for (const row of await this.latest(em)) {
      if (this.adopted.get(row.ruleSetId) === row.sequence) continue;
      const { set } = await this.versions.resolve(em, row.contentHash);
      if (this.catalog.adopt(set)) changed.push(row.ruleSetId);
      this.adopted.set(row.ruleSetId, row.sequence);
    }
    if (changed.length) this.options.onChange(changed);
    return changed;
  }

  /** Follows publications: LISTEN on PostgreSQL (polling only every few periods as a fallback), a short poll on SQLite. */
  async start(): Promise<void> {
    const every = this.postgres ? this.options.pollMs * 5 : this.options.pollMs;
    this.timer = setInterval(() => void this.refresh().catch((error: unknown) => this.log.warn('reading rule-set publications failed', { error })), every);
    this.timer.unref();
    if (this.postgres) await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.orm.config.get('clientUrl') as string, connectionTimeoutMillis: 5000 });
    let failed = false;
    const retry = (error: unknown) => {
      if (failed) return;
      failed = true;
      this.log.warn('listening for rule-set publications failed; polling until it listens again', { error });
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), this.options.pollMs * 5).unref();
    };
    client.on('error', retry);
    client.on('notification', () => void this.refresh().catch((error: unknown) => this.log.warn('reading rule-set publications failed', { error })));
    try {
      await client.connect();
      await client.query(`listen ${PUBLISHED_CHANNEL}`);
      this.listener = client;
      // A publication made while not listening is read now.
      await this.refresh();
    } catch (error) {
      retry(error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.refreshing;
  }
}
