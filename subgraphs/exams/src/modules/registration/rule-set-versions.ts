import type { EntityManager } from '@mikro-orm/core';
import { contentOf, DecisionEngine, ruleSetFromContent, type RuleCatalog, type RuleSet } from '@zsb/rules';
import { RuleSetVersion } from './rule-set-version.entity.ts';

// The content hash as the loader computes it: declared with the rules, where the other processes check it too.
export { contentHashOf } from '@zsb/rules';

/**
 * Every rule-set version a registration may be pinned to: the catalog's (loaded since start), else the copy stored
 * when it was published or a registration first pinned it, checked against its hash. Shared by all requests; stored versions are cached.
 */
export class RuleSetVersions {
  private readonly stored = new Map<string, { set: RuleSet; engine: DecisionEngine }>();
  /** Hashes known to be stored already. */
  private readonly known = new Set<string>();

  constructor(private readonly catalog: RuleCatalog) {}

  /**
   * Stores the version once, before a registration pins it. Content-addressed, so a copy written by a concurrent first
   * registration is the same copy; a registration that then fails leaves a harmless, reusable row.
   */
  async pin(em: EntityManager, set: RuleSet): Promise<void> {
    if (this.known.has(set.contentHash)) return;
    const fork = em.fork();
    if (!(await fork.count(RuleSetVersion, { contentHash: set.contentHash }))) {
      try {
        await fork.insert(RuleSetVersion, { contentHash: set.contentHash, ruleSetId: set.id, content: contentOf(set) as unknown as Record<string, unknown>, createdAt: new Date() });
      } catch (error) {
        if ((error as { name?: string }).name !== 'UniqueConstraintViolationException') throw error;
      }
    }
    this.known.add(set.contentHash);
  }

  /** The version and its decision engine; throws when it is neither loaded nor stored (or its copy does not match its hash). */
  async resolve(em: EntityManager, contentHash: string): Promise<{ set: RuleSet; engine: DecisionEngine }> {
    const loaded = this.catalog.version(contentHash);
    if (loaded) return { set: loaded, engine: this.catalog.engine(loaded) };
    const cached = this.stored.get(contentHash);
    if (cached) return cached;
    const row = await em.fork().findOne(RuleSetVersion, { contentHash });
    if (!row) throw new Error(`rule-set version ${contentHash} is neither loaded nor stored`);
    const set = ruleSetFromContent(row.content, contentHash);
    this.catalog.remember(set);
    const entry = { set, engine: this.catalog.engine(set) };
    this.stored.set(contentHash, entry);
    return entry;
  }
}
