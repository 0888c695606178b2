import 'reflect-metadata';
import { runSubgraph } from '@zsb/platform';
import { candidates } from './subgraph.ts';

await runSubgraph(candidates);
