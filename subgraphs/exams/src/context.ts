import DataLoader from 'dataloader';
import type { BaseContext } from '@zsb/platform';
import type { RuleCatalog } from '@zsb/rules';
import { ExamSessionService } from './modules/exam-session/exam-session.service.ts';
import { PolicyService } from './modules/policy/policy.service.ts';
import { PolicyAdminService, type RuleFolders } from './modules/policy/policy-admin.service.ts';
import type { ExamSession } from './modules/exam-session/exam-session.entity.ts';

/** Built once at start. */
export interface Dependencies {
  rules: RuleCatalog;
  folders: RuleFolders;
  /** Stops watching the rule files. */
  stopWatching?: () => void;
}

export interface Context extends BaseContext {
  rules: RuleCatalog;
  examSessions: ExamSessionService;
  policy: PolicyService;
  policyAdmin: PolicyAdminService;
  loaders: { examSession: DataLoader<string, ExamSession | null> };
}

export function createContext(base: BaseContext, { rules, folders }: Dependencies): Context {
  const examSessions = new ExamSessionService(base.em, rules);
  return {
    ...base,
    rules,
    examSessions,
    policy: new PolicyService(rules, base.caller),
    policyAdmin: new PolicyAdminService(base.em, rules, base.caller, folders),
    loaders: {
      examSession: new DataLoader(async (ids) => {
        const found = new Map((await examSessions.byIds(ids)).map((s) => [s.id, s]));
        return ids.map((id) => found.get(id) ?? null);
      }),
    },
  };
}
