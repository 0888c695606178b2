import type { BaseContext } from '@zsb/platform';
import type { ChannelRegistry } from './modules/channels/channel.registry.ts';
import { PaymentOrderService } from './modules/payment-order/payment-order.service.ts';

/** Built once at start. */
export interface Dependencies {
  /** The payment channels' adapters, by the rules' channel codes. */
  channels: ChannelRegistry;
}

export interface Context extends BaseContext {
  paymentOrders: PaymentOrderService;
}

export function createContext(base: BaseContext): Context {
  return { ...base, paymentOrders: new PaymentOrderService(base.em) };
}
