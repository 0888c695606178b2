import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
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

/** A candidate's order to pay an exam session's fees through one payment channel. */
@Entity({ tableName: 'payment_order' })
@ObjectType({ description: "A candidate's order to pay the registration fees (报名费) through one payment channel." })
export class PaymentOrder {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  @Index()
  accountId: string;

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

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the channel confirmed payment.' })
  paidAt?: Date;
}
