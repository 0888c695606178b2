import type { EntityManager } from '@mikro-orm/core';
import { PaymentOrder } from './payment-order.entity.ts';

export class PaymentOrderService {
  constructor(private readonly em: EntityManager) {}

  forAccount(accountId: string): Promise<PaymentOrder[]> {
    return this.em.find(PaymentOrder, { accountId }, { orderBy: { createdAt: 'desc' } });
  }
}
