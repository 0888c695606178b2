import { AuditEntry, OutboxMessage, type DatabaseSpec } from '@zsb/platform';
import { migrations } from '../migrations/index.ts';
import { ExamSession } from './modules/exam-session/exam-session.entity.ts';
import { DecisionRecord } from './modules/policy/decision-record.entity.ts';
import { RuleSetPublication } from './modules/policy/rule-set-publication.entity.ts';
import { Registration } from './modules/registration/registration.entity.ts';
import { RuleSetVersion } from './modules/registration/rule-set-version.entity.ts';
import { ChangeRequest } from './modules/review/change-request.entity.ts';

export const database: DatabaseSpec = {
  name: 'exams',
  // Registrations hold the candidate's personal values (form, prefill, changes), encrypted at rest.
  personalData: true,
  entities: [ExamSession, DecisionRecord, Registration, RuleSetVersion, RuleSetPublication, ChangeRequest, OutboxMessage, AuditEntry],
  migrations,
};
