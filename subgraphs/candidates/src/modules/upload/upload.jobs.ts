import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { readAll, Refusal, type Logger } from '@zsb/platform';
import type { PhotoCheckResult } from '../photo-check/photo-analyser.ts';
import { HandOverRefused } from './exams.client.ts';
import { Upload, type UploadAnalysis } from './upload.entity.ts';
import { ANALYSE_JOB, analysed, HAND_OVER_JOB, type UploadDependencies } from './upload.service.ts';

/** Whether the rules ask the photo to be compared with an ID card front the candidate uploads. */
const comparesWithCard = (upload: Upload) => upload.photoRules?.identityComparison === true && upload.photoRules?.idCardFront === true;

/**
 * The work that follows an accepted upload, off the request path, through the platform's job queue:
 * 1. `upload.analyse` (head photos and ID card fronts): face analysis with the rule set's photo section; the result
 *    is recorded on the upload (checks, descriptor encrypted, comparison with its score). A photo that fails a check
 *    is FLAGGED for the candidate to retake and is not handed over; one that passes is handed over with `check:
 *    PASSED`. Where the rules compare the photo with the ID card, both wait until both are analysed.
 * 2. `upload.hand-over`: gives the file to exams' registration; a refusal there (a step locked, a window closed) is
 *    recorded with its reason, a failure to reach exams is retried.
 * Both are idempotent: a job run again after a crash finds its work done and stops.
 */
export async function registerUploadJobs(orm: MikroORM, deps: UploadDependencies, log: Logger): Promise<void> {
  const options = { concurrency: Math.max(1, deps.settings.ZSB_JOB_CONCURRENCY), retryLimit: 6, retryDelaySeconds: 5 };
  await deps.jobs.work(ANALYSE_JOB, (data) => analyse(orm, deps, log, String(data.uploadId)), options);
  await deps.jobs.work(HAND_OVER_JOB, (data) => handOver(orm, deps, log, String(data.uploadId)), options);
}

/** Queues what accepted uploads still need, e.g. after a crash between storing a file and queueing its job. */
export async function resumeUploadJobs(orm: MikroORM, deps: UploadDependencies): Promise<void> {
  const pending = await orm.em.fork().find(Upload, { status: { $in: ['ANALYSING', 'HANDING_OVER'] } }, { fields: ['id', 'status'] });
  for (const upload of pending) await enqueueNext(deps, upload);
}

/** Queues the next job of an accepted upload (keyed by the upload, so queueing twice adds nothing). */
export async function enqueueNext(deps: Pick<UploadDependencies, 'jobs'>, upload: Pick<Upload, 'id' | 'status'>): Promise<void> {
  if (upload.status === 'ANALYSING') await deps.jobs.enqueue(ANALYSE_JOB, { uploadId: upload.id }, { key: upload.id });
  if (upload.status === 'HANDING_OVER') await deps.jobs.enqueue(HAND_OVER_JOB, { uploadId: upload.id }, { key: upload.id });
}

