import { createHmac, type KeyObject } from 'node:crypto';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { createFileStorage, createJobQueue, loadCallerSecret, type Logger, type PlatformConfig } from '@zsb/platform';
import { createPhotoAnalyser } from '../photo-check/face-analyser.ts';
import type { PhotoAnalyser } from '../photo-check/photo-analyser.ts';
import { ExamsClient } from './exams.client.ts';
import { registerUploadJobs, resumeUploadJobs } from './upload.jobs.ts';
import type { UploadDependencies } from './upload.service.ts';
import { readUploadSettings } from './upload.settings.ts';

/**
 * The face analyser (face-api models in a bounded pool of worker threads) where jobs run, started at the first photo:
 * a process that never analyses a photo never starts the threads or loads the models.
 */
export function loadPhotoAnalyser(): PhotoAnalyser {
  let analyser: PhotoAnalyser | undefined;
  const started = () => (analyser ??= createPhotoAnalyser());
  return {
    analyseHeadPhoto: (image, rules) => started().analyseHeadPhoto(image, rules),
    analyseIdCardFront: (image, rules) => started().analyseIdCardFront(image, rules),
    compare: (idCard, photo, rules) => started().compare(idCard, photo, rules),
    close: async () => {
      await analyser?.close();
    },
  };
}

/**
 * Builds what uploads need — storage, the job queue on the subgraph's database, the exams client — and, where this
 * process runs jobs (`ZSB_JOB_WORKERS=1`, or `npm run workers`), the analysis and hand-over workers.
 */
export async function setUpUploads(options: { config: PlatformConfig; env: NodeJS.ProcessEnv; orm: MikroORM; log: Logger; tokenPrivateKey: KeyObject; runJobs?: boolean }): Promise<UploadDependencies> {
  const { config, env, orm, log } = options;
  const settings = readUploadSettings(env);
  const runJobs = options.runJobs ?? settings.ZSB_JOB_WORKERS;
  const storage = await createFileStorage(config, env);
  const jobs = await createJobQueue(orm, log, { pollMs: settings.ZSB_JOB_POLL_MS });
  const deps: UploadDependencies = {
    exams: new ExamsClient(env, loadCallerSecret(config, env)),
    storage,
    jobs,
    settings,
    // Derived from the token signing key, as refresh-token secrets are: one secret less to configure and rotate.
    fileUrlKey: createHmac('sha256', options.tokenPrivateKey.export({ format: 'der', type: 'pkcs8' })).update('zsb file download addresses').digest(),
    analyser: runJobs ? loadPhotoAnalyser() : undefined,
    incomingDir: path.resolve(settings.ZSB_UPLOAD_INCOMING_DIR ?? path.join(config.dataDir, 'uploads-incoming')),
  };
  if (runJobs) {
    await registerUploadJobs(orm, deps, log);
    await resumeUploadJobs(orm, deps);
  }
  log.info('uploads ready', { storage: storage.description, jobs: jobs.engine, runsJobs: runJobs, faceAnalysis: Boolean(deps.analyser) });
  return deps;
}
