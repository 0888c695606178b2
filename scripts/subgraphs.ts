/** The three subgraphs, for scripts that treat them alike (schema emission, migrations, start-up). */
import { candidates } from '../subgraphs/candidates/src/subgraph.ts';
import { exams } from '../subgraphs/exams/src/subgraph.ts';
import { payments } from '../subgraphs/payments/src/subgraph.ts';

export const SUBGRAPHS = { candidates, exams, payments } as const;
export type SubgraphName = keyof typeof SUBGRAPHS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

export function subgraphFolder(name: SubgraphName): string {
  return new URL(`../subgraphs/${name}/`, import.meta.url).pathname;
}
