import DataLoader from 'dataloader';
import type { BaseContext } from '@zsb/platform';
import type { RuleCatalog } from '@zsb/rules';
import { ExamSessionService } from './modules/exam-session/exam-session.service.ts';
import type { ExamSession } from './modules/exam-session/exam-session.entity.ts';

/** Built once at start. */
export interface Dependencies {
  rules: RuleCatalog;
}

export interface Context extends BaseContext {
  rules: RuleCatalog;
  examSessions: ExamSessionService;
  loaders: { examSession: DataLoader<string, ExamSession | null> };
}

export function createContext(base: BaseContext, { rules }: Dependencies): Context {
  const examSessions = new ExamSessionService(base.em, rules);
  return {
    ...base,
    rules,
    examSessions,
    loaders: {
      examSession: new DataLoader(async (ids) => {
        const found = new Map((await examSessions.byIds(ids)).map((s) => [s.id, s]));
        return ids.map((id) => found.get(id) ?? null);
      }),
    },
  };
}
