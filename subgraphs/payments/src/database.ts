import { AuditEntry, type DatabaseSpec } from '@zsb/platform';
import { migrations } from '../migrations/index.ts';
import { PaymentOrder } from './modules/payment-order/payment-order.entity.ts';

export const database: DatabaseSpec = {
  name: 'payments',
  entities: [PaymentOrder, AuditEntry],
  migrations,
};
