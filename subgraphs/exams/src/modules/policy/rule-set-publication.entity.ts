import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One publication of a province-year's rules: the version (its content is in `rule_set_version`, stored once by hash)
 * that it put in force, the one it replaced, who published it, when and why. The latest publication of a
 * province-year (highest `sequence`) is the version in force in every process; none is ever deleted.
 */
@Entity({ tableName: 'rule_set_publication' })
@Unique({ properties: ['ruleSetId', 'sequence'] })
@Index({ properties: ['publishedAt'] })
export class RuleSetPublication {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** `CN-SD/2024`. */
  @Property({ type: 'string', length: 16 })
  ruleSetId: string;

  /** 1 for a province-year's first publication; two publications at once cannot both take the same number. */
  @Property({ type: 'integer' })
  sequence: number;

  @Property({ type: 'string', length: 64 })
  contentHash: string;

  /** The version in force before, for this province-year (absent for its first publication). */
  @Property({ type: 'string', length: 64, nullable: true })
  previousHash?: string;

  /** `staff:<id>`, or `files` for a version found in the rule files (`ZSB_RULES_DIR`) at start. */
  @Property({ type: 'string', length: 80 })
  publishedBy: string;

  @Property({ type: 'datetime' })
  publishedAt: Date = new Date();

  /** Why, in the publisher's words. */
  @Property({ type: 'text' })
  reason: string;

  /** Ids of the placeholders the publisher confirmed as they stand. */
  @Property({ type: 'json' })
  confirmedPlaceholders: string[] = [];

  /** Situations the dry run compared at publication, and how many of them decided differently. */
  @Property({ type: 'integer', nullable: true })
  compared?: number;

  @Property({ type: 'integer', nullable: true })
  changedOutcomes?: number;
}
