import type { BaseContext } from '@zsb/platform';
import { PaymentOrderService } from './modules/payment-order/payment-order.service.ts';

/** Built once at start. */
export type Dependencies = Record<string, never>;

export interface Context extends BaseContext {
  paymentOrders: PaymentOrderService;
}

export function createContext(base: BaseContext): Context {
  return { ...base, paymentOrders: new PaymentOrderService(base.em) };
}
