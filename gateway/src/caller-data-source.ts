import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CALLER_HEADER, ENDED_SESSIONS_HEADER } from '@zsb/platform';
import type { GatewayContext } from './context.ts';

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/**
 * Sends each subgraph request with the request's sealed caller, so subgraphs know who asks without trusting clients,
 * and passes on the sessions a subgraph says the request ended (sign-out, password reset) before the answer leaves.
 */
export class CallerDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0] & { onSessionsEnded?: (ids: string[] | '*') => void }) {
    super(options);
    this.onSessionsEnded = options?.onSessionsEnded;
  }

  private readonly onSessionsEnded: ((ids: string[] | '*') => void) | undefined;

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading carry no request context.
    if ('sealedCaller' in context && context.sealedCaller) request.http?.headers.set(CALLER_HEADER, context.sealedCaller);
  }

  override didReceiveResponse({ response }: ReceivedResponse): ReceivedResponse['response'] {
    const ended = response.http?.headers.get(ENDED_SESSIONS_HEADER);
    if (ended && this.onSessionsEnded) this.onSessionsEnded(ended.trim() === '*' ? '*' : ended.split(',').map((id) => id.trim()).filter(Boolean));
    return response;
  }
}
