import type { EntityManager } from '@mikro-orm/core';
import type { Caller } from './identity.ts';
import type { Logger } from './logger.ts';
import type { PersonalDataReads } from './personal-data-reads.ts';

/** What every resolver of every subgraph receives; a subgraph extends it with its own services. */
export interface BaseContext {
  /** A fresh unit of work for this request. */
  em: EntityManager;
  /** The caller as verified and sealed by the gateway (a subgraph refuses any request without a valid seal). */
  caller: Caller;
  log: Logger;
  /** Personal data this request returned to staff or partners; audited once when the answer leaves. */
  personalDataReads: PersonalDataReads;
  /** Sessions this request ended (sign-out, password reset); the answer names them to the gateway. */
  endedSessions: Set<string>;
}
