import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, toPayload } from '@zsb/platform';
import type { Context } from '../../context.ts';
import { PaymentOrder, PaymentOrderStatus } from './payment-order.entity.ts';
import { CandidateAccountReference } from './candidate-account.reference.ts';
import { RegistrationReference } from './registration.reference.ts';
import { reconcileBill } from './reconciliation.ts';
import { BillReconciliationPayload, OpenPaymentInput, OpenPaymentPayload, PaymentOrderPayload, RefundPayload, RegistrationPaymentStatus } from './payment-order.types.ts';

function candidateId(ctx: Context): string {
  const { principal } = ctx.caller;
  if (principal.kind !== 'candidate') throw forbidden();
  return principal.accountId;
}

@Resolver(() => PaymentOrder)
export class PaymentOrderResolver {
  @Authorized('candidate')
  @Query(() => [PaymentOrder], { description: "The signed-in candidate's payment orders, newest first." })
  myPaymentOrders(@Ctx() ctx: Context): Promise<PaymentOrder[]> {
    return ctx.paymentOrders.forAccount(candidateId(ctx));
  }

  @Authorized('candidate')
  @Mutation(() => OpenPaymentPayload, {
    description:
      'Opens the payment of the signed-in candidate\'s registration (or continues its open order of the same quote) and answers where the browser goes to pay. Refused with the reason payment cannot start now (the window\'s dates or daily hours, an earlier step, the pledge), PAYMENT_ALREADY_MADE, IDEMPOTENCY_KEY_REUSED.',
  })
  openPayment(@Arg('input', () => OpenPaymentInput) input: OpenPaymentInput, @Ctx() ctx: Context): Promise<OpenPaymentPayload> {
    const accountId = candidateId(ctx);
    return toPayload(OpenPaymentPayload, async () => {
      const { order, redirect } = await ctx.paymentOrders.open(accountId, { ...input, device: input.device === 'mobile' ? 'mobile' : 'desktop' }, ctx.caller);
      return { order, redirect: { method: redirect.method, url: redirect.url, fields: Object.entries(redirect.fields).map(([name, value]) => ({ name, value })) } };
    });
  }

  @Authorized('candidate')
  @Mutation(() => PaymentOrderPayload, { description: 'Asks the channel at once about one of the candidate\'s own orders ("paid, but the page says unpaid") and settles it as the channel says.' })
  checkPaymentOrder(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: Context): Promise<PaymentOrderPayload> {
    const accountId = candidateId(ctx);
    return toPayload(PaymentOrderPayload, async () => ({ order: await ctx.paymentOrders.checkOwn(accountId, orderId) }));
  }

  @Authorized('staff:PROVINCE_REVIEWER', 'staff:POLICY_STAFF')
  @Mutation(() => RefundPayload, { description: "Refunds a paid order in full through its channel, only where the province's rules allow it (REFUND_NOT_ALLOWED otherwise). Audited." })
  refundPaymentOrder(@Arg('orderId', () => ID) orderId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<RefundPayload> {
    return toPayload(RefundPayload, async () => {
      const refund = await ctx.paymentOrders.refundByStaff(orderId, reason, ctx.caller);
      return { refund, order: (await ctx.em.fork().findOne(PaymentOrder, { id: orderId })) ?? undefined };
    });
  }

  @Authorized('staff:ADMIN')
  @Mutation(() => BillReconciliationPayload, { description: "Reconciles one channel's daily bill (Beijing day `yyyy-MM-dd`) with the orders paid here; every mismatch is answered and written to the audit log." })
  reconcilePaymentBill(@Arg('channel', () => String) channel: string, @Arg('date', () => String) date: string, @Ctx() ctx: Context): Promise<BillReconciliationPayload> {
    return toPayload(BillReconciliationPayload, async () => ({ reconciliation: await reconcileBill(ctx.em, ctx.paymentOrders.deps, channel, date, ctx.caller) }));
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

@Resolver(() => RegistrationReference)
export class RegistrationPaymentsResolver {
  @Authorized('candidate', 'staff', 'partner:payments.read')
  @FieldResolver(() => RegistrationPaymentStatus, { description: 'The payment as the payments subgraph knows it: orders, status, whether the registration accepted it.' })
  async paymentStatus(@Root() registration: RegistrationReference, @Ctx() ctx: Context): Promise<RegistrationPaymentStatus> {
    const { principal } = ctx.caller;
    let orders = await ctx.paymentOrders.forRegistration(registration.id);
    // Exams decides who reaches the registration; here only the orders within the caller's reach are shown.
    if (principal.kind === 'candidate') orders = orders.filter((o) => o.accountId === principal.accountId);
    else if ((principal.kind === 'staff' && principal.role !== 'ADMIN') || principal.kind === 'partner') orders = orders.filter((o) => !principal.province || o.examSessionId.startsWith(`${principal.province}-`));
    const paid = orders.find((o) => o.status === PaymentOrderStatus.PAID && !o.handOverRefusal) ?? orders.find((o) => o.status === PaymentOrderStatus.PAID);
    const refunded = orders.find((o) => o.status === PaymentOrderStatus.REFUNDED);
    const open = orders.find((o) => o.status === PaymentOrderStatus.PENDING);
    const shown = paid ?? open ?? refunded;
    return {
      status: paid ? 'PAID' : open ? 'PENDING' : refunded ? 'REFUNDED' : 'UNPAID',
      amountFen: shown?.amountFen,
      channel: shown?.channel,
      paidAt: (paid ?? refunded)?.paidAt ?? undefined,
      handedOver: Boolean(paid?.handedOverAt),
      orders,
    };
  }
}
