import type { BaseContext } from '@zsb/platform';
import type { ChannelRegistry } from './modules/channels/channel.registry.ts';
import { PaymentOrderService, type PaymentDeps } from './modules/payment-order/payment-order.service.ts';
import type { PaymentSweeper } from './modules/payment-order/reconciliation.ts';

/** Built once at start. */
export interface Dependencies {
  /** The payment channels' adapters, by the rules' channel codes. */
  channels: ChannelRegistry;
  payments: PaymentDeps;
  sweeper: PaymentSweeper;
  stop(): Promise<void>;
}

export interface Context extends BaseContext {
  paymentOrders: PaymentOrderService;
}

export function createContext(base: BaseContext, deps: Dependencies): Context {
  return { ...base, paymentOrders: new PaymentOrderService(base.em, deps.payments) };
}
