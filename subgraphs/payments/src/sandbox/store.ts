/**
 * What the payment sandbox remembers: the orders merchants opened at each simulated channel, their refunds, and the
 * notifications it owes. Kept in memory and appended, one JSON line per change, to a journal in the data folder, so
 * a restarted sandbox still knows what was paid and carries on with the notifications it had not delivered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';

export type SandboxChannel = 'ALIPAY' | 'UNIONPAY' | 'CEB';
export const SANDBOX_CHANNELS: SandboxChannel[] = ['ALIPAY', 'UNIONPAY', 'CEB'];

export type OrderState = 'WAITING' | 'PAID' | 'CLOSED';

export interface SandboxRefund {
  refundId: string;
  amountFen: number;
  /** ISO time the refund was made. */
  at: string;
  /** The channel's number for the refund (UnionPay's queryId of the 退货). */
  tradeNo: string;
  /** The time the merchant sent with the refund (UnionPay txnTime), which a query names it by. */
  requestTime?: string;
}

export interface SandboxOrder {
  channel: SandboxChannel;
  orderId: string;
  amountFen: number;
  subject: string;
  /** The order time as the merchant sent it (UnionPay txnTime, CEB transDateTime). */
  orderTime?: string;
  notifyUrl: string;
  returnUrl: string;
  /** ISO time after which the order cannot be paid. */
  expiresAt?: string;
  state: OrderState;
  /** The channel's own number for the payment (Alipay trade_no, UnionPay queryId, CEB transSeqNo). */
  tradeNo: string;
  /** The token of the order's page at the sandbox. */
  checkoutId: string;
  createdAt: string;
  paidAt?: string;
  closedAt?: string;
  refunds: SandboxRefund[];
  /** Protocol details the channel needs later (Alipay's method, UnionPay's channelType, …). */
  extra: Record<string, string>;
}

export interface DeliveryAttempt {
  at: string;
  outcome: 'delivered' | 'refused' | 'unreachable' | 'dropped';
  status?: number;
  body?: string;
  /** Faults applied to this attempt, e.g. `duplicate×2`, `badSignature`. */
  faults?: string[];
}

export interface Delivery {
  id: string;
  channel: SandboxChannel;
  orderId: string;
  /** What the notification is about: the payment, a refund or a close. */
  event: 'PAYMENT' | 'REFUND' | 'CLOSE';
  url: string;
  /** The notification's fields before signing. */
  fields: Record<string, string>;
  state: 'pending' | 'delivered' | 'abandoned';
  /** Epoch milliseconds of the next attempt. */
  nextAt: number;
  attempts: DeliveryAttempt[];
  createdAt: string;
}

type JournalEntry = { order: SandboxOrder } | { delivery: Delivery };

export class SandboxStore {
  readonly orders = new Map<string, SandboxOrder>();
  readonly deliveries = new Map<string, Delivery>();
  /** Lookups a page load or a refund makes, kept beside the orders so a long bench does not scan them all. */
  private readonly checkouts = new Map<string, SandboxOrder>();
  private readonly tradeNos = new Map<string, SandboxOrder>();
  private readonly journal: string;

  constructor(folder: string) {
    fs.mkdirSync(folder, { recursive: true });
    this.journal = path.join(folder, 'journal.jsonl');
    this.load();
  }

  private load(): void {
    if (!fs.existsSync(this.journal)) return;
    for (const line of fs.readFileSync(this.journal, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // a line cut short by a kill mid-write: the entries before it still stand
      }
      if ('order' in entry) this.remember(entry.order);
      else this.deliveries.set(entry.delivery.id, entry.delivery);
    }
    // Start from a compact journal: one line per order and per delivery still of interest.
    const temp = `${this.journal}.tmp`;
    const lines = [...[...this.orders.values()].map((order) => ({ order })), ...[...this.deliveries.values()].map((delivery) => ({ delivery }))];
    fs.writeFileSync(temp, lines.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    fs.renameSync(temp, this.journal);
  }

  private append(entry: JournalEntry): void {
    fs.appendFileSync(this.journal, `${JSON.stringify(entry)}\n`);
  }

  order(channel: SandboxChannel, orderId: string): SandboxOrder | undefined {
    return this.orders.get(key(channel, orderId));
  }

  byCheckout(checkoutId: string): SandboxOrder | undefined {
    return this.checkouts.get(checkoutId);
  }

  byTradeNo(channel: SandboxChannel, tradeNo: string): SandboxOrder | undefined {
    return this.tradeNos.get(key(channel, tradeNo));
  }

  /** The order a refund belongs to, with the refund. */
  byRefundId(channel: SandboxChannel, refundId: string): { order: SandboxOrder; refund: SandboxRefund } | undefined {
    for (const order of this.orders.values()) {
      const refund = order.channel === channel ? order.refunds.find((r) => r.refundId === refundId) : undefined;
      if (refund) return { order, refund };
    }
    return undefined;
  }

  saveOrder(order: SandboxOrder): void {
    this.remember(order);
    this.append({ order });
  }

  private remember(order: SandboxOrder): void {
    this.orders.set(key(order.channel, order.orderId), order);
    this.checkouts.set(order.checkoutId, order);
    this.tradeNos.set(key(order.channel, order.tradeNo), order);
  }

  saveDelivery(delivery: Delivery): void {
    this.deliveries.set(delivery.id, delivery);
    this.append({ delivery });
  }

  deliveriesOf(channel: SandboxChannel, orderId: string): Delivery[] {
    return [...this.deliveries.values()].filter((delivery) => delivery.channel === channel && delivery.orderId === orderId);
  }
}

const key = (channel: SandboxChannel, orderId: string) => `${channel}:${orderId}`;

export const newId = () => randomBytes(12).toString('hex');
export const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');
