import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Payload } from '@zsb/platform';
import { PaymentOrder, PaymentRefund } from './payment-order.entity.ts';

@InputType({ description: 'Open (or continue) the payment of a registration.' })
export class OpenPaymentInput {
  @Field(() => ID, { description: 'The registration (报名) to pay for.' })
  registrationId: string;

  @Field(() => String, { description: 'A key the page makes once per payment attempt (8–64 letters, digits, `-`, `_`): sending it again answers the same order; sending it for another registration or amount is refused (IDEMPOTENCY_KEY_REUSED).' })
  clientKey: string;

  @Field(() => String, { nullable: true, description: '`mobile` (the channel\'s phone page) or `desktop` (default).' })
  device?: string;

  @Field(() => Int, { nullable: true, description: 'The amount in fen the page showed; refused with PAYMENT_AMOUNT_CHANGED when the quote now says otherwise.' })
  amountFen?: number;
}

@ObjectType({ description: 'One form field the browser posts to the channel.' })
export class FormField {
  @Field(() => String)
  name: string;

  @Field(() => String)
  value: string;
}

@ObjectType({ description: "Where to send the candidate's browser to pay: a GET to `url`, or a form POST of `fields` to `url`." })
export class PaymentRedirectView {
  @Field(() => String, { description: '`GET` or `POST`.' })
  method: string;

  @Field(() => String)
  url: string;

  @Field(() => [FormField])
  fields: FormField[];
}

@ObjectType({ description: 'Outcome of opening a payment.' })
export class OpenPaymentPayload extends Payload {
  @Field(() => PaymentOrder, { nullable: true })
  order?: PaymentOrder;

  @Field(() => PaymentRedirectView, { nullable: true, description: 'Where the browser goes to pay this order.' })
  redirect?: PaymentRedirectView;
}

@ObjectType({ description: 'Outcome of an action on a payment order.' })
export class PaymentOrderPayload extends Payload {
  @Field(() => PaymentOrder, { nullable: true, description: 'The order as it stands after the action.' })
  order?: PaymentOrder;
}

@ObjectType({ description: 'Outcome of a refund.' })
export class RefundPayload extends Payload {
  @Field(() => PaymentRefund, { nullable: true })
  refund?: PaymentRefund;

  @Field(() => PaymentOrder, { nullable: true })
  order?: PaymentOrder;
}

@ObjectType({ description: 'One difference between a channel\'s daily bill and the orders paid here.' })
export class BillMismatchView {
  @Field(() => String, { description: '`PAID_THERE_NOT_HERE`, `PAID_HERE_NOT_THERE`, `AMOUNT_DIFFERS` or `REFUNDED_THERE_NOT_HERE`.' })
  kind: string;

  @Field(() => String)
  orderNo: string;

  @Field(() => String, { nullable: true })
  channelTradeNo?: string;

  @Field(() => Int, { nullable: true })
  channelFen?: number;

  @Field(() => Int, { nullable: true })
  platformFen?: number;

  @Field(() => String, { nullable: true })
  platformStatus?: string;
}

@ObjectType({ description: "A channel's daily bill (对账单) reconciled against the orders paid here; each mismatch is also an audit entry." })
export class BillReconciliationView {
  @Field(() => String)
  channel: string;

  @Field(() => String, { description: 'The Beijing calendar day, `yyyy-MM-dd`.' })
  date: string;

  @Field(() => Int)
  billRows: number;

  @Field(() => Int)
  ordersPaid: number;

  @Field(() => [BillMismatchView])
  mismatches: BillMismatchView[];
}

@ObjectType({ description: 'Outcome of a bill reconciliation.' })
export class BillReconciliationPayload extends Payload {
  @Field(() => BillReconciliationView, { nullable: true })
  reconciliation?: BillReconciliationView;
}

@ObjectType({ description: "A registration's payment as the payments subgraph knows it: its orders and where they stand." })
export class RegistrationPaymentStatus {
  @Field(() => String, { description: '`UNPAID` (no order), `PENDING` (an order open, not yet confirmed), `PAID`, `REFUNDED`.' })
  status: string;

  @Field(() => Int, { nullable: true, description: 'The amount paid (or open) in fen.' })
  amountFen?: number;

  @Field(() => String, { nullable: true })
  channel?: string;

  @Field(() => Date, { nullable: true })
  paidAt?: Date;

  @Field(() => Boolean, { description: 'Whether the registration has accepted the payment (it moved on).' })
  handedOver: boolean;

  @Field(() => [PaymentOrder], { description: 'Every order of the registration, newest first.' })
  orders: PaymentOrder[];
}
