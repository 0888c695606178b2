import type { SubgraphModule } from '@zsb/platform';
import { RuleCatalog } from '@zsb/rules';
import { createContext, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { ExamSessionService } from './modules/exam-session/exam-session.service.ts';
import { schema } from './schema.ts';

/** Exams: exam sessions and the province rules that shape them. */
export const exams: SubgraphModule<Context, Dependencies> = {
  name: 'exams',
  defaultPort: 4102,
  database,
  schema,
  async prepare({ orm, log }) {
    const rules = RuleCatalog.load();
    const changed = await new ExamSessionService(orm.em.fork(), rules).syncWithRules();
    if (changed) log.info('exam sessions updated from rules', { changed });
    return { rules };
  },
  createContext,
};
