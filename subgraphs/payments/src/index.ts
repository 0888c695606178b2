import 'reflect-metadata';
import { runSubgraph } from '@zsb/platform';
import { payments } from './subgraph.ts';

await runSubgraph(payments);
