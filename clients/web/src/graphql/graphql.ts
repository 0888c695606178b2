import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * `graphql` tags documents typed from the API schema: `graphql-env.d.ts` is generated from
 * `gateway/supergraph.graphql` (`npm run codegen`), and each document's data and variables are inferred from it, so no
 * shape is written twice. `npm run check:client` fails when the generated file is older than the schema.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  /** Fragments are plain selections here: a page reads what its parent's document selected. */
  disableMasking: true;
  scalars: {
    DateTimeISO: string;
    JSON: unknown;
    JSONObject: Record<string, unknown>;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