async function analyse(orm: MikroORM, deps: UploadDependencies, log: Logger, uploadId: string): Promise<void> {
  const em = orm.em.fork();
  const upload = await em.findOne(Upload, { id: uploadId });
  if (!upload || upload.status !== 'ANALYSING' || !analysed(upload)) return;
  // No analyser in this build: the job fails and is retried; the photo stays 检测中 and is never handed over unchecked.
  if (!deps.analyser) throw new Error('face analysis is not available in this process');
  const stream = upload.storageName ? await deps.storage.get(upload.storageName) : undefined;
  if (!stream) throw new Error(`stored file of upload ${upload.id} is missing`);
  const image = new Uint8Array(await readAll(stream));
  const rules = upload.photoRules!;
  let analysis: UploadAnalysis;
  try {
    // The face descriptor is biometric: it is kept (encrypted) only while it waits for its counterpart's, and only
    // where the rules compare the two; the comparison drops it.
    const keep = comparesWithCard(upload);
    if (upload.field === 'idCardFront') {
      const card = await deps.analyser.analyseIdCardFront(image, rules);
      const passed = card.found && card.checks.every((c) => c.passed);
      analysis = { passed, checks: card.checks, ...(keep && passed && card.descriptor ? { descriptor: card.descriptor } : {}) };
    } else {
      const photo = await deps.analyser.analyseHeadPhoto(image, rules);
      analysis = { passed: photo.passed, checks: photo.checks, ...(keep && photo.passed && photo.descriptor ? { descriptor: photo.descriptor } : {}) };
    }
  } catch (error) {
    // The analyser could not read the image (PHOTO_UNREADABLE): the candidate is told, not left waiting on retries.
    if (!(error instanceof Refusal)) throw error;
    upload.status = 'FLAGGED';
    upload.problemCode = error.error.code;
    upload.problemMessage = error.error.message.slice(0, 300);
    upload.finishedAt = new Date();
    await em.flush();
    return;
  }
  upload.analysis = analysis;
  if (!analysis.passed) {
    upload.status = 'FLAGGED';
    upload.finishedAt = new Date();
  } else if (!comparesWithCard(upload)) {
    upload.status = 'HANDING_OVER';
  } // else: analysed, and waits in ANALYSING for the comparison with its pair
  await em.flush();
  log.info('upload analysed', { uploadId: upload.id, field: upload.field, passed: analysis.passed, status: upload.status });
  await enqueueNext(deps, upload);
  if (analysis.passed && comparesWithCard(upload)) await pairUp(orm, deps, upload.registrationId);
}

/** The latest upload of a field of a registration that got past the content checks. */
const latest = (em: EntityManager, registrationId: string, field: string) =>
  em.findOne(Upload, { registrationId, field, status: { $in: ['ANALYSING', 'FLAGGED', 'HANDING_OVER', 'DONE', 'HAND_OVER_REFUSED'] } }, { orderBy: { createdAt: 'desc' } });

/**
 * Compares the latest head photo with the latest ID card front once both are analysed, whichever finished last (or
 * both at once: each job calls this after its own result is written, so neither can miss the other). The result is
 * recorded on the photo with its score; a match hands both over, a mismatch flags the photo (the card itself is fine
 * and is handed over). Both descriptors are dropped once compared: only the distance and the outcome stay. A card
 * compared before (a new photo after a mismatch) has its descriptor derived again from its stored image, in memory
 * only. Doing it twice records the same result.
 */
async function pairUp(orm: MikroORM, deps: UploadDependencies, registrationId: string): Promise<void> {
  const em = orm.em.fork();
  const [photo, card] = await Promise.all([latest(em, registrationId, 'photo'), latest(em, registrationId, 'idCardFront')]);
  if (!photo?.analysis || !card?.analysis || !deps.analyser) return;
  if (photo.status !== 'ANALYSING' || !photo.analysis.passed || !card.analysis.passed || card.status === 'FLAGGED') return;
  const [photoDescriptor, cardDescriptor] = [photo.analysis.descriptor ?? (await describeAgain(deps, photo)), card.analysis.descriptor ?? (await describeAgain(deps, card))];
  if (!photoDescriptor || !cardDescriptor) return;
  const comparison = deps.analyser.compare(cardDescriptor, photoDescriptor, photo.photoRules!);
  const check: PhotoCheckResult = comparison.matched
    ? { code: 'IDENTITY_MATCH', passed: true, message: '身份核验：比对通过', measured: comparison.distance, limit: comparison.threshold }
    : { code: 'IDENTITY_MISMATCH', passed: false, message: '照片与身份证上的人像比对不一致，请本人重新拍摄照片。', measured: comparison.distance, limit: comparison.threshold };
  const { descriptor: _photo, ...photoAnalysis } = photo.analysis;
  photo.analysis = { ...photoAnalysis, comparison, passed: comparison.matched, checks: [...photoAnalysis.checks.filter((c) => !c.code.startsWith('IDENTITY_')), check] };
  if (card.analysis.descriptor) {
    const { descriptor: _card, ...cardAnalysis } = card.analysis;
    card.analysis = cardAnalysis;
  }
  const ready: Upload[] = [];
  if (comparison.matched) ready.push(photo);
  else {
    photo.status = 'FLAGGED';
    photo.finishedAt = new Date();
  }
  if (card.status === 'ANALYSING') ready.push(card);
  for (const each of ready) each.status = 'HANDING_OVER';
  await em.flush();
  for (const each of ready) await enqueueNext(deps, each);
}

