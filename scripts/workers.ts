/**
 * Upload workers as processes of their own (`npm run workers`): face analysis and the hand-over of accepted files to
 * exams, on the candidates subgraph's database and file storage, without serving any request. Run one or more on
 * other machines when a province outgrows one, and set `ZSB_JOB_WORKERS=0` on the candidates processes so they only
 * accept uploads. Ctrl-C (SIGTERM) lets running jobs finish (10 s at most); a job cut off is retried by another
 * worker once its lease runs out.
 */
import 'reflect-metadata';
import { createLogger, loadPrivateKey, openSubgraphDatabase, readPlatformConfig, readSettings, settingsOrExit } from '@zsb/platform';
import { database } from '../subgraphs/candidates/src/database.ts';
import { setUpUploads } from '../subgraphs/candidates/src/modules/upload/upload.setup.ts';
import { PLATFORM_PROCESS_SETTINGS } from './lib/settings.ts';

const env = process.env;
settingsOrExit(() => readSettings(env, PLATFORM_PROCESS_SETTINGS));
const config = readPlatformConfig(env);
const log = createLogger({ service: 'workers' });
const orm = await openSubgraphDatabase(database, config, env, { log });
const uploads = await setUpUploads({ config, env, orm, log, tokenPrivateKey: loadPrivateKey(config, 'token', env), runJobs: true });
process.stdout.write(`Upload workers running (jobs: ${uploads.jobs.engine}, storage: ${uploads.storage.description}, face analysis: ${uploads.analyser ? 'on' : 'not available'}). Ctrl-C stops them.\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await uploads.jobs.stop(10_000);
  await uploads.analyser?.close();
  await orm.close();
  process.stdout.write('Stopped.\n');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
