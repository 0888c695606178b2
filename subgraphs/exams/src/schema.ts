import type { SchemaDefinition } from '@zsb/platform';
import type { Context } from './context.ts';
import { ExamSessionResolver } from './modules/exam-session/exam-session.resolver.ts';
import { resolveExamSessionReference } from './modules/exam-session/exam-session.reference.ts';
import { ProvinceResolver } from './modules/province/province.resolver.ts';
import { PolicyResolver } from './modules/policy/policy.resolver.ts';
import { PolicyAdminResolver } from './modules/policy/policy-admin.resolver.ts';

export const schema: SchemaDefinition<Context> = {
  resolvers: [ExamSessionResolver, ProvinceResolver, PolicyResolver, PolicyAdminResolver],
  references: { ExamSession: resolveExamSessionReference },
};
