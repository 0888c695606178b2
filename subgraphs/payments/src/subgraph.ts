import type { SubgraphModule } from '@zsb/platform';
import { createContext, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { schema } from './schema.ts';

/** Payments: payment orders for exam fees (channels, sandbox and reconciliation grow here). */
export const payments: SubgraphModule<Context, Dependencies> = {
  name: 'payments',
  database,
  schema,
  prepare: () => ({}),
  createContext,
};
