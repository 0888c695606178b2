import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { actorOf, enqueueMessage, recordAudit, Refusal, type Caller, type Logger, type OutboxRelay } from '@zsb/platform';
import { ChannelError, type NotificationAnswer, type PaymentChannel, type PaymentRedirect, type RawNotification } from '../channels/channel.ts';
import type { ChannelRegistry } from '../channels/channel.registry.ts';
import type { ExamsClient, Payable } from './exams.client.ts';
import { newOrderNo, PaymentOrder, PaymentOrderStatus, PaymentRefund, PaymentRefundStatus, PaymentRequestKey } from './payment-order.entity.ts';

/** The outbox topic of the hand-over to exams: one message per order the moment it is first known paid. */
export const PAYMENT_PAID_TOPIC = 'payment.paid';

/** Who acts when nobody asked: notifications, the sweep, the outbox relay. */
export const SYSTEM: Caller = { principal: { kind: 'service', name: 'payments' }, clientIp: '127.0.0.1', requestId: 'payments' };

/** What the payments services share, built once at start. */
export interface PaymentDeps {
  channels: ChannelRegistry;
  exams: ExamsClient;
  relay: OutboxRelay;
  /** Where channels and browsers reach the gateway; tests set it once their gateway listens. */
  publicUrl: string;
  /** How long an open order waits before reconciliation first asks its channel. */
  checkAfterMs: number;
  log: Logger;
}

export interface OpenPaymentInput {
  registrationId: string;
  clientKey: string;
  device?: 'mobile' | 'desktop';
  /** The amount the page showed; another amount in the quote now refuses the request. */
  amountFen?: number;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const CLIENT_KEY = /^[A-Za-z0-9_-]{8,64}$/;
/** An open order never confirmed by its channel is closed after this long (the channel's own pages expire sooner). */
const ORDER_LIFETIME_MS = 24 * 3600_000;
const MAX_CHECK_DELAY_MS = 10 * 60_000;

function isUnique(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException;
}

/** Payment orders: opening (idempotent), notifications, queries, the hand-over to exams, refunds. */
export class PaymentOrderService {
  constructor(
    readonly em: EntityManager,
    readonly deps: PaymentDeps,
  ) {}

  forAccount(accountId: string): Promise<PaymentOrder[]> {
    return this.em.find(PaymentOrder, { accountId }, { orderBy: { createdAt: 'desc' } });
  }

  /** A registration's orders, newest first; the registrations of one request (a staff list) are read in one query. */
  forRegistration(registrationId: string): Promise<PaymentOrder[]> {
    return this.registrationOrders.load(registrationId);
  }

