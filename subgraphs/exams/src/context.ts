import DataLoader from 'dataloader';
import type { BaseContext, PlatformClock } from '@zsb/platform';
import type { RuleCatalog } from '@zsb/rules';
import { ExamSessionService } from './modules/exam-session/exam-session.service.ts';
import { PolicyService } from './modules/policy/policy.service.ts';
import { PolicyAdminService, type RuleFolders } from './modules/policy/policy-admin.service.ts';
import type { RuleSetPublications } from './modules/policy/rule-set-publications.ts';
import type { ExamSession } from './modules/exam-session/exam-session.entity.ts';
import type { Registration } from './modules/registration/registration.entity.ts';
import { loadReachable } from './modules/registration/registration.resolver.ts';
import { RegistrationQueryService } from './modules/registration/registration-query.service.ts';
import { RegistrationService } from './modules/registration/registration.service.ts';
import { RegistrationStore, type RegistrationDependencies } from './modules/registration/registration.store.ts';
import { ChangeService } from './modules/review/change.service.ts';
import { ReviewService } from './modules/review/review.service.ts';

/** Built once at start. */
import { VoiceFillService } from './modules/voice-fill/voice-fill.service.ts';

export interface Dependencies {
  rules: RuleCatalog;
  folders: RuleFolders;
  /** The versions in force as published in the database, followed by every replica. */
  publications: RuleSetPublications;
  clock: PlatformClock;
  registration: RegistrationDependencies;
  /** 语音识别填报: recordings handed over by the upload service become form suggestions. */
  voiceFill: VoiceFillService;
  /** Stops watching the rule files and the outbox relay. */
  stop?: () => Promise<void>;
}

export interface Context extends BaseContext {
  rules: RuleCatalog;
  clock: PlatformClock;
  examSessions: ExamSessionService;
  policy: PolicyService;
  policyAdmin: PolicyAdminService;
  registrationStore: RegistrationStore;
  registrations: RegistrationService;
  registrationQueries: RegistrationQueryService;
  reviews: ReviewService;
  changes: ChangeService;
  loaders: { examSession: DataLoader<string, ExamSession | null>; registration: DataLoader<string, Registration | null> };
}

/** The registration services of one request (or one internal call), all on the same unit of work. */
export function registrationServices(base: Pick<BaseContext, 'em' | 'caller'>, deps: Dependencies) {
  const store = new RegistrationStore(base.em, deps.registration);
  const changes = new ChangeService(store, base.caller);
  return {
    registrationStore: store,
    registrations: new RegistrationService(store, deps.rules, base.caller, () => changes),
    registrationQueries: new RegistrationQueryService(base.em, base.caller),
    reviews: new ReviewService(store, base.caller),
    changes,
  };
}

export function createContext(base: BaseContext, deps: Dependencies): Context {
  const { rules, folders } = deps;
  const examSessions = new ExamSessionService(base.em, rules);
  const context: Context = {
    ...base,
    rules,
    clock: deps.clock,
    examSessions,
    policy: new PolicyService(rules, base.caller),
    policyAdmin: new PolicyAdminService(base.em, rules, base.caller, folders, deps.publications),
    ...registrationServices(base, deps),
    loaders: {
      examSession: new DataLoader(async (ids) => {
        const found = new Map((await examSessions.byIds(ids)).map((s) => [s.id, s]));
        return ids.map((id) => found.get(id) ?? null);
      }),
      registration: new DataLoader((ids) => loadReachable(context, ids)),
    },
  };
  return context;
}
