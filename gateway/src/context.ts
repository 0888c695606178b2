import type { Caller } from '@zsb/platform';
import type { GatewayPrincipal } from './authenticate.ts';

export interface GatewayContext {
  caller: Caller & { principal: GatewayPrincipal };
  /** The caller, sealed once per request for every subgraph fetch. */
  sealedCaller: string;
}
