import type { SchemaDefinition } from '@zsb/platform';
import type { Context } from './context.ts';
import { CandidateAccountPaymentsResolver, PaymentOrderResolver, RegistrationPaymentsResolver } from './modules/payment-order/payment-order.resolver.ts';
import { CandidateAccountReference, resolveCandidateAccountReference } from './modules/payment-order/candidate-account.reference.ts';
import { RegistrationReference, resolveRegistrationReference } from './modules/payment-order/registration.reference.ts';

export const schema: SchemaDefinition<Context> = {
  resolvers: [PaymentOrderResolver, CandidateAccountPaymentsResolver, RegistrationPaymentsResolver],
  // No field of this subgraph returns these entities: without being named here they were left out of the schema,
  // and with them the fields payments adds to them.
  orphanedTypes: [CandidateAccountReference, RegistrationReference],
  references: { CandidateAccount: resolveCandidateAccountReference, Registration: resolveRegistrationReference },
};