  private readonly registrationOrders = new DataLoader<string, PaymentOrder[]>(async (ids) => {
    const orders = await this.em.find(PaymentOrder, { registrationId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc' } });
    return ids.map((id) => orders.filter((order) => order.registrationId === id));
  });

  async own(accountId: string, orderId: string): Promise<PaymentOrder> {
    const order = await this.em.findOne(PaymentOrder, { id: orderId, accountId });
    if (!order) throw new Refusal('PAYMENT_ORDER_NOT_FOUND', '没有找到该缴费订单', 'orderId');
    return order;
  }

  private channel(code: string): PaymentChannel {
    try {
      return this.deps.channels.get(code);
    } catch (error) {
      if (error instanceof ChannelError) throw new Refusal('PAYMENT_CHANNEL_UNAVAILABLE', '该缴费渠道暂不可用，请联系报名管理机构', undefined, {});
      throw error;
    }
  }

  /** Where the candidate's browser goes to pay this order. */
  redirect(order: PaymentOrder): PaymentRedirect {
    const base = this.deps.publicUrl;
    return this.channel(order.channel).createPayment({
      orderId: order.orderNo,
      amountFen: order.amountFen,
      createdAt: order.createdAt,
      subject: `${order.examSessionId} 专升本报名考试费`,
      device: order.device,
      notifyUrl: `${base}/payments/notify/${order.channel}`,
      returnUrl: `${base}/payments/return/${order.channel}`,
    });
  }

  /**
   * Opens the candidate's order for their registration, or continues the open one of the same quote. The amount,
   * items and channel come from exams (`payable`: the rules' fee quote and paymentChannel decision, and whether payment
   * may start now: earlier steps, pledge, the window's dates and daily hours in the rules' time zone). Idempotent under
   * the client's key: the same key answers the same order; the key with another registration or amount is refused.
   */
  async open(accountId: string, input: OpenPaymentInput, caller: Caller): Promise<{ order: PaymentOrder; redirect: PaymentRedirect }> {
    if (!CLIENT_KEY.test(input.clientKey)) throw new Refusal('IDEMPOTENCY_KEY_INVALID', '请求标识无效，请刷新页面后重试', 'clientKey');
    const payable = await this.deps.exams.payableFor(input.registrationId, accountId);
    const requestHash = sha256([payable.registrationId, payable.totalFen, payable.channel?.code ?? null]);
    const keyed = await this.em.findOne(PaymentRequestKey, { accountId, clientKey: input.clientKey });
    if (keyed) return this.answerKey(keyed, requestHash);
    if (input.amountFen !== undefined && input.amountFen !== payable.totalFen) {
      throw new Refusal('PAYMENT_AMOUNT_CHANGED', `应缴金额已变为${(payable.totalFen / 100).toFixed(2)}元，请刷新页面核对后再缴费`, 'amountFen');
    }
    if (payable.paid || (await this.em.count(PaymentOrder, { registrationId: payable.registrationId, status: { $in: [PaymentOrderStatus.PAID, PaymentOrderStatus.REFUNDED] } }))) {
      throw new Refusal('PAYMENT_ALREADY_MADE', '该报名已缴费，请勿重复缴费', 'registrationId');
    }
    if (!payable.readyToPay) throw new Refusal(payable.notReadyBecause?.code ?? 'PAYMENT_NOT_READY', payable.notReadyBecause?.message ?? '现在不能缴费', 'registrationId');
    if (!payable.channel || payable.totalFen <= 0) throw new Refusal('NOTHING_TO_PAY', '您无需缴费', 'registrationId');
    this.channel(payable.channel.code);
    const order = await this.openOrReuse(accountId, payable, input, requestHash, caller);
    return { order, redirect: this.redirect(order) };
  }

  private async answerKey(keyed: PaymentRequestKey, requestHash: string): Promise<{ order: PaymentOrder; redirect: PaymentRedirect }> {
    if (keyed.requestHash !== requestHash) throw new Refusal('IDEMPOTENCY_KEY_REUSED', '该请求标识已用于另一笔缴费，请刷新页面后重试', 'clientKey');
    const order = await this.em.findOneOrFail(PaymentOrder, { id: keyed.orderId });
    return { order, redirect: this.redirect(order) };
  }

  private async openOrReuse(accountId: string, payable: Payable, input: OpenPaymentInput, requestHash: string, caller: Caller): Promise<PaymentOrder> {
    const quoteHash = sha256([payable.ruleSetHash, payable.totalFen, payable.lines, payable.channel!.code]);
    const openKey = `${payable.registrationId}:${quoteHash}`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.em.fork().transactional(async (tx) => {
          let order = await tx.findOne(PaymentOrder, { openKey });
          if (!order) {
            const now = new Date();
            order = tx.create(PaymentOrder, {
              orderNo: newOrderNo(),
              status: PaymentOrderStatus.PENDING,
              checkAttempts: 0,
              accountId,
              registrationId: payable.registrationId,
              examSessionId: payable.examSessionId,
              amountFen: payable.totalFen,
              channel: payable.channel!.code,
              quoteLines: payable.lines,
              quoteHash,
              ruleSetHash: payable.ruleSetHash,
              openKey,
              device: input.device === 'mobile' ? 'mobile' : 'desktop',
              createdAt: now,
              nextCheckAt: new Date(now.getTime() + this.deps.checkAfterMs),
            });
            recordAudit(tx, caller, 'payment.order.open', { type: 'PaymentOrder', id: order.id }, { registrationId: payable.registrationId, amountFen: payable.totalFen, channel: order.channel, orderNo: order.orderNo });
          }
          tx.create(PaymentRequestKey, { accountId, clientKey: input.clientKey, requestHash, orderId: order.id, createdAt: new Date() });
          return order;
        });
      } catch (error) {
        // A concurrent request with the same key or for the same quote won: answer what it wrote.
        if (!isUnique(error) || attempt >= 2) throw error;
        const keyed = await this.em.fork().findOne(PaymentRequestKey, { accountId, clientKey: input.clientKey });
        if (keyed) {
          if (keyed.requestHash !== requestHash) throw new Refusal('IDEMPOTENCY_KEY_REUSED', '该请求标识已用于另一笔缴费，请刷新页面后重试', 'clientKey');
          return this.em.fork().findOneOrFail(PaymentOrder, { id: keyed.orderId });
        }
      }
    }
  }

