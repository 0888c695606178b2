import { AuditEntry, type DatabaseSpec } from '@zsb/platform';
import { migrations } from '../migrations/index.ts';
import { ExamSession } from './modules/exam-session/exam-session.entity.ts';
import { DecisionRecord } from './modules/policy/decision-record.entity.ts';

export const database: DatabaseSpec = {
  name: 'exams',
  entities: [ExamSession, DecisionRecord, AuditEntry],
  migrations,
};
