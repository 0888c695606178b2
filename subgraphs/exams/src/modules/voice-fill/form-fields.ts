import { planRegistration, type RegistrationState, type RuleSet } from '@zsb/rules';
import type { FormFieldSpec } from './field-lexicon.ts';

/**
 * The fields of the personal-information step as this candidate sees them (options resolved, read-only fields
 * marked), from the registration's plan: what a transcript is read against.
 */
export async function personalInformationFields(ruleSet: RuleSet, state: RegistrationState, now: Date): Promise<FormFieldSpec[]> {
  const plan = await planRegistration(ruleSet, state, now);
  const step = plan.steps.find((s) => s.code === 'PERSONAL_INFORMATION');
  return step ? step.asks : [];
}