  /**
   * Records that the channel was paid for an order: one conditional update from PENDING or CLOSED (a late payment of
   * a closed order is still money received), and in the same transaction the outbox message that hands it over to
   * exams. A duplicate, a simultaneous notification or a query finding it paid change nothing more. Answers whether
   * this call made the change.
   */
  async settlePaid(order: PaymentOrder, paid: { channelTradeNo: string; paidAt?: Date; settledBy: 'NOTIFICATION' | 'QUERY' | 'RETURN' }): Promise<boolean> {
    const paidAt = paid.paidAt ?? new Date();
    const changed = await this.em.fork().transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        PaymentOrder,
        { id: order.id, status: { $in: [PaymentOrderStatus.PENDING, PaymentOrderStatus.CLOSED] } },
        { status: PaymentOrderStatus.PAID, paidAt, channelTradeNo: paid.channelTradeNo, settledBy: paid.settledBy, openKey: null, nextCheckAt: null, checkClaimedUntil: null },
      );
      if (updated !== 1) return false;
      enqueueMessage(tx, PAYMENT_PAID_TOPIC, { orderId: order.id });
      recordAudit(tx, SYSTEM, 'payment.order.paid', { type: 'PaymentOrder', id: order.id }, { orderNo: order.orderNo, channel: order.channel, amountFen: order.amountFen, channelTradeNo: paid.channelTradeNo, settledBy: paid.settledBy, registrationId: order.registrationId });
      return true;
    });
    if (changed) this.deps.relay.kick();
    return changed;
  }

  /** The channel closed the order unpaid (cancelled, timed out): from PENDING only, so a late "closed" never undoes a payment. */
  async close(order: PaymentOrder, why: string): Promise<boolean> {
    const updated = await this.em.fork().nativeUpdate(PaymentOrder, { id: order.id, status: PaymentOrderStatus.PENDING }, { status: PaymentOrderStatus.CLOSED, openKey: null, nextCheckAt: null, checkClaimedUntil: null });
    if (updated === 1) this.deps.log.info('payment order closed', { orderNo: order.orderNo, why });
    return updated === 1;
  }

  /**
   * A notification as the gateway received it: believed only when the adapter verifies signature, merchant, order and
   * amount; answered exactly as the channel expects (a refusal, or a failure to record it, asks the channel to send it
   * again).
   */
  async notify(code: string, raw: RawNotification): Promise<NotificationAnswer> {
    const channel = this.deps.channels.get(code);
    const em = this.em.fork();
    const outcome = await channel.parseNotification(raw, {
      findOrder: async (orderNo) => {
        const order = await em.findOne(PaymentOrder, { orderNo, channel: code });
        return order ? { amountFen: order.amountFen } : undefined;
      },
      findRefund: async (refundNo) => {
        const refund = await em.findOne(PaymentRefund, { refundNo });
        return refund ? { amountFen: refund.amountFen } : undefined;
      },
    });
    if (!outcome.ok) {
      this.deps.log.warn('payment notification refused', { channel: code, code: outcome.refusal.code, reason: outcome.refusal.message });
      return channel.notificationAnswer(false);
    }
    const n = outcome.notification;
    try {
      if (n.kind === 'PAYMENT' && n.orderId) {
        const order = await em.findOneOrFail(PaymentOrder, { orderNo: n.orderId, channel: code });
        if (n.status === 'PAID') await this.settlePaid(order, { channelTradeNo: n.channelTradeNo, paidAt: n.paidAt, settledBy: 'NOTIFICATION' });
        else if (n.status === 'CLOSED' || n.status === 'FAILED') await this.close(order, `notification ${n.status}`);
        else if (n.status === 'REFUNDED') await this.refundConfirmed(await em.findOne(PaymentRefund, { orderId: order.id }));
      } else if (n.kind === 'REFUND') {
        const refund = n.refundId ? await em.findOne(PaymentRefund, { refundNo: n.refundId }) : n.orderId ? await em.findOne(PaymentRefund, { orderId: (await em.findOne(PaymentOrder, { orderNo: n.orderId }))?.id ?? '' }) : null;
        if (refund && (n.status === 'REFUNDED' || n.status === 'PAID')) await this.refundConfirmed(refund);
        else if (refund && n.status === 'FAILED') await em.nativeUpdate(PaymentRefund, { id: refund.id, status: PaymentRefundStatus.PENDING }, { status: PaymentRefundStatus.REFUSED, failure: 'the channel reported the refund failed' });
      }
    } catch (error) {
      this.deps.log.error('payment notification could not be recorded; the channel will send it again', { channel: code, error });
      return channel.notificationAnswer(false);
    }
    return channel.notificationAnswer(true);
  }

  /**
   * The browser came back from the channel. Nothing on the return page is believed: it only names the order (any of
   * ours in the parameters), which is then asked of the channel. Answers the order found, if any.
   */
  async returned(code: string, raw: string): Promise<PaymentOrder | undefined> {
    if (!this.deps.channels.supported().includes(code)) return undefined;
    let text = raw;
    try {
      text = decodeURIComponent(raw.replaceAll('+', ' '));
    } catch {
      // Not URL-encoded: searched as is.
    }
    const orderNo = /ZSB[0-9A-F]{24}/.exec(text)?.[0];
    if (!orderNo) return undefined;
    const order = await this.em.fork().findOne(PaymentOrder, { orderNo, channel: code });
    if (!order) return undefined;
    try {
      return await this.check(order, 'RETURN');
    } catch (error) {
      this.deps.log.warn('payment query after the return page failed; reconciliation will ask again', { orderNo, error });
      return order;
    }
  }

  /**
   * Asks the channel about an order that is not known paid and settles it as the channel says. `CHANNEL_UNAVAILABLE`
   * (the outcome unknown) is thrown: ask again later, never assume either way.
   */
  async check(order: PaymentOrder, by: 'QUERY' | 'RETURN'): Promise<PaymentOrder> {
    if (order.status !== PaymentOrderStatus.PENDING && order.status !== PaymentOrderStatus.CLOSED) return order;
    const result = await this.deps.channels.get(order.channel).query({ orderId: order.orderNo, amountFen: order.amountFen, createdAt: order.createdAt });
    if (result.status === 'PAID' || result.status === 'REFUNDED' || result.status === 'PARTIALLY_REFUNDED') {
      if (result.amountFen !== undefined && result.amountFen !== order.amountFen) {
        this.deps.log.error('the channel reports another amount for an order; left for staff', { orderNo: order.orderNo, channelFen: result.amountFen, orderFen: order.amountFen });
        await this.em.fork().transactional(async (tx) => {
          recordAudit(tx, SYSTEM, 'payment.amount-mismatch', { type: 'PaymentOrder', id: order.id }, { orderNo: order.orderNo, channelFen: result.amountFen, orderFen: order.amountFen });
        });
      } else {
        await this.settlePaid(order, { channelTradeNo: result.channelTradeNo ?? '', paidAt: result.paidAt, settledBy: by });
      }
    } else if (result.status === 'CLOSED' || result.status === 'FAILED') {
      await this.close(order, `query ${result.status}`);
    } else if (result.status === 'NOT_FOUND' && Date.now() - order.createdAt.getTime() > ORDER_LIFETIME_MS) {
      await this.close(order, 'never opened at the channel');
    }
    return this.em.fork().findOneOrFail(PaymentOrder, { id: order.id });
  }

  /** The candidate's "I paid, check now": their own order, asked of the channel at once. */
  async checkOwn(accountId: string, orderId: string): Promise<PaymentOrder> {
    const order = await this.own(accountId, orderId);
    try {
      return await this.check(order, 'QUERY');
    } catch (error) {
      if (error instanceof ChannelError) throw new Refusal('PAYMENT_CHECK_UNAVAILABLE', '暂时无法向支付渠道查询缴费结果，请稍后再试，不要重复缴费', 'orderId');
      throw error;
    }
  }

  /** When the sweep asks next about an order it has asked `attempts` times. */
  nextCheckDelay(attempts: number): number {
    return Math.min(MAX_CHECK_DELAY_MS, Math.max(1000, this.deps.checkAfterMs) * 2 ** attempts);
  }

  /** Whether an order is past the point where asking its channel again could help. */
  expired(order: PaymentOrder): boolean {
    return Date.now() - order.createdAt.getTime() > ORDER_LIFETIME_MS;
  }

  /**
   * The outbox's hand-over of a paid order to exams, at least once: exams is an idempotent consumer keyed by the order.
   * A refusal (another order already paid the registration, an amount not quoted, payment outside its window) is
   * recorded and the payment refunded, audited. A failure to reach exams throws, and the relay tries again.
   */
  async handOver(orderId: string): Promise<void> {
    const order = await this.em.fork().findOne(PaymentOrder, { id: orderId });
    if (!order || order.handedOverAt) return;
    if (!order.handOverRefusal) {
      if (order.status !== PaymentOrderStatus.PAID) return;
      const result = await this.deps.exams.handOver(order.registrationId, { orderId: order.id, amountFen: order.amountFen, paidAt: order.paidAt ?? undefined });
      if (result.accepted) {
        await this.em.fork().nativeUpdate(PaymentOrder, { id: order.id, handedOverAt: null }, { handedOverAt: new Date() });
        return;
      }
      await this.em.fork().transactional(async (tx) => {
        await tx.nativeUpdate(PaymentOrder, { id: order.id }, { handOverRefusal: result.code.slice(0, 60) });
        recordAudit(tx, SYSTEM, 'payment.handover.refused', { type: 'PaymentOrder', id: order.id }, { registrationId: order.registrationId, code: result.code, message: result.message, amountFen: order.amountFen });
      });
      this.deps.log.warn('exams refused a paid order; refunding it', { orderNo: order.orderNo, code: result.code });
      order.handOverRefusal = result.code;
    }
    const refund = await this.refund(order, { cause: 'HANDOVER_REFUSED', reason: `报名未接受该笔缴费（${order.handOverRefusal}），原路退回` }, SYSTEM);
    if (refund.status === PaymentRefundStatus.REFUSED) throw new Error(`refund of ${order.orderNo} refused by the channel: ${refund.failure}`);
  }

  /**
   * Staff's refund of a paid order, only where the rules allow: `refundAfterPayment`, or `refundWhenReviewFails` for a
   * registration whose review failed. Refused with `REFUND_NOT_ALLOWED` otherwise.
   */
  async refundByStaff(orderId: string, reason: string, caller: Caller): Promise<PaymentRefund> {
    const p = caller.principal;
    if (p.kind !== 'staff') throw new Refusal('FORBIDDEN', '没有权限执行此操作');
    const order = await this.em.fork().findOne(PaymentOrder, { id: orderId });
    if (!order || (p.role !== 'ADMIN' && p.province && !order.examSessionId.startsWith(`${p.province}-`))) throw new Refusal('PAYMENT_ORDER_NOT_FOUND', '没有找到该缴费订单', 'orderId');
    if (!reason.trim() || reason.length > 200) throw new Refusal('REFUND_REASON_REQUIRED', '请填写退费原因（200字以内）', 'reason');
    if (order.status === PaymentOrderStatus.REFUNDED) throw new Refusal('REFUND_ALREADY_MADE', '该订单已退费', 'orderId');
    if (order.status !== PaymentOrderStatus.PAID) throw new Refusal('REFUND_ORDER_NOT_PAID', '该订单未缴费，无需退费', 'orderId');
    const payable = await this.deps.exams.payable(order.registrationId);
    const rule = payable?.refund;
    const allowed = !!rule && (rule.afterPayment || (rule.whenReviewFails && rule.reviewFailed));
    if (!allowed) {
      await this.em.fork().transactional(async (tx) => {
        recordAudit(tx, caller, 'payment.refund.refused', { type: 'PaymentOrder', id: order.id }, { reason, rule: rule ?? null });
      });
      throw new Refusal('REFUND_NOT_ALLOWED', rule?.whenReviewFails ? '按本省规定，缴费成功后仅资格审核未通过的可退费' : '按本省规定，缴费成功后不予退费', 'orderId');
    }
    if (!this.deps.channels.get(order.channel).capabilities.refund) throw new Refusal('REFUND_NOT_SUPPORTED_BY_CHANNEL', '该缴费渠道不支持线上退费，请在银行商户后台办理', 'orderId');
    return this.refund(order, { cause: rule!.afterPayment ? 'STAFF' : 'REVIEW_FAILED', reason }, caller);
  }

  /**
   * Refunds a paid order in full through its channel, once: one refund row per order (unique), the channel's refund
   * number reused on every retry so the channel never refunds twice. Audited at each outcome.
   */
  async refund(order: PaymentOrder, why: { cause: string; reason: string }, caller: Caller): Promise<PaymentRefund> {
    const em = this.em.fork();
    let refund = await em.findOne(PaymentRefund, { orderId: order.id });
    if (refund && refund.status !== PaymentRefundStatus.REFUSED) return refund;
    if (!refund) {
      try {
        refund = await em.transactional(async (tx) => {
          const created = tx.create(PaymentRefund, { refundNo: newOrderNo().replace(/^ZSB/, 'ZSR'), status: PaymentRefundStatus.PENDING, orderId: order.id, amountFen: order.amountFen, cause: why.cause, reason: why.reason.slice(0, 200), actor: actorOf(caller), requestedAt: new Date() });
          recordAudit(tx, caller, 'payment.refund.request', { type: 'PaymentOrder', id: order.id }, { refundNo: created.refundNo, cause: why.cause, reason: why.reason, amountFen: order.amountFen });
          return created;
        });
      } catch (error) {
        if (!isUnique(error)) throw error;
        return em.findOneOrFail(PaymentRefund, { orderId: order.id });
      }
    }
    const channel = this.deps.channels.get(order.channel);
    if (!channel.capabilities.refund) {
      await em.transactional(async (tx) => {
        await tx.nativeUpdate(PaymentRefund, { id: refund.id }, { status: PaymentRefundStatus.MANUAL });
        recordAudit(tx, caller, 'payment.refund.manual', { type: 'PaymentOrder', id: order.id }, { refundNo: refund.refundNo, channel: order.channel, note: 'the channel has no refund interface: refund in its merchant console' });
      });
      return em.findOneOrFail(PaymentRefund, { id: refund.id }, { refresh: true });
    }
    const outcome = await channel.refund({
      order: { orderId: order.orderNo, amountFen: order.amountFen, createdAt: order.createdAt, channelTradeNo: order.channelTradeNo ?? '' },
      refundId: refund.refundNo,
      amountFen: refund.amountFen,
      reason: refund.reason,
      requestedAt: refund.requestedAt,
      notifyUrl: `${this.deps.publicUrl}/payments/notify/${order.channel}`,
    });
    if (outcome.status === 'SUCCEEDED') await this.refundConfirmed(refund);
    else if (outcome.status === 'REFUSED') {
      await em.transactional(async (tx) => {
        await tx.nativeUpdate(PaymentRefund, { id: refund.id }, { status: PaymentRefundStatus.REFUSED, failure: `${outcome.code}: ${outcome.message}`.slice(0, 200) });
        recordAudit(tx, caller, 'payment.refund.refused-by-channel', { type: 'PaymentOrder', id: order.id }, { refundNo: refund.refundNo, code: outcome.code, message: outcome.message });
      });
    } else {
      await em.nativeUpdate(PaymentRefund, { id: refund.id, status: { $in: [PaymentRefundStatus.REFUSED, PaymentRefundStatus.PENDING] } }, { status: PaymentRefundStatus.PENDING, failure: null });
    }
    return em.findOneOrFail(PaymentRefund, { id: refund.id }, { refresh: true });
  }

  /** The channel confirmed a refund: the refund succeeded and the order is refunded, each once. */
  private async refundConfirmed(refund: PaymentRefund | null): Promise<void> {
    if (!refund) return;
    await this.em.fork().transactional(async (tx) => {
      const updated = await tx.nativeUpdate(PaymentRefund, { id: refund.id, status: { $ne: PaymentRefundStatus.SUCCEEDED } }, { status: PaymentRefundStatus.SUCCEEDED, completedAt: new Date(), failure: null });
      if (updated !== 1) return;
      await tx.nativeUpdate(PaymentOrder, { id: refund.orderId, status: PaymentOrderStatus.PAID }, { status: PaymentOrderStatus.REFUNDED });
      recordAudit(tx, SYSTEM, 'payment.refund.succeeded', { type: 'PaymentOrder', id: refund.orderId }, { refundNo: refund.refundNo, amountFen: refund.amountFen });
    });
  }
}
