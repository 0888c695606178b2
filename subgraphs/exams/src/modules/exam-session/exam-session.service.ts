import type { EntityManager } from '@mikro-orm/core';
import { examSessionId, type RuleCatalog } from '@zsb/rules';
import { ExamSession } from './exam-session.entity.ts';

export class ExamSessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RuleCatalog,
  ) {}

  list(province?: string): Promise<ExamSession[]> {
    return this.em.find(ExamSession, province ? { province } : {}, { orderBy: { province: 'asc', examYear: 'desc' } });
  }

  byIds(ids: readonly string[]): Promise<ExamSession[]> {
    return this.em.find(ExamSession, { id: { $in: [...ids] } });
  }

  /**
   * Makes sure every rule set has its exam session and that each session names its rule set's current version.
   * Runs at start; creating a session is what publishing a province-year's rules means for this subgraph.
   */
  async syncWithRules(): Promise<number> {
    let changed = 0;
    for (const set of this.rules.all()) {
      const id = examSessionId(set.manifest.province, set.manifest.examYear);
      const existing = await this.em.findOne(ExamSession, { id });
      const values = {
        province: set.manifest.province,
        provinceName: set.manifest.provinceName,
        examYear: set.manifest.examYear,
        title: set.manifest.title,
        authority: set.manifest.authority,
        ruleSetHash: set.contentHash,
      };
      if (!existing) {
        this.em.persist(this.em.create(ExamSession, { id, ...values }));
        changed++;
      } else if (existing.ruleSetHash !== values.ruleSetHash || existing.title !== values.title) {
        this.em.assign(existing, values);
        changed++;
      }
    }
    await this.em.flush();
    return changed;
  }
}
