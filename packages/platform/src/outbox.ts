import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { Logger } from './logger.ts';

/**
 * A message to send after the transaction that decided it commits (an SMS to a candidate, later a job): written in the
 * same transaction as the change it reports, so nothing is sent for a change that rolled back and nothing is lost
 * when the receiver is down. A relay delivers it, at least once, retrying with back-off.
 */
@Entity({ tableName: 'outbox_message' })
@Index({ properties: ['deliveredAt', 'nextAttemptAt'] })
export class OutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** What kind of message, e.g. `candidate.sms`; the relay has one handler per topic. */
  @Property({ type: 'string', length: 60 })
  topic: string;

  @Property({ type: 'json' })
  payload: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt: Date = new Date();

  /** Set while one relay delivers it, so two replicas do not both send it. */
  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date;

  @Property({ type: 'string', length: 500, nullable: true })
  lastError?: string;
}

/** Adds a message to the caller's unit of work: it is written with (and only with) the change it reports. */
export function enqueueMessage(em: EntityManager, topic: string, payload: Record<string, unknown>): OutboxMessage {
  const message = em.create(OutboxMessage, { topic, payload, createdAt: new Date(), attempts: 0, nextAttemptAt: new Date() });
  em.persist(message);
  return message;
}

export type OutboxHandler = (payload: Record<string, unknown>) => Promise<void>;

const CLAIM_MS = 60_000;
const BATCH = 20;

/**
 * Delivers outbox messages: at once when `kick`ed after a commit, and every `intervalMs` for what failed or was left
 * behind by a process that stopped. A failed delivery is tried again after 2, 4, 8 … seconds (at most 10 minutes),
 * up to `maxAttempts` times, each failure logged.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly handlers: Record<string, OutboxHandler>,
    private readonly log: Logger,
    private readonly options: { intervalMs?: number; maxAttempts?: number } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 15_000);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    clearInterval(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** Delivers what is due now; a kick during a run starts one more run after it. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .catch((error) => {
        this.log.warn('outbox relay failed', { error });
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Delivers every message due now; returns how many were delivered. */
  async runOnce(): Promise<number> {
    const em = this.orm.em.fork();
    const maxAttempts = this.options.maxAttempts ?? 10;
    let delivered = 0;
    for (;;) {
      const now = new Date();
      const due = await em.find(OutboxMessage, { deliveredAt: null, nextAttemptAt: { $lte: now }, attempts: { $lt: maxAttempts } }, { orderBy: { nextAttemptAt: 'asc' }, limit: BATCH });
      if (!due.length) return delivered;
      let claimedAny = false;
      for (const message of due) {
        const claimed = await em.nativeUpdate(OutboxMessage, { id: message.id, deliveredAt: null, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] }, { lockedUntil: new Date(now.getTime() + CLAIM_MS) });
        if (claimed !== 1) continue;
        claimedAny = true;
        const handler = this.handlers[message.topic];
        try {
          if (!handler) throw new Error(`no handler for topic ${message.topic}`);
          await handler(message.payload);
          await em.nativeUpdate(OutboxMessage, { id: message.id }, { deliveredAt: new Date(), lockedUntil: null, attempts: message.attempts + 1 });
          delivered++;
        } catch (error) {
          const attempts = message.attempts + 1;
          const delayMs = Math.min(600_000, 2000 * 2 ** (attempts - 1));
          await em.nativeUpdate(OutboxMessage, { id: message.id }, { attempts, lockedUntil: null, nextAttemptAt: new Date(Date.now() + delayMs), lastError: String((error as Error).message ?? error).slice(0, 500) });
          this.log.warn('outbox delivery failed', { topic: message.topic, id: message.id, attempts, retryInMs: attempts < maxAttempts ? delayMs : null, error });
        }
      }
      // Everything due was claimed by another relay meanwhile: leave the rest to it.
      if (!claimedAny) return delivered;
    }
  }
}
