/**
 * What the upload pipeline asks of face analysis, and what it gets back. The analysis itself (face models, image
 * measures, worker threads) sits behind this interface so the upload jobs know nothing of how a face is found.
 *
 * Images given here have already passed the upload's content checks: decoded, re-encoded (JPEG or PNG), metadata
 * stripped, within the pixel limit. Thresholds come from the rule set's photo section, never from code.
 *
 * `rules` is the rule set's photo section (`materials.photo`); its `checks` hold the thresholds. A section without
 * `checks` (a manual compliance check) cannot be analysed: the call rejects with a RangeError.
 */
import type { PhotoRules } from '@zsb/rules';

export type { PhotoRules };

/** One named check of a photo, as the candidate sees it (处理状态 / 合规检测). */
export interface PhotoCheckResult {
  /** Stable code, e.g. `FACE_COUNT`, `HEAD_TILTED`, `TOO_DARK`. */
  code: string;
  passed: boolean;
  /** What to fix, in Chinese, e.g. “照片中应有且仅有一张人脸，检测到 2 张。” */
  message: string;
  /** The value measured, and the limit it was held to, where the check has one. */
  measured?: number;
  limit?: number;
}

export interface HeadPhotoAnalysis {
  /** Every check passed. */
  passed: boolean;
  checks: PhotoCheckResult[];
  /** The face descriptor (128 numbers) when exactly one face was found, for the comparison with the ID card. */
  descriptor: number[] | null;
  width: number;
  height: number;
}

export interface IdCardFaceAnalysis {
  /** One face was found on the card. */
  found: boolean;
  checks: PhotoCheckResult[];
  descriptor: number[] | null;
}

export interface FaceComparison {
  /** Euclidean distance between the two descriptors (smaller is more alike). */
  distance: number;
  /** The rule set's largest distance still counted as the same person. */
  threshold: number;
  matched: boolean;
}

export interface PhotoAnalyser {
  analyseHeadPhoto(image: Uint8Array, rules: PhotoRules): Promise<HeadPhotoAnalysis>;
  analyseIdCardFront(image: Uint8Array, rules: PhotoRules): Promise<IdCardFaceAnalysis>;
  compare(idCard: number[], photo: number[], rules: PhotoRules): FaceComparison;
  /** Stops the worker threads. */
  close(): Promise<void>;
}
