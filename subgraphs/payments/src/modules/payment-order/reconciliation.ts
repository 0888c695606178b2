import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { recordAudit, Refusal, type Caller, type Logger } from '@zsb/platform';
import { ChannelError } from '../channels/channel.ts';
import { PaymentOrder, PaymentOrderStatus } from './payment-order.entity.ts';
import { PaymentOrderService, type PaymentDeps } from './payment-order.service.ts';

const CLAIM_MS = 60_000;
const BATCH = 50;

/**
 * Asks the channel about open orders nobody heard of for a while (a notification dropped or not yet sent) and settles
 * them: "paid but shows unpaid" resolves by itself. State lives in the order rows (`nextCheckAt`, `checkAttempts`),
 * and each order is claimed with a conditional update before its channel is asked, so two replicas never ask about
 * one order at once and a stopped process leaves nothing behind (its claims lapse after a minute).
 */
export class PaymentSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly deps: PaymentDeps,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    clearInterval(this.timer);
    return this.running ?? Promise.resolve();
  }

  kick(): Promise<number> {
    this.running ??= this.runOnce()
      .catch((error) => {
        this.log.warn('payment reconciliation sweep failed', { error });
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Checks every open order due now; returns how many were settled (paid or closed). */
  async runOnce(): Promise<number> {
    let settled = 0;
    const seen = new Set<string>();
    for (;;) {
      const em = this.orm.em.fork();
      const now = new Date();
      const due = (await em.find(PaymentOrder, { status: PaymentOrderStatus.PENDING, nextCheckAt: { $lte: now } }, { orderBy: { nextCheckAt: 'asc' }, limit: BATCH })).filter((o) => !seen.has(o.id));
      if (!due.length) return settled;
      for (const order of due) {
        seen.add(order.id);
        const claimed = await em.nativeUpdate(PaymentOrder, { id: order.id, status: PaymentOrderStatus.PENDING, $or: [{ checkClaimedUntil: null }, { checkClaimedUntil: { $lt: now } }] }, { checkClaimedUntil: new Date(now.getTime() + CLAIM_MS) });
        if (claimed !== 1) continue;
        const service = new PaymentOrderService(this.orm.em.fork(), this.deps);
        try {
          const after = await service.check(order, 'QUERY');
          if (after.status !== PaymentOrderStatus.PENDING) {
            settled++;
            continue;
          }
        } catch (error) {
          if (!(error instanceof ChannelError)) this.log.warn('payment check failed', { orderNo: order.orderNo, error });
        }
        const attempts = order.checkAttempts + 1;
        const next = service.expired(order) ? null : new Date(Date.now() + service.nextCheckDelay(attempts));
        await em.nativeUpdate(PaymentOrder, { id: order.id, status: PaymentOrderStatus.PENDING }, { checkAttempts: attempts, nextCheckAt: next, checkClaimedUntil: null });
      }
    }
  }
}

export type BillMismatchKind = 'PAID_THERE_NOT_HERE' | 'PAID_HERE_NOT_THERE' | 'AMOUNT_DIFFERS' | 'REFUNDED_THERE_NOT_HERE';

export interface BillMismatch {
  kind: BillMismatchKind;
  orderNo: string;
  channelTradeNo?: string;
  channelFen?: number;
  platformFen?: number;
  platformStatus?: string;
}

export interface BillReconciliation {
  channel: string;
  date: string;
  billRows: number;
  ordersPaid: number;
  mismatches: BillMismatch[];
}

/** The instants of one Beijing calendar day, `yyyy-MM-dd`. */
function beijingDay(date: string): { from: Date; until: Date } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00+08:00`))) throw new Refusal('BILL_DATE_INVALID', '对账日期格式应为 yyyy-MM-dd', 'date');
  const from = new Date(`${date}T00:00:00+08:00`);
  return { from, until: new Date(from.getTime() + 24 * 3600_000) };
}

/**
 * The daily bill reconciliation (对账): the channel's bill of one Beijing day against the orders paid here that day.
 * Every mismatch — paid there not here, here not there, amounts differ, refunded there not here — is reported to staff
 * as an audit entry (`payment.bill.mismatch`), with one summary entry (`payment.bill.reconciled`); the answer lists them.
 */
export async function reconcileBill(root: EntityManager, deps: PaymentDeps, code: string, date: string, by: Caller | { cli: string }): Promise<BillReconciliation> {
  const { from, until } = beijingDay(date);
  let channel;
  try {
    channel = deps.channels.get(code);
  } catch (error) {
    if (error instanceof ChannelError) throw new Refusal('PAYMENT_CHANNEL_UNAVAILABLE', `没有该缴费渠道：${code}`, 'channel');
    throw error;
  }
  const rows = channel.parseBill(await channel.downloadBill(date));
  const em = root.fork();
  const here = await em.find(PaymentOrder, { channel: code, paidAt: { $gte: from, $lt: until }, status: { $in: [PaymentOrderStatus.PAID, PaymentOrderStatus.REFUNDED] } });
  const byNo = new Map(here.map((o) => [o.orderNo, o]));
  const billed = new Set<string>();
  const mismatches: BillMismatch[] = [];
  for (const row of rows) {
    if (row.kind === 'REFUND') {
      const order = await em.findOne(PaymentOrder, { orderNo: row.orderId, channel: code });
      if (!order || order.status !== PaymentOrderStatus.REFUNDED) mismatches.push({ kind: 'REFUNDED_THERE_NOT_HERE', orderNo: row.orderId, channelTradeNo: row.channelTradeNo, channelFen: row.amountFen, platformStatus: order?.status });
      continue;
    }
    billed.add(row.orderId);
    const order = byNo.get(row.orderId) ?? (await em.findOne(PaymentOrder, { orderNo: row.orderId, channel: code }));
    if (!order || (order.status !== PaymentOrderStatus.PAID && order.status !== PaymentOrderStatus.REFUNDED)) {
      mismatches.push({ kind: 'PAID_THERE_NOT_HERE', orderNo: row.orderId, channelTradeNo: row.channelTradeNo, channelFen: row.amountFen, platformFen: order?.amountFen, platformStatus: order?.status });
    } else if (order.amountFen !== row.amountFen) {
      mismatches.push({ kind: 'AMOUNT_DIFFERS', orderNo: row.orderId, channelTradeNo: row.channelTradeNo, channelFen: row.amountFen, platformFen: order.amountFen, platformStatus: order.status });
    }
  }
  for (const order of here) {
    if (!billed.has(order.orderNo)) mismatches.push({ kind: 'PAID_HERE_NOT_THERE', orderNo: order.orderNo, channelTradeNo: order.channelTradeNo ?? undefined, platformFen: order.amountFen, platformStatus: order.status });
  }
  await em.transactional(async (tx) => {
    for (const mismatch of mismatches) recordAudit(tx, by, 'payment.bill.mismatch', { type: 'PaymentOrder', id: byNo.get(mismatch.orderNo)?.id ?? mismatch.orderNo }, { channel: code, date, ...mismatch });
    recordAudit(tx, by, 'payment.bill.reconciled', { type: 'PaymentBill', id: `${code}:${date}` }, { channel: code, date, billRows: rows.length, ordersPaid: here.length, mismatches: mismatches.length });
  });
  return { channel: code, date, billRows: rows.length, ordersPaid: here.length, mismatches };
}
