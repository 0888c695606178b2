/** What each simulated channel provides to the sandbox, and what the sandbox provides to it. */
import type { Response, Router } from 'express';
import type { Logger } from '@zsb/platform';
import type { SandboxCredentials } from './credentials.ts';
import type { NotificationProtocol, Notifier } from './notifier.ts';
import { digits, newId, type SandboxChannel, type SandboxOrder, type SandboxStore } from './store.ts';

export interface SandboxContext {
  store: SandboxStore;
  notifier: Notifier;
  credentials: SandboxCredentials;
  log: Logger;
  /** The sandbox's own address, for links it hands out (bill downloads). */
  publicUrl(): string;
}

export interface ChannelSimulator {
  code: SandboxChannel;
  name: string;
  /** The one merchant the sandbox knows at this channel. */
  merchantId: string;
  /** The channel's gateway endpoints, mounted under `/alipay`, `/unionpay` or `/ceb`. */
  router: Router;
  protocol: NotificationProtocol;
  /** The candidate confirmed: the order is paid; notify the merchant and send the browser back. */
  paid(order: SandboxOrder, res: Response): void;
  /** The candidate cancelled: the order is closed; send the browser back. */
  cancelled(order: SandboxOrder, res: Response): void;
}

export type NewOrder = Omit<SandboxOrder, 'state' | 'tradeNo' | 'checkoutId' | 'createdAt' | 'refunds'>;

/**
 * Opens an order, or finds the one the merchant opened before with the same number. The same number with another
 * amount is refused (a channel never lets an order's amount change).
 */
export function openOrder(store: SandboxStore, input: NewOrder, tradeNo: () => string): SandboxOrder | 'AMOUNT_CHANGED' {
  const existing = store.order(input.channel, input.orderId);
  if (existing) {
    if (existing.amountFen !== input.amountFen) return 'AMOUNT_CHANGED';
    return existing;
  }
  const order: SandboxOrder = { ...input, state: 'WAITING', tradeNo: tradeNo(), checkoutId: newId(), createdAt: new Date().toISOString(), refunds: [] };
  store.saveOrder(order);
  return order;
}

/** Beijing date of an instant, `yyyyMMdd`. */
export function compactDate(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

export const refundedFen = (order: SandboxOrder) => order.refunds.reduce((sum, refund) => sum + refund.amountFen, 0);

/** A channel trade number shaped like Alipay's: the date, then digits (28 characters in all). */
export function alipayTradeNo(): string {
  return `${compactDate(new Date().toISOString())}22001${digits(15)}`;
}

export { digits };
