import { randomBytes, randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum PaymentOrderStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CLOSED = 'CLOSED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(PaymentOrderStatus, {
  name: 'PaymentOrderStatus',
  description: 'Where a payment order stands: 未缴费 (PENDING), 已缴费 (PAID), closed unpaid, or refunded.',
});

/** The channel's order number: letters and digits only (8–32, what every channel here accepts). */
export function newOrderNo(): string {
  return `ZSB${randomBytes(12).toString('hex').toUpperCase()}`;
}

@ObjectType({ description: 'One item of the fee quote an order was opened for.' })
export class QuoteLine {
  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => Int)
  amountFen: number;
}

/**
 * A candidate's order to pay a registration's fees through one payment channel. At most one is open (PENDING) per
 * registration and quote: `openKey` holds `<registration>:<quote hash>` while the order is open and is unique, so two
 * concurrent openings cannot both insert. Every change of `status` is a conditional update from the status it was read
 * in, so a notification, its duplicate and the reconciliation sweep settle an order once.
 */
@Entity({ tableName: 'payment_order' })
@ObjectType({ description: "A candidate's order to pay the registration fees (报名费) through one payment channel." })
@Index({ properties: ['status', 'nextCheckAt'] })
export class PaymentOrder {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'string', length: 32 })
  @Unique()
  @Field(() => String, { description: 'The order number the channel knows (商户订单号).' })
  orderNo: string = newOrderNo();

  @Property({ type: 'uuid' })
  @Index()
  accountId: string;

  @Property({ type: 'string', length: 64 })
  @Index()
  @Field(() => ID, { description: 'The registration (报名) the fees are for.' })
  registrationId: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => String, { description: 'The exam session the fees are for, e.g. `CN-SD-2023`.' })
  examSessionId: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Amount in fen (分), to avoid rounding.' })
  amountFen: number;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'Payment channel code, e.g. `ALIPAY`, `UNIONPAY`, `CEB`.' })
  channel: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => PaymentOrderStatus)
  status: PaymentOrderStatus = PaymentOrderStatus.PENDING;

  @Property({ type: 'json' })
  @Field(() => [QuoteLine], { description: "The fee quote's items the amount is made of." })
  quoteLines: QuoteLine[];

  /** SHA-256 of the quote (rule-set version, total and items): what "the same quote" means. */
  @Property({ type: 'string', length: 64 })
  quoteHash: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'The rule-set version (content hash) the quote was made under.' })
  ruleSetHash: string;

  /** `<registration>:<quote hash>` while the order is open, else null; unique. */
  @Property({ type: 'string', length: 140, nullable: true })
  @Unique()
  openKey?: string | null;

  @Property({ type: 'string', length: 8 })
  device: 'mobile' | 'desktop' = 'desktop';

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the channel confirmed payment.' })
  paidAt?: Date | null;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: "The channel's own number for the payment (支付宝交易号, 银联 queryId, 光大 transSeqNo)." })
  channelTradeNo?: string | null;

  /** How the payment became known: NOTIFICATION, QUERY (reconciliation or the candidate's check) or RETURN (the browser's return triggered a query). */
  @Property({ type: 'string', length: 16, nullable: true })
  settledBy?: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the registration accepted the payment (the hand-over to exams).' })
  handedOverAt?: Date | null;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the registration refused the payment (then it is refunded), e.g. `PAYMENT_ALREADY_MADE`.' })
  handOverRefusal?: string | null;

  /** When reconciliation next asks the channel about this open order; null once settled. */
  @Property({ type: 'datetime', nullable: true })
  nextCheckAt?: Date | null;

  @Property({ type: 'integer' })
  checkAttempts: number = 0;

  /** Set while one sweep asks the channel about the order, so two replicas do not both do it. */
  @Property({ type: 'datetime', nullable: true })
  checkClaimedUntil?: Date | null;
}

/** A client's idempotency key for opening an order: the same key answers the same order; another request under it is refused. */
@Entity({ tableName: 'payment_request_key' })
@Unique({ properties: ['accountId', 'clientKey'] })
export class PaymentRequestKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  accountId: string;

  @Property({ type: 'string', length: 64 })
  clientKey: string;

  /** SHA-256 of what was asked under the key (registration, amount, channel). */
  @Property({ type: 'string', length: 64 })
  requestHash: string;

  @Property({ type: 'uuid' })
  orderId: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

export enum PaymentRefundStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  REFUSED = 'REFUSED',
  /** The channel has no refund interface (CEB): staff refund in the bank's merchant console. */
  MANUAL = 'MANUAL',
}
registerEnumType(PaymentRefundStatus, { name: 'PaymentRefundStatus', description: 'Where a refund stands.' });

/** A refund (退费) of a paid order: one per order, for the whole amount. */
@Entity({ tableName: 'payment_refund' })
@ObjectType({ description: 'A refund (退费) of a paid order, for its whole amount.' })
export class PaymentRefund {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  @Unique()
  orderId: string;

  /** The refund's number at the channel: retrying with it never refunds twice. */
  @Property({ type: 'string', length: 32 })
  @Unique()
  @Field(() => String)
  refundNo: string = newOrderNo().replace(/^ZSB/, 'ZSR');

  @Property({ type: 'integer' })
  @Field(() => Int)
  amountFen: number;

  @Property({ type: 'string', length: 16 })
  @Field(() => PaymentRefundStatus)
  status: PaymentRefundStatus = PaymentRefundStatus.PENDING;

  /** `HANDOVER_REFUSED` (the registration would not take the payment), `REVIEW_FAILED`, `STAFF`. */
  @Property({ type: 'string', length: 32 })
  @Field(() => String)
  cause: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String)
  reason: string;

  @Property({ type: 'string', length: 120 })
  actor: string;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  requestedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  completedAt?: Date | null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: "The channel's refusal, when it refused." })
  failure?: string | null;
}
