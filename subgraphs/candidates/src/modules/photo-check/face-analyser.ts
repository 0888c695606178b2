/**
 * The photo analyser: a bounded pool of worker threads (piscina), each with the face models loaded once. Analysis
 * never runs on the caller's thread; at most `threads` photos are analysed at once and the rest wait in the queue.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Refusal } from '@zsb/platform';
import type { PhotoChecks } from '@zsb/rules';
import type { Pipeline } from './face-models.ts';
import { descriptorDistance } from './measures.ts';
import type { FaceComparison, HeadPhotoAnalysis, IdCardFaceAnalysis, PhotoAnalyser, PhotoRules } from './photo-analyser.ts';
import type { PhotoTask, PhotoTaskResult } from './photo-worker.ts';
import { photoWorkers } from './settings.ts';

export interface PhotoAnalyserOptions {
  /** Worker threads; by default the ZSB_PHOTO_WORKERS setting (the cores, at most 2). */
  threads?: number;
  /** `optimised` (the default) or `straightforward`, the plain face-api chain kept to measure the other against. */
  pipeline?: Pipeline;
  /** Photos waiting beyond this many are refused rather than queued without end. */
  maxQueue?: number;
}

/** Facts about the last task, for benchmarks. */
export interface PhotoTaskInfo {
  detector: string;
  elapsedMs: number;
}

const WORKER = fileURLToPath(new URL('./photo-worker.ts', import.meta.url));

/** The rules' thresholds, or a RangeError where the photo section sets none (a manual check). */
export function photoChecks(rules: PhotoRules): PhotoChecks {
  if (!rules?.checks) throw new RangeError('the photo rules set no checks: their compliance check is not automatic');
  return rules.checks;
}

export class FacePhotoAnalyser implements PhotoAnalyser {
  private readonly pool: Piscina<PhotoTask, PhotoTaskResult>;
  private readonly pipeline: Pipeline;
  /** Called with each task's detector and time (benchmarks). */
  onTask?: (info: PhotoTaskInfo) => void;

  constructor(options: PhotoAnalyserOptions = {}) {
    const threads = options.threads ?? photoWorkers();
    this.pipeline = options.pipeline ?? 'optimised';
    // Worker threads start plain Node: TypeScript loads through tsx as it does in the main thread.
    const execArgv = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
    this.pool = new Piscina<PhotoTask, PhotoTaskResult>({
      filename: WORKER,
      minThreads: threads,
      maxThreads: threads,
      maxQueue: options.maxQueue ?? 1000,
      idleTimeout: 60_000,
      execArgv,
    });
  }

  /** Loads the models in every thread now rather than on the first photos (≈ 1.3 s each). */
  async warmUp(): Promise<void> {
    await Promise.all(Array.from({ length: this.pool.options.maxThreads }, () => this.pool.run({ kind: 'WARM_UP' })));
  }

  async analyseHeadPhoto(image: Uint8Array, rules: PhotoRules): Promise<HeadPhotoAnalysis> {
    const result = await this.run({ kind: 'HEAD_PHOTO', image, checks: photoChecks(rules), pipeline: this.pipeline });
    if (result.kind !== 'HEAD_PHOTO') throw new Error('the photo worker answered another kind of task');
    return result.analysis;
  }

  async analyseIdCardFront(image: Uint8Array, rules: PhotoRules): Promise<IdCardFaceAnalysis> {
    const result = await this.run({ kind: 'ID_CARD_FRONT', image, checks: photoChecks(rules), pipeline: this.pipeline });
    if (result.kind !== 'ID_CARD_FRONT') throw new Error('the photo worker answered another kind of task');
    return result.analysis;
  }

  compare(idCard: number[], photo: number[], rules: PhotoRules): FaceComparison {
    const threshold = photoChecks(rules).maxDistance;
    const distance = descriptorDistance(idCard, photo);
    return { distance: Number(distance.toFixed(4)), threshold, matched: distance <= threshold };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private async run(task: PhotoTask & { image: Uint8Array }) {
    if (!(task.image instanceof Uint8Array) || task.image.length === 0) throw new Refusal('PHOTO_UNREADABLE', '照片无法读取，请重新上传。');
    const result = await this.pool.run(task);
    if (!result.ok) throw new Refusal('PHOTO_UNREADABLE', '照片无法读取，请重新上传 JPG 或 PNG 格式的照片。');
    if (result.kind === 'WARM_UP') throw new Error('the photo worker answered a warm-up');
    this.onTask?.({ detector: result.detector, elapsedMs: result.elapsedMs });
    return result;
  }
}

/** The analyser the upload jobs use. */
export function createPhotoAnalyser(options?: PhotoAnalyserOptions): FacePhotoAnalyser {
  return new FacePhotoAnalyser(options);
}
