import { registerEnumType } from 'type-graphql';

export const RegistrationStatusEnum = { IN_PROGRESS: 'IN_PROGRESS', IN_REVIEW: 'IN_REVIEW', RETURNED: 'RETURNED', REJECTED: 'REJECTED', COMPLETE: 'COMPLETE' } as const;
registerEnumType(RegistrationStatusEnum, {
  name: 'RegistrationStatus',
  description: 'Where a registration stands: steps still to do (IN_PROGRESS), waiting for qualification review (IN_REVIEW), returned for changes (RETURNED), rejected (REJECTED), done (COMPLETE).',
});

export const StepStatusEnum = { DONE: 'DONE', CURRENT: 'CURRENT', AVAILABLE: 'AVAILABLE', BLOCKED: 'BLOCKED', LOCKED: 'LOCKED', NOT_APPLICABLE: 'NOT_APPLICABLE' } as const;
registerEnumType(StepStatusEnum, {
  name: 'RegistrationStepStatus',
  description:
    'DONE: completed, nothing in it changes directly any more; AVAILABLE: completed and may be reopened; CURRENT: the next step, open now; BLOCKED: the next step but not now (blockedBy says why); LOCKED: a later step; NOT_APPLICABLE: does not apply to this candidate.',
});

export const ReviewOutcomeEnum = { APPROVE: 'APPROVE', REJECT: 'REJECT', RETURN: 'RETURN' } as const;
registerEnumType(ReviewOutcomeEnum, { name: 'ReviewOutcome', description: 'A reviewer\'s answer: approve (审核通过), reject (审核不通过) or return for changes (退回修改).' });

export const ReviewerRoleEnum = { COLLEGE_REVIEWER: 'COLLEGE_REVIEWER', PROVINCE_REVIEWER: 'PROVINCE_REVIEWER' } as const;
registerEnumType(ReviewerRoleEnum, { name: 'ReviewerRole', description: 'Who reviews: the candidate\'s college (院校) or the provincial authority (省级).' });

export const ChangeRouteEnum = { EDIT: 'EDIT', CHANGE_REQUEST: 'CHANGE_REQUEST' } as const;
registerEnumType(ChangeRouteEnum, { name: 'ChangeRoute', description: 'How a locked value changes: the candidate edits it (EDIT), or asks and a reviewer decides (CHANGE_REQUEST, 申请修改).' });

export const ChangeRequestStatusEnum = { PENDING: 'PENDING', APPROVED: 'APPROVED', REJECTED: 'REJECTED', APPLIED: 'APPLIED' } as const;
registerEnumType(ChangeRequestStatusEnum, {
  name: 'ChangeRequestStatus',
  description: 'PENDING: waits for the reviewer; APPROVED: the reviewer approved it and it was made; REJECTED: the reviewer refused it; APPLIED: an edit the candidate made directly (no reviewer).',
});
