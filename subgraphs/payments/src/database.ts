import { AuditEntry, OutboxMessage, type DatabaseSpec } from '@zsb/platform';
import { migrations } from '../migrations/index.ts';
import { PaymentOrder, PaymentRefund, PaymentRequestKey } from './modules/payment-order/payment-order.entity.ts';

export const database: DatabaseSpec = {
  name: 'payments',
  entities: [PaymentOrder, PaymentRequestKey, PaymentRefund, OutboxMessage, AuditEntry],
  migrations,
};
