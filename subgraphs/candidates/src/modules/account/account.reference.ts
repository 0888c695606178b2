import type { Context } from '../../context.ts';

/** Resolves `CandidateAccount` references from other subgraphs, batched per request. */
export function resolveAccountReference(reference: { id?: unknown }, ctx: Context) {
  return ctx.loaders.account.load(String(reference.id));
}
