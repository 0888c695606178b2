import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type AuthChecker, type NonEmptyArray } from 'type-graphql';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { forbidden, unauthenticated } from './errors.ts';
import type { Principal } from './identity.ts';
import type { BaseContext } from './context.ts';

/** The Federation 2 directives a subgraph may use. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override"])';

/** Resolves an entity from its key fields, for the gateway's `_entities` lookups. */
export type ReferenceResolver<C extends BaseContext = BaseContext> = (reference: Record<string, unknown>, context: C) => unknown;

export interface SchemaDefinition<C extends BaseContext = BaseContext> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` of each entity this subgraph can resolve, by type name. */
  references?: Record<string, ReferenceResolver<C>>;
}

/**
 * Who may call an `@Authorized(...)` field. Requirements are any of:
 * `candidate`, `staff` (any role), `staff:<ROLE>`, `partner:<scope>`; a caller meeting one of them passes.
 */
export function allows(principal: Principal, requirements: readonly string[]): boolean {
  return requirements.some((requirement) => {
    const [kind, detail] = requirement.split(':', 2);
    switch (principal.kind) {
      case 'candidate':
        return kind === 'candidate';
      case 'staff':
        return kind === 'staff' && (!detail || detail === principal.role || principal.role === 'ADMIN');
      case 'partner':
        return kind === 'partner' && !!detail && principal.scopes.includes(detail);
      default:
        return false;
    }
  });
}

export const authChecker: AuthChecker<BaseContext> = ({ context }, requirements) => {
  const { principal } = context.caller;
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (!allows(principal, requirements)) throw forbidden();
  return true;
};

/** Builds the type-graphql schema and prints it as Federation 2 SDL. */
export async function printSubgraphSdl(definition: SchemaDefinition<never>): Promise<{ sdl: string; schema: GraphQLSchema }> {
  const schema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    authChecker,
    skipCheck: true,
    validate: false,
  });
  return { sdl: `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`, schema };
}

/** The executable subgraph schema: type-graphql's resolvers plus entity reference resolvers. */
export async function buildFederatedSchema<C extends BaseContext>(definition: SchemaDefinition<C>): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const { sdl, schema } = await printSubgraphSdl(definition as SchemaDefinition<never>);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<C>;
  for (const [typeName, resolveReference] of Object.entries(definition.references ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: resolveReference } as GraphQLResolverMap<C>[string];
  }
  return { schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> }), sdl };
}
