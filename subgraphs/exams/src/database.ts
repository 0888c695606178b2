import { AuditEntry, type DatabaseSpec } from '@zsb/platform';
import { migrations } from '../migrations/index.ts';
import { ExamSession } from './modules/exam-session/exam-session.entity.ts';

export const database: DatabaseSpec = {
  name: 'exams',
  entities: [ExamSession, AuditEntry],
  migrations,
};
