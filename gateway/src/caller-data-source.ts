import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CALLER_HEADER } from '@zsb/platform';
import type { GatewayContext } from './context.ts';

/** Sends each subgraph request with the request's sealed caller, so subgraphs know who asks without trusting clients. */
export class CallerDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading carry no request context.
    if ('sealedCaller' in context && context.sealedCaller) request.http?.headers.set(CALLER_HEADER, context.sealedCaller);
  }
}
