/**
 * The face models of `@vladmandic/face-api` on TensorFlow.js's WebAssembly backend, loaded once per thread from the
 * package's own `model/` folder (no network), and the two ways of finding faces with them:
 *
 * - `straightforward`: the whole image, SSD MobileNet, landmarks and descriptor of every face (face-api's usual chain);
 * - `optimised`: the image scaled down to at most 640 pixels a side, the tiny detector first (at 384×384: at 320 it
 *   misses a face of 14 % of the height behind the candidate's shoulder); one doubtful candidate alone gets a closer
 *   look (the tiny detector at 224 on the region around it); SSD only when the tiny detector is still neither sure of
 *   exactly one face (and sees no other candidate) nor sure of two or more; landmarks and descriptor of the one face
 *   only.
 *
 * face-api's default entry wants `@tensorflow/tfjs-node` (a native download that fails here); the `node-wasm` build
 * takes `@tensorflow/tfjs` and the wasm backend instead.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as FaceApi from '@vladmandic/face-api';
import type { Point } from './measures.ts';

const require = createRequire(import.meta.url);

export type Pipeline = 'straightforward' | 'optimised';

/** The longest side the optimised pipeline analyses; SSD looks at 512×512 whatever it is given. */
export const OPTIMISED_SIDE = 640;
/** The tiny detector's input size, the score from which a box is a candidate, and how sure it must be of a face to skip SSD. */
const TINY_INPUT = 384;
const TINY_CANDIDATE = 0.3;
const TINY_SURE = 0.5;
/** The tiny detector's input size for a second, closer look at one doubtful face. */
const CLOSER_INPUT = 224;

type Tf = typeof import('@tensorflow/tfjs');

interface Models {
  tf: Tf;
  faceapi: typeof FaceApi;
}

export interface FoundFace {
  score: number;
  /** The 68 landmarks in the analysed frame's pixels. */
  landmarks: Point[];
  descriptor: number[];
}

export interface Detection {
  /** Faces at or above the minimum score. */
  faces: number;
  /** The face, where exactly one was found. */
  face: FoundFace | null;
  /** Which detector decided. */
  detector: 'ssd' | 'tiny';
}

let loading: Promise<Models> | null = null;

/** Loads the backend and the three models once; later calls get the same promise. */
export function loadModels(): Promise<Models> {
  loading ??= (async () => {
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof FaceApi;
    // The prefix is joined to the file names as text: it needs its trailing slash.
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
    // setBackend answers false, rather than throwing, when the backend cannot start.
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend did not start');
    await tf.ready();
    const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await Promise.all([
      faceapi.nets.ssdMobilenetv1.loadFromDisk(models),
      faceapi.nets.tinyFaceDetector.loadFromDisk(models),
      faceapi.nets.faceLandmark68Net.loadFromDisk(models),
      faceapi.nets.faceRecognitionNet.loadFromDisk(models),
    ]);
    return { tf, faceapi };
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

const toFace = (result: { detection: FaceApi.FaceDetection; landmarks: FaceApi.FaceLandmarks68; descriptor: Float32Array }): FoundFace => ({
  score: result.detection.score,
  landmarks: result.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
  descriptor: Array.from(result.descriptor),
});

/** The tiny detector on the region around a doubtful box (twice its size, square): sure of exactly one face there? */
async function closerLook(tf: Tf, faceapi: typeof FaceApi, input: import('@tensorflow/tfjs').Tensor3D, box: FaceApi.Box, width: number, height: number): Promise<boolean> {
  const side = Math.round(Math.max(box.width, box.height) * 2);
  const x = Math.max(0, Math.min(width - 1, Math.round(box.x + box.width / 2 - side / 2)));
  const y = Math.max(0, Math.min(height - 1, Math.round(box.y + box.height / 2 - side / 2)));
  const region = tf.slice(input, [y, x, 0], [Math.min(side, height - y), Math.min(side, width - x), 3]);
  try {
    const again = await faceapi.nets.tinyFaceDetector.locateFaces(region, new faceapi.TinyFaceDetectorOptions({ inputSize: CLOSER_INPUT, scoreThreshold: TINY_SURE }));
    return again.length === 1;
  } finally {
    region.dispose();
  }
}

/** Finds faces in interleaved RGB pixels and, where there is exactly one, its landmarks and descriptor. */
export async function detectFaces(rgb: Uint8Array, width: number, height: number, minScore: number, pipeline: Pipeline): Promise<Detection> {
  const { tf, faceapi } = await loadModels();
  const input = tf.tensor3d(rgb, [height, width, 3], 'int32');
  try {
    if (pipeline === 'straightforward') {
      const all = await faceapi.detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 20 })).withFaceLandmarks().withFaceDescriptors();
      return { faces: all.length, face: all.length === 1 ? toFace(all[0]) : null, detector: 'ssd' };
    }
    let detector: Detection['detector'] = 'tiny';
    let found = await faceapi.nets.tinyFaceDetector.locateFaces(input, new faceapi.TinyFaceDetectorOptions({ inputSize: TINY_INPUT, scoreThreshold: TINY_CANDIDATE }));
    const sure = found.filter((d) => d.score >= TINY_SURE).length;
    // Two faces the tiny detector is sure of fail the count whatever SSD would add: no need to ask it.
    if (sure >= 2) return { faces: sure, face: null, detector };
    // One doubtful candidate and nothing else: look again at twice its size around it, where the face fills the view.
    if (found.length === 1 && sure === 0 && (await closerLook(tf, faceapi, input, found[0].box, width, height))) detector = 'tiny';
    else if (!(found.length === 1 && sure === 1)) {
      detector = 'ssd';
      found = await faceapi.nets.ssdMobilenetv1.locateFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 20 }));
    }
    if (found.length !== 1) return { faces: found.length, face: null, detector };
    const single = await new faceapi.DetectSingleFaceLandmarksTask(Promise.resolve({ detection: found[0] }), input, false).withFaceDescriptor();
    return { faces: 1, face: single ? toFace(single) : null, detector };
  } finally {
    input.dispose();
  }
}
