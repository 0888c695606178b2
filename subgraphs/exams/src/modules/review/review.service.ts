import { enqueueMessage, forbidden, recordAudit, type Caller } from '@zsb/platform';
import { applyReview, type ReviewOutcome, type ReviewerRole } from '@zsb/rules';
import type { Registration } from '../registration/registration.entity.ts';
import { reaches } from '../registration/registration.access.ts';
import { refusal, type RegistrationStore } from '../registration/registration.store.ts';

/** The outbox topic of an SMS to a candidate's bound phone (delivered through the candidates subgraph). */
export const CANDIDATE_SMS_TOPIC = 'candidate.sms';

/** The reviewer role of a staff caller; anyone else may not decide. */
export function reviewerRole(caller: Caller): ReviewerRole {
  const p = caller.principal;
  if (p.kind !== 'staff' || (p.role !== 'COLLEGE_REVIEWER' && p.role !== 'PROVINCE_REVIEWER')) throw forbidden('仅审核人员可以审核');
  return p.role;
}

/** An SMS to the candidate about their registration, within the length the candidates subgraph accepts. */
export function smsText(title: string, what: string, reason?: string): string {
  const because = reason ? `，原因：${reason.length > 80 ? `${reason.slice(0, 80)}…` : reason}` : '';
  return `${what.replace(/。$/, '')}${because}。${title}，请登录报名系统查看。`;
}

const OUTCOME_TEXT: Record<ReviewOutcome, (stage: string, last: boolean) => string> = {
  APPROVE: (stage, last) => (last ? '您的报名已通过资格审核，报名完成。' : `您的报名已通过${stage}，等待下一级审核。`),
  REJECT: () => '您的报名未通过资格审核',
  RETURN: () => '您的报名已退回修改，请修改后重新提交',
};

/**
 * Qualification review (资格审核): a reviewer of the role the current stage names, within their college or province,
 * approves, rejects with a reason, or returns for changes. Every answer is audited in the same transaction and told
 * to the candidate by SMS.
 */
export class ReviewService {
  constructor(
    private readonly store: RegistrationStore,
    private readonly caller: Caller,
  ) {}

  async review(id: string, answer: { outcome: ReviewOutcome; reason?: string }, version?: number): Promise<Registration> {
    const role = reviewerRole(this.caller);
    const registration = await this.store.get(id, reaches(this.caller.principal));
    this.store.expectVersion(registration, version);
    const { set, engine } = await this.store.rules(registration);
    const state = await this.store.state(registration);
    const result = await applyReview(engine, state, { outcome: answer.outcome, role, reason: answer.reason }, this.store.now(registration));
    if (!result.ok) throw refusal(result.errors);
    const stages = set.flow.review!.stages;
    const stage = state.review!.stage;
    const reason = answer.reason?.trim() || undefined;
    const text = smsText(set.manifest.title, OUTCOME_TEXT[answer.outcome](stages[stage].title, stage === stages.length - 1), answer.outcome === 'APPROVE' ? undefined : reason);
    const saved = await this.store.save(registration, result.state, result.decisions, (em) => {
      recordAudit(em, this.caller, 'registration.review', { type: 'Registration', id: registration.id }, { outcome: answer.outcome, reason, stage, stageTitle: stages[stage].title, role, ruleSetHash: registration.ruleSetHash });
      enqueueMessage(em, CANDIDATE_SMS_TOPIC, { accountId: registration.accountId, text, purpose: 'REVIEW_OUTCOME' });
    });
    this.store.deps.relay.kick();
    return saved;
  }
}
