import { enqueueMessage, forbidden, recordAudit, Refusal, type Caller } from '@zsb/platform';
import { applyChange, proposeChange, type RegistrationState, type TakenDecision } from '@zsb/rules';
import type { Registration } from '../registration/registration.entity.ts';
import { reaches } from '../registration/registration.access.ts';
import { refusal, type RegistrationStore } from '../registration/registration.store.ts';
import { ChangeRequest } from './change-request.entity.ts';
import { CANDIDATE_SMS_TOPIC, reviewerRole, smsText } from './review.service.ts';

export interface RequestedChange {
  field: string;
  value: unknown;
}

/**
 * Changes after a value locks, as the rules allow them: an edit the candidate makes directly (during review it
 * resubmits the registration), or a change request (申请修改) the reviewer the rules name approves or refuses. Either
 * way the old and new value are kept, and the decisions that read the value are taken again.
 */
export class ChangeService {
  constructor(
    private readonly store: RegistrationStore,
    private readonly caller: Caller,
  ) {}

  /** The signed-in candidate asks for changes of their own registration. */
  async requestForCandidate(id: string, changes: RequestedChange[], version?: number): Promise<{ registration: Registration; requests: ChangeRequest[] }> {
    const p = this.caller.principal;
    if (p.kind !== 'candidate') throw forbidden();
    const registration = await this.store.get(id, (r) => r.accountId === p.accountId);
    this.store.expectVersion(registration, version);
    const requests: ChangeRequest[] = [];
    const changed = await this.request(registration, changes, requests);
    return { registration: changed, requests };
  }

  /**
   * Makes or files each change in order, on the state as the previous one left it; all or none. `filed` receives the
   * change records written.
   */
  async request(registration: Registration, changes: RequestedChange[], filed: ChangeRequest[] = []): Promise<Registration> {
    if (!changes.length) throw new Refusal('CHANGE_REQUIRED', '请填写要修改的内容。', 'changes');
    const { engine } = await this.store.rules(registration);
    const now = this.store.now(registration);
    let state: RegistrationState = await this.store.state(registration);
    const decisions: TakenDecision[] = [];
    const pending = await this.store.em.find(ChangeRequest, { registrationId: registration.id, status: 'PENDING' });
    for (const change of changes) {
      const proposed = await proposeChange(engine, state, change.field, change.value, now);
      if (!proposed.ok) throw refusal(proposed.errors);
      const proposal = proposed.change;
      if (proposal.route === 'CHANGE_REQUEST' && (pending.some((r) => r.field === change.field) || filed.some((r) => r.field === change.field))) {
        throw new Refusal('CHANGE_REQUEST_PENDING', `“${proposal.label}”的修改申请正在审核，请等待审核结果。`, change.field);
      }
      const record = this.store.em.create(ChangeRequest, {
        registrationId: registration.id,
        examSessionId: registration.examSessionId,
        province: registration.province,
        collegeCode: registration.collegeCode,
        field: change.field,
        label: proposal.label,
        values: { oldValue: proposal.oldValue, newValue: proposal.newValue },
        route: proposal.route,
        phase: proposal.phase,
        decidedBy: proposal.decidedBy,
        status: proposal.route === 'EDIT' ? 'APPLIED' : 'PENDING',
        requestedAt: now,
        decidedAt: proposal.route === 'EDIT' ? now : undefined,
      });
      if (proposal.route === 'EDIT') {
        const applied = await applyChange(engine, state, { field: change.field, value: change.value }, now);
        if (!applied.ok) throw refusal(applied.errors);
        state = applied.state;
        decisions.push(...applied.decisions);
      }
      filed.push(record);
    }
    const saved = await this.store.save(registration, state, decisions, (em) => filed.forEach((r) => em.persist(r)));
    return saved;
  }

  /** The changes of a registration, newest first. */
  forRegistration(registrationId: string): Promise<ChangeRequest[]> {
    return this.store.em.find(ChangeRequest, { registrationId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /**
   * A reviewer approves or refuses a change request: only the role the rules named, within their college or province.
   * An approval makes the change as of when it was asked (its window is checked then) and takes the rules' decisions
   * again; either answer is audited and told to the candidate by SMS.
   */
  async decide(id: string, approve: boolean, reason: string | undefined): Promise<{ request: ChangeRequest; registration: Registration }> {
    const role = reviewerRole(this.caller);
    const request = /^[0-9a-f-]{36}$/i.test(id) ? await this.store.em.findOne(ChangeRequest, { id }) : null;
    const reach = reaches(this.caller.principal);
    const registration = request ? await this.store.find(request.registrationId) : null;
    if (!request || !registration || !reach(registration)) throw new Refusal('CHANGE_REQUEST_NOT_FOUND', '没有找到该修改申请', 'changeRequestId');
    if (request.status !== 'PENDING') throw new Refusal('CHANGE_REQUEST_DECIDED', '该修改申请已处理。', 'changeRequestId');
    if (request.decidedBy !== role) throw new Refusal('REVIEWER_NOT_ALLOWED', '该修改申请须由其他审核人员处理。', 'changeRequestId');
    const note = reason?.trim() || undefined;
    if (!approve && !note) throw new Refusal('REASON_REQUIRED', '不同意修改须填写原因。', 'reason');
    const { set, engine } = await this.store.rules(registration);
    const now = this.store.now(registration);
    let state = await this.store.state(registration);
    let decisions: TakenDecision[] = [];
    if (approve) {
      const applied = await applyChange(engine, state, { field: request.field, value: request.values.newValue, requestedAt: request.requestedAt, approvedBy: role }, now);
      if (!applied.ok) throw refusal(applied.errors);
      state = applied.state;
      decisions = applied.decisions;
    }
    request.status = approve ? 'APPROVED' : 'REJECTED';
    request.decidedAt = now;
    request.decider = `staff:${this.caller.principal.kind === 'staff' ? this.caller.principal.staffId : ''}`;
    request.reason = note?.slice(0, 300);
    const text = smsText(set.manifest.title, approve ? `您申请修改的“${request.label}”已审核通过。` : `您申请修改的“${request.label}”未通过审核`, note);
    // The request's own version makes two reviewers' answers exclusive, as the registration's does its writes.
    const saved = await this.store.save(registration, state, decisions, (em) => {
      recordAudit(em, this.caller, 'registration.change.decide', { type: 'Registration', id: registration.id }, { changeRequestId: request.id, field: request.field, approve, reason: note, role });
      enqueueMessage(em, CANDIDATE_SMS_TOPIC, { accountId: registration.accountId, text, purpose: 'CHANGE_REQUEST_DECIDED' });
    });
    this.store.deps.relay.kick();
    return { request, registration: saved };
  }
}
