import type { SchemaDefinition } from '@zsb/platform';
import type { Context } from './context.ts';
import { AccountResolver } from './modules/account/account.resolver.ts';
import { resolveAccountReference } from './modules/account/account.reference.ts';
import { AccountPolicyResolver } from './modules/policy/account-policy.resolver.ts';
import { ExamSessionRosterResolver, RosterResolver } from './modules/roster/roster.resolver.ts';
import { SessionResolver } from './modules/session/session.resolver.ts';
import { StaffResolver } from './modules/staff/staff.resolver.ts';
import { resolveStaffMemberReference } from './modules/staff/staff-member.reference.ts';
import { VerificationResolver } from './modules/verification/verification.resolver.ts';
import { RegistrationUploadsResolver, UploadResolver } from './modules/upload/upload.resolver.ts';
import { RegistrationReference } from './modules/upload/upload.types.ts';

export const schema: SchemaDefinition<Context> = {
  resolvers: [AccountResolver, AccountPolicyResolver, VerificationResolver, SessionResolver, StaffResolver, RosterResolver, ExamSessionRosterResolver, UploadResolver, RegistrationUploadsResolver],
  // Registration is exams'; this subgraph only adds its files, so no field of its own names the type.
  orphanedTypes: [RegistrationReference],
  references: {
    CandidateAccount: resolveAccountReference,
    StaffMember: resolveStaffMemberReference,
    ExamSession: (reference) => ({ id: String(reference.id) }),
    Registration: (reference) => ({ id: String(reference.id) }),
  },
};
