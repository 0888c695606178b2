/**
 * One photo's analysis, run in a worker thread of the analyser's pool: decode with sharp, find the face, measure,
 * and name the checks. The models load on the thread's first task and stay loaded.
 */
import sharp from 'sharp';
import type { PhotoChecks } from '@zsb/rules';
import { headPhotoChecks, idCardChecks, type HeadPhotoMeasures } from './checks.ts';
import { detectFaces, loadModels, OPTIMISED_SIDE, type Pipeline } from './face-models.ts';
import { backgroundStats, eyeContrast, faceGeometry, faceSharpness, grow, luminance, regionStats, type Box, type Point } from './measures.ts';
import type { HeadPhotoAnalysis, IdCardFaceAnalysis } from './photo-analyser.ts';

/** The pixel limit sharp holds any input to (the upload pipeline has checked sizes already; this bounds a bad caller). */
const MAX_PIXELS = 40_000_000;

export interface PhotoTask {
  kind: 'HEAD_PHOTO' | 'ID_CARD_FRONT' | 'WARM_UP';
  image?: Uint8Array;
  checks?: PhotoChecks;
  pipeline?: Pipeline;
}

export type PhotoTaskResult =
  | { ok: true; kind: 'HEAD_PHOTO'; analysis: HeadPhotoAnalysis; detector: string; elapsedMs: number }
  | { ok: true; kind: 'ID_CARD_FRONT'; analysis: IdCardFaceAnalysis; detector: string; elapsedMs: number }
  | { ok: true; kind: 'WARM_UP' }
  | { ok: false; reason: 'UNREADABLE'; message: string };

interface Frame {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** The image's own size, before any scaling. */
  originalWidth: number;
  originalHeight: number;
}

/** Thrown where the image itself cannot be read: the one failure that is the candidate's, not the platform's. */
class Unreadable extends Error {}

async function decode(image: Uint8Array, pipeline: Pipeline): Promise<Frame> {
  try {
    return await decodeOrThrow(image, pipeline);
  } catch (error) {
    throw new Unreadable(error instanceof Error ? error.message : String(error));
  }
}

async function decodeOrThrow(image: Uint8Array, pipeline: Pipeline): Promise<Frame> {
  const source = sharp(image, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
  const meta = await source.metadata();
  if (!meta.width || !meta.height) throw new Error('no image size');
  let chain = source.clone().removeAlpha().toColourspace('srgb');
  if (pipeline === 'optimised') chain = chain.resize({ width: OPTIMISED_SIDE, height: OPTIMISED_SIDE, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await chain.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
  return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, originalWidth: meta.width, originalHeight: meta.height };
}

/** The box around the 68 landmarks (brows to chin, jaw side to jaw side): the same whichever detector found the face. */
function landmarkBox(points: Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

async function headPhoto(image: Uint8Array, checks: PhotoChecks, pipeline: Pipeline) {
  const frame = await decode(image, pipeline);
  const found = await detectFaces(frame.rgb, frame.width, frame.height, checks.minFaceScore, pipeline);
  const measures: HeadPhotoMeasures = { width: frame.originalWidth, height: frame.originalHeight, faces: found.faces };
  if (found.face) {
    const grey = luminance(frame.rgb, frame.width, frame.height);
    const box = landmarkBox(found.face.landmarks);
    measures.face = {
      box,
      frameWidth: frame.width,
      frameHeight: frame.height,
      geometry: faceGeometry(found.face.landmarks),
      eyeContrast: eyeContrast(grey, found.face.landmarks, box),
      sharpness: faceSharpness(grey, box),
      exposure: regionStats(grey, grow(box, -0.1)),
      background: backgroundStats(grey, box, checks.background.clutterDifference),
    };
  }
  const results = headPhotoChecks(measures, checks);
  const analysis: HeadPhotoAnalysis = {
    passed: results.every((c) => c.passed),
    checks: results,
    descriptor: found.faces === 1 && found.face ? found.face.descriptor : null,
    width: frame.originalWidth,
    height: frame.originalHeight,
  };
  return { analysis, detector: found.detector };
}

async function idCardFront(image: Uint8Array, checks: PhotoChecks, pipeline: Pipeline) {
  const frame = await decode(image, pipeline);
  const found = await detectFaces(frame.rgb, frame.width, frame.height, checks.minFaceScore, pipeline);
  const analysis: IdCardFaceAnalysis = {
    found: found.faces === 1 && found.face !== null,
    checks: idCardChecks(found.faces),
    descriptor: found.face ? found.face.descriptor : null,
  };
  return { analysis, detector: found.detector };
}

export default async function run(task: PhotoTask): Promise<PhotoTaskResult> {
  if (task.kind === 'WARM_UP') {
    await loadModels();
    return { ok: true, kind: 'WARM_UP' };
  }
  const { image, checks } = task;
  if (!image || !checks) throw new TypeError('a photo task needs the image and the rules’ checks');
  const pipeline = task.pipeline ?? 'optimised';
  const started = performance.now();
  try {
    if (task.kind === 'HEAD_PHOTO') return { ok: true, kind: 'HEAD_PHOTO', ...(await headPhoto(image, checks, pipeline)), elapsedMs: performance.now() - started };
    return { ok: true, kind: 'ID_CARD_FRONT', ...(await idCardFront(image, checks, pipeline)), elapsedMs: performance.now() - started };
  } catch (error) {
    // Only the decoding fails on the image's account; a model failure is the platform's and is thrown on.
    if (error instanceof Unreadable) return { ok: false, reason: 'UNREADABLE', message: error.message };
    throw error;
  }
}