/** A face image's descriptor read again from its stored file (never written down), or undefined when none is found. */
async function describeAgain(deps: UploadDependencies, upload: Upload): Promise<number[] | undefined> {
  const stream = upload.storageName ? await deps.storage.get(upload.storageName) : undefined;
  if (!stream || !deps.analyser) return undefined;
  const image = new Uint8Array(await readAll(stream));
  const found = upload.field === 'idCardFront' ? await deps.analyser.analyseIdCardFront(image, upload.photoRules!) : await deps.analyser.analyseHeadPhoto(image, upload.photoRules!);
  return found.descriptor ?? undefined;
}

async function handOver(orm: MikroORM, deps: UploadDependencies, log: Logger, uploadId: string): Promise<void> {
  const em = orm.em.fork();
  const upload = await em.findOne(Upload, { id: uploadId });
  if (upload?.kind === 'recording') return voiceFill(em, deps, log, upload);
  if (!upload || upload.status !== 'HANDING_OVER' || !upload.format || upload.bytes === undefined || upload.bytes === null) return;
  // Only an analysed photo that passed gets here; a file that is not a photo carries no check.
  const check = !analysed(upload) ? ('PENDING' as const) : upload.analysis?.passed ? ('PASSED' as const) : ('FAILED' as const);
  const file = { fileId: upload.id, format: upload.format, bytes: upload.bytes, ...(upload.kind === 'photo' ? { check } : {}) };
  try {
    const { completed } = await deps.exams.handOver(upload.registrationId, upload.step, { [upload.field]: file });
    upload.status = 'DONE';
    upload.stepCompleted = completed;
  } catch (error) {
    if (!(error instanceof HandOverRefused)) throw error;
    upload.status = 'HAND_OVER_REFUSED';
    upload.problemCode = error.code.slice(0, 60);
    upload.problemMessage = error.reason.slice(0, 300);
    log.info('upload hand-over refused', { uploadId: upload.id, code: error.code });
  }
  upload.finishedAt = new Date();
  await em.flush();
}

/** A recording goes to exams' voice fill; its suggestions are kept (encrypted), the recording is deleted either way. */
async function voiceFill(em: EntityManager, deps: UploadDependencies, log: Logger, upload: Upload): Promise<void> {
  if (upload.status !== 'HANDING_OVER' || !upload.storageName) return;
  const stream = await deps.storage.get(upload.storageName);
  if (!stream) throw new Error(`stored recording of upload ${upload.id} is missing`);
  try {
    const answer = await deps.exams.voiceFill(upload.registrationId, await readAll(stream));
    upload.voiceFill = { suggestions: answer.suggestions, missing: answer.missing };
    upload.status = 'DONE';
  } catch (error) {
    if (!(error instanceof HandOverRefused)) throw error;
    upload.status = 'HAND_OVER_REFUSED';
    upload.problemCode = error.code.slice(0, 60);
    upload.problemMessage = error.reason.slice(0, 300);
    log.info('recording refused by voice fill', { uploadId: upload.id, code: error.code });
  }
  await deps.storage.delete(upload.storageName);
  (upload as { storageName?: string | null }).storageName = null;
  upload.finishedAt = new Date();
  await em.flush();
}
