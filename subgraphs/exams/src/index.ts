import 'reflect-metadata';
import { runSubgraph } from '@zsb/platform';
import { exams } from './subgraph.ts';

await runSubgraph(exams);
