import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A decision that something acted on (an application's fee, its payment channel, ...), with the facts it was made on
 * and the rule-set version that made it. Dry runs replay these facts against a draft; publishing never rewrites them.
 */
@Entity({ tableName: 'decision_record' })
@Index({ properties: ['ruleSetId', 'decision'] })
export class DecisionRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 40 })
  decision: string;

  @Property({ type: 'string', length: 16 })
  ruleSetId: string;

  @Property({ type: 'string', length: 64 })
  ruleSetHash: string;

  @Property({ type: 'string', length: 40 })
  subjectType: string;

  @Property({ type: 'string', length: 80 })
  subjectId: string;

  @Property({ type: 'json' })
  facts: Record<string, unknown>;

  @Property({ type: 'json' })
  outcome: Record<string, unknown>;

  @Property({ type: 'datetime' })
  decidedAt: Date = new Date();

  /** Set when an audited re-evaluation replaced this decision with a newer record. */
  @Property({ type: 'datetime', nullable: true })
  supersededAt?: Date;

  /** The record this one replaced, after a re-evaluation. */
  @Property({ type: 'uuid', nullable: true })
  supersedes?: string;
}
