import type { Context } from '../../context.ts';

/** Resolves `ExamSession` references from other subgraphs, batched per request. */
export function resolveExamSessionReference(reference: { id?: unknown }, ctx: Context) {
  return ctx.loaders.examSession.load(String(reference.id));
}
