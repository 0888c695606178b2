import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A rule-set version a registration is pinned to, as loaded (content-addressed by its hash): after a restart or a
 * publication the files may hold another version, and a registration must still be decided by its own.
 */
@Entity({ tableName: 'rule_set_version' })
export class RuleSetVersion {
  @PrimaryKey({ type: 'string', length: 64 })
  contentHash: string;

  @Property({ type: 'string', length: 16 })
  ruleSetId: string;

  /** The loaded rule set (manifest, policies, flow, form, decisions), without its folder. */
  @Property({ type: 'json' })
  content: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
