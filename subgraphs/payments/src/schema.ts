import type { SchemaDefinition } from '@zsb/platform';
import type { Context } from './context.ts';
import { CandidateAccountPaymentsResolver, PaymentOrderResolver } from './modules/payment-order/payment-order.resolver.ts';
import { resolveCandidateAccountReference } from './modules/payment-order/candidate-account.reference.ts';

export const schema: SchemaDefinition<Context> = {
  resolvers: [PaymentOrderResolver, CandidateAccountPaymentsResolver],
  references: { CandidateAccount: resolveCandidateAccountReference },
};
