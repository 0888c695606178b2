import type { KeyObject } from 'node:crypto';
import DataLoader from 'dataloader';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { appendCaptchaAnswer, captchaAnswersFile, type BaseContext, type Logger, type PlatformConfig } from '@zsb/platform';
import { parseExamSessionId, type RuleCatalog } from '@zsb/rules';
import { AccountService } from './modules/account/account.service.ts';
import { AccountProfileService } from './modules/account/account-profile.service.ts';
import type { CandidateAccount } from './modules/account/account.entity.ts';
import { PasswordHasher } from './modules/account/password-hasher.ts';
import { PasswordCheckGuard } from './modules/account/password-check-guard.ts';
import { PartnerKeyService } from './modules/partner-key/partner-key.service.ts';
import { RosterService } from './modules/roster/roster.service.ts';
import { SessionService } from './modules/session/session.service.ts';
import type { Session } from './modules/session/session.entity.ts';
import { StaffService, principalOf } from './modules/staff/staff.service.ts';
import { StaffMember } from './modules/staff/staff-member.entity.ts';
import { CandidateAccount as AccountEntity } from './modules/account/account.entity.ts';
import { CaptchaService } from './modules/verification/captcha.service.ts';
import { RateLimiter } from './modules/verification/rate-limiter.ts';
import { SmsService } from './modules/verification/sms.service.ts';
import type { RuleSetFollower } from './modules/rules/rule-set-follower.ts';
import type { SmsProvider } from './modules/verification/sms-provider.ts';
import { UploadService, type UploadDependencies } from './modules/upload/upload.service.ts';

/** Built once at start and shared by every request. */
export interface Dependencies {
  config: PlatformConfig;
  rules: RuleCatalog;
  sms: SmsProvider;
  passwords: PasswordHasher;
  tokenKey: { privateKey: KeyObject; publicKey: KeyObject };
  /** Most data rows one roster import takes (`ZSB_ROSTER_MAX_ROWS`). */
  rosterMaxRows: number;
  /** Stops watching the rule files. */
  stopWatching?: () => void;
  /** Follows the versions the exams subgraph publishes. */
  follower?: RuleSetFollower;
  /** The background sweep of spent captchas, codes and rate windows. */
  sweeper?: NodeJS.Timeout;
  /** Uploads: storage, jobs, the exams client (built at start by `prepare`; absent in the CLI). */
  uploads?: UploadDependencies;
  orm?: MikroORM;
  log?: Logger;
  /** Set only by test harnesses (in test mode) to read captcha answers as a person reads the image. */
  captchaObserver?: (id: string, answer: string) => void;
}

export interface Context extends BaseContext {
  rules: RuleCatalog;
  accounts: AccountService;
  sessions: SessionService;
  captchas: CaptchaService;
  staff: StaffService;
  roster: RosterService;
  uploads: UploadService;
  loaders: {
    account: DataLoader<string, CandidateAccount | null>;
    staff: DataLoader<string, StaffMember | null>;
    rosterCount: DataLoader<string, number>;
  };
}

/** Rebuilds the principal of a session's subject; used when refreshing tokens. */
export function sessionPrincipal(em: EntityManager) {
  return async (session: Session) => {
    if (session.subjectType === 'candidate') {
      const account = await em.fork().findOne(AccountEntity, { id: session.subjectId });
      return account ? { kind: 'candidate' as const, accountId: account.id, province: account.province } : undefined;
    }
    const member = await em.fork().findOne(StaffMember, { id: session.subjectId, disabledAt: null });
    return member ? principalOf(member) : undefined;
  };
}

/** The services of one request (or one CLI command), all on the same unit of work. */
export function createServices(em: EntityManager, base: Pick<BaseContext, 'caller' | 'log'> & Partial<Pick<BaseContext, 'endedSessions'>>, deps: Dependencies) {
  const limiter = new RateLimiter(em);
  const sessions = new SessionService(em, deps.tokenKey.privateKey, sessionPrincipal(em), base.endedSessions);
  const captchas = new CaptchaService(em, limiter, captchaObserver(deps));
  const sms = new SmsService(em, limiter, deps.sms, base.log);
  // One per request (or CLI command): aliased sign-ins in one request get one password check between them.
  const passwordCheck = new PasswordCheckGuard();
  const accounts = new AccountService({ em, caller: base.caller, rules: deps.rules, captchas, sms, sessions, limiter, passwords: deps.passwords, passwordCheck, tokenKey: deps.tokenKey });
  return {
    limiter,
    sessions,
    captchas,
    sms,
    accounts,
    staff: new StaffService(em, deps.passwords, limiter, sessions, passwordCheck),
    roster: new RosterService(em, deps.rules, deps.rosterMaxRows),
    partnerKeys: new PartnerKeyService(em),
    profiles: new AccountProfileService(em, deps.rules, deps.sms, base.log),
  };
}

/**
 * Who reads an issued captcha's answer besides the person looking at it: in development and tests a file beside the
 * SMS outbox (`/dev/captchas.json`, `npm run cli -- captcha:answer ID`), so scripts and benchmarks can answer it, and
 * a test harness's observer; in production nobody.
 */
function captchaObserver(deps: Dependencies): ((id: string, answer: string) => void) | undefined {
  if (deps.config.mode === 'production') return undefined;
  const file = captchaAnswersFile(deps.config);
  const observer = deps.config.mode === 'test' ? deps.captchaObserver : undefined;
  return (id, answer) => {
    appendCaptchaAnswer(file, { at: new Date().toISOString(), id, answer });
    observer?.(id, answer);
  };
}

export function createContext(base: BaseContext, deps: Dependencies): Context {
  const services = createServices(base.em, base, deps);
  return {
    ...base,
    rules: deps.rules,
    ...services,
    uploads: new UploadService(base.em, base.caller, deps.uploads!),
    loaders: {
      account: new DataLoader(async (ids) => {
        const found = new Map((await services.accounts.byIds(ids)).map((a) => [a.id, a]));
        return ids.map((id) => found.get(id) ?? null);
      }),
      staff: new DataLoader(async (ids) => {
        const found = new Map((await services.staff.byIds(ids)).map((m) => [m.id, m]));
        return ids.map((id) => found.get(id) ?? null);
      }),
      rosterCount: new DataLoader(async (ids) => {
        const sessions = ids.map((id) => parseExamSessionId(id) ?? { province: '', examYear: 0 });
        return services.roster.counts(sessions);
      }),
    },
  };
}
