import { allows, forbidden, unauthenticated } from '@zsb/platform';
import type { Context } from '../../context.ts';

/**
 * Resolves `StaffMember` references from other subgraphs (who published a rule set, …), batched per request. Only
 * staff see other members: a candidate or partner who reaches a reference is refused, as for any staff field.
 */
export function resolveStaffMemberReference(reference: { id?: unknown }, ctx: Context) {
  const { principal } = ctx.caller;
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (!allows(principal, ['staff'])) throw forbidden();
  return ctx.loaders.staff.load(String(reference.id));
}
