import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { forbidden } from '@zsb/platform';
import type { Context } from '../../context.ts';
import { PaymentOrder } from './payment-order.entity.ts';
import { CandidateAccountReference } from './candidate-account.reference.ts';

@Resolver(() => PaymentOrder)
export class PaymentOrderResolver {
  @Authorized('candidate')
  @Query(() => [PaymentOrder], { description: "The signed-in candidate's payment orders, newest first." })
  myPaymentOrders(@Ctx() ctx: Context): Promise<PaymentOrder[]> {
    const { principal } = ctx.caller;
    if (principal.kind !== 'candidate') throw forbidden();
    return ctx.paymentOrders.forAccount(principal.accountId);
  }
}

@Resolver(() => CandidateAccountReference)
export class CandidateAccountPaymentsResolver {
  @Authorized('candidate', 'staff', 'partner:payments.read')
  @FieldResolver(() => [PaymentOrder], { description: "The account's payment orders, newest first." })
  paymentOrders(@Root() account: CandidateAccountReference, @Ctx() ctx: Context): Promise<PaymentOrder[]> {
    const { principal } = ctx.caller;
    if (principal.kind === 'candidate' && principal.accountId !== account.id) throw forbidden();
    return ctx.paymentOrders.forAccount(account.id);
  }
}
