/** A launcher reduced to its supervision, for the orphan test: starts one test child, prints its pid and URL. */
import path from 'node:path';
import { createLogger } from '@zsb/platform/logger';
import { readSupervisorSettings, Supervisor } from '../supervisor.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const supervisor = new Supervisor([{ name: 'child', entry: path.join(here, 'service.ts'), execArgv: ['--import', 'tsx'] }], {
  cwd: here,
  env: process.env,
  settings: readSupervisorSettings(),
  log: createLogger({ service: 'test-launcher' }, true),
});
await supervisor.start('child');
process.stdout.write(`${JSON.stringify({ pid: supervisor.pid('child'), url: supervisor.url('child') })}\n`);
