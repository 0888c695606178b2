import { AuditEntry, Job, type DatabaseSpec } from '@zsb/platform';
import { migrations } from '../migrations/index.ts';
import { CandidateAccount } from './modules/account/account.entity.ts';
import { PartnerKey } from './modules/partner-key/partner-key.entity.ts';
import { RosterEntry, RosterImport } from './modules/roster/roster-entry.entity.ts';
import { Session } from './modules/session/session.entity.ts';
import { Upload } from './modules/upload/upload.entity.ts';
import { StaffMember } from './modules/staff/staff-member.entity.ts';
import { Captcha } from './modules/verification/captcha.entity.ts';
import { RateCounter } from './modules/verification/rate-counter.entity.ts';
import { SmsChallenge } from './modules/verification/sms-challenge.entity.ts';

export const database: DatabaseSpec = {
  name: 'candidates',
  entities: [CandidateAccount, Session, StaffMember, PartnerKey, RosterEntry, RosterImport, Captcha, SmsChallenge, RateCounter, AuditEntry, Upload, Job],
  migrations,
  personalData: true,
};
