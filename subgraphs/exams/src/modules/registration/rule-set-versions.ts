import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { canonicalJson, DecisionEngine, type RuleCatalog, type RuleSet } from '@zsb/rules';
import { RuleSetVersion } from './rule-set-version.entity.ts';

/** The content hash of a rule set as the loader computes it: over each file's canonical JSON, by file name. */
export function contentHashOf(set: Omit<RuleSet, 'contentHash' | 'folder'>): string {
  const documents: [string, unknown][] = [
    ['ruleset.json', set.manifest],
    ['accounts.json', set.accounts],
    ['parameters.json', set.parameters],
    ['flow.json', set.flow],
    ['form.json', set.form],
    ['materials.json', set.materials],
    ['texts.json', set.texts],
    ...(set.roster ? [['roster.json', set.roster] as [string, unknown]] : []),
    ...Object.entries(set.decisions).map(([name, file]) => [`decisions/${name}.json`, file] as [string, unknown]),
  ];
  const hash = createHash('sha256');
  for (const [file, data] of documents.sort(([a], [b]) => a.localeCompare(b))) hash.update(`${file}\n${canonicalJson(data)}\n`);
  return hash.digest('hex');
}

/**
 * Every rule-set version a registration may be pinned to: the catalog's (loaded since start), else the copy stored
 * when a registration first pinned it, checked against its hash. Shared by all requests; stored versions are cached.
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
      const { folder: _folder, contentHash, ...content } = set;
      try {
        await fork.insert(RuleSetVersion, { contentHash, ruleSetId: set.id, content: content as unknown as Record<string, unknown>, createdAt: new Date() });
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
    const content = row.content as unknown as Omit<RuleSet, 'contentHash' | 'folder'>;
    if (contentHashOf(content) !== contentHash) throw new Error(`the stored copy of rule-set version ${contentHash} does not match its hash`);
    const set: RuleSet = { ...content, contentHash, folder: '' };
    const entry = { set, engine: new DecisionEngine(set) };
    this.stored.set(contentHash, entry);
    return entry;
  }
}
