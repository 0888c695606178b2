import type { Context } from '../../context.ts';

/** Resolves `Registration` references from other subgraphs, batched per request, each only within the caller's reach. */
export function resolveRegistrationReference(reference: { id?: unknown }, ctx: Context) {
  return ctx.loaders.registration.load(String(reference.id));
}
