import type { SchemaDefinition } from '@zsb/platform';
import type { Context } from './context.ts';
import { ExamSessionResolver } from './modules/exam-session/exam-session.resolver.ts';
import { resolveExamSessionReference } from './modules/exam-session/exam-session.reference.ts';
import { ProvinceResolver } from './modules/province/province.resolver.ts';
import { PolicyResolver } from './modules/policy/policy.resolver.ts';
import { PolicyAdminResolver, RuleSetPublicationResolver } from './modules/policy/policy-admin.resolver.ts';
import { PlatformClockResolver } from './modules/clock/platform-clock.resolver.ts';
import { RegistrationResolver } from './modules/registration/registration.resolver.ts';
import { resolveRegistrationReference } from './modules/registration/registration.reference.ts';
import { CandidateAccountReference, CandidateAccountRegistrationResolver, resolveCandidateAccountReference } from './modules/registration/candidate-account.reference.ts';
import { ReviewResolver } from './modules/review/review.resolver.ts';

export const schema: SchemaDefinition<Context> = {
  resolvers: [ExamSessionResolver, ProvinceResolver, PolicyResolver, PolicyAdminResolver, RuleSetPublicationResolver, PlatformClockResolver, RegistrationResolver, CandidateAccountRegistrationResolver, ReviewResolver],
  // Referenced by no field of this subgraph, so named here: it carries `registration` onto the candidates' account.
  orphanedTypes: [CandidateAccountReference],
  references: { ExamSession: resolveExamSessionReference, Registration: resolveRegistrationReference, CandidateAccount: resolveCandidateAccountReference },
};
