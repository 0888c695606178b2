import { describe, expect, it } from 'vitest';
import type { PhotoChecks } from '@zsb/rules';
import { dimensionsCheck, headPhotoChecks, idCardChecks, type HeadPhotoMeasures } from './checks.ts';
import { backgroundStats, descriptorDistance, eyeContrast, faceGeometry, faceSharpness, laplacianVariance, luminance, regionStats, resampleBox, type Grey, type Point } from './measures.ts';
import { photoWorkers } from './settings.ts';

const grey = (width: number, height: number, value: (x: number, y: number) => number): Grey => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { data, width, height };
};

/** 68 landmarks of a level, frontal face with open eyes, turned by `roll` degrees and its nose moved by `noseShift`. */
function landmarks(roll = 0, noseShift = 0, eyeHeight = 6): Point[] {
  const points: Point[] = Array.from({ length: 68 }, () => ({ x: 100, y: 100 }));
  const eye = (cx: number) => [
    { x: cx - 10, y: 80 },
    { x: cx - 4, y: 80 - eyeHeight / 2 },
    { x: cx + 4, y: 80 - eyeHeight / 2 },
    { x: cx + 10, y: 80 },
    { x: cx + 4, y: 80 + eyeHeight / 2 },
    { x: cx - 4, y: 80 + eyeHeight / 2 },
  ];
  points.splice(36, 6, ...eye(70));
  points.splice(42, 6, ...eye(130));
  points[30] = { x: 100 + noseShift, y: 110 };
  const a = (roll * Math.PI) / 180;
  return points.map((p) => ({ x: 100 + (p.x - 100) * Math.cos(a) - (p.y - 100) * Math.sin(a), y: 100 + (p.x - 100) * Math.sin(a) + (p.y - 100) * Math.cos(a) }));
}

const RULES: PhotoChecks = {
  minFaceScore: 0.5,
  faceHeight: { min: 0.2, max: 0.7 },
  position: { maxHorizontalOffset: 0.1, minVerticalCentre: 0.25, maxVerticalCentre: 0.6 },
  maxRollDegrees: 8,
  maxYaw: 0.3,
  minEyeOpenness: 0.2,
  minEyeContrast: 0.45,
  background: { minLightness: 160, clutterDifference: 24, maxClutter: 0.2 },
  minSharpness: 20,
  exposure: { minMean: 70, maxMean: 185, maxClipped: 0.2 },
  dimensions: { minWidth: 295, minHeight: 413, maxWidth: 1200, maxHeight: 1600, aspectRatio: 0.75, aspectTolerance: 0.05 },
  maxDistance: 0.5,
  reference: { document: 'manual' },
};

describe('image measures', () => {
  it('luminance weighs green most, and region statistics count clipping', () => {
    expect(Array.from(luminance(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]), 4, 1).data)).toEqual([76, 150, 29, 255]);
    const half = grey(10, 10, (x) => (x < 5 ? 0 : 255));
    expect(regionStats(half)).toMatchObject({ mean: 127.5, deviation: 127.5, clipped: 1, pixels: 100 });
    expect(regionStats(half, { x: 5, y: 0, width: 50, height: 50 })).toMatchObject({ mean: 255, deviation: 0, pixels: 50 });
    expect(regionStats(half, { x: 20, y: 20, width: 5, height: 5 }).pixels).toBe(0);
  });

  it('a blurred picture has a lower Laplacian variance, whatever size the face is', () => {
    const sharp = grey(256, 256, (x, y) => ((x >> 3) + (y >> 3)) % 2 ? 220 : 30);
    const soft = grey(256, 256, (x, y) => 125 + 95 * Math.sin(x / 8) * Math.sin(y / 8));
    expect(laplacianVariance(sharp)).toBeGreaterThan(50 * laplacianVariance(soft));
    expect(faceSharpness(sharp, { x: 0, y: 0, width: 256, height: 256 })).toBeGreaterThan(faceSharpness(soft, { x: 0, y: 0, width: 256, height: 256 }));
    expect(resampleBox(sharp, { x: 0, y: 0, width: 256, height: 256 }, 128)).toMatchObject({ width: 128, height: 128 });
    expect(laplacianVariance({ data: new Uint8Array(0), width: 0, height: 0 })).toBe(0);
  });

  it('the background is read beside and above the head: a plain wall, a dark one and a pattern', () => {
    const face = { x: 160, y: 200, width: 160, height: 200 };
    const head = (x: number, y: number) => x >= 100 && x < 380 && y >= 120;
    expect(backgroundStats(grey(480, 640, (x, y) => (head(x, y) ? 40 : 235)), face, 24)).toMatchObject({ lightness: 235, clutter: 0 });
    expect(backgroundStats(grey(480, 640, (x, y) => (head(x, y) ? 200 : 60)), face, 24).lightness).toBe(60);
    expect(backgroundStats(grey(480, 640, (x, y) => (head(x, y) ? 40 : (x + y) % 7 < 3 ? 240 : 120)), face, 24).clutter).toBeGreaterThan(0.3);
  });

  it('roll, yaw and eye openness come from the landmarks', () => {
    expect(faceGeometry(landmarks())).toMatchObject({ rollDegrees: 0, yaw: 0 });
    expect(faceGeometry(landmarks(14)).rollDegrees).toBeCloseTo(14, 5);
    expect(faceGeometry(landmarks(-20, 0)).yaw).toBeCloseTo(0, 5);
    expect(faceGeometry(landmarks(0, 24)).yaw).toBeCloseTo(0.4, 5);
    expect(faceGeometry(landmarks(0, 0, 8)).eyeOpenness).toBeCloseTo(0.4, 5);
    expect(faceGeometry(landmarks(0, 0, 1)).eyeOpenness).toBeLessThan(0.2);
    expect(() => faceGeometry(landmarks().slice(0, 5))).toThrow(RangeError);
  });

  it('eyes behind dark glasses vary less than open eyes, measured against the face', () => {
    const points = landmarks();
    const face = { x: 50, y: 60, width: 100, height: 80 };
    // Skin with some texture; open eyes: white with a dark iris; covered eyes: flat dark.
    const skin = (x: number, y: number) => 150 + ((x * 7 + y * 13) % 11);
    const inEye = (x: number, y: number) => Math.abs(y - 80) <= 6 && (Math.abs(x - 70) <= 11 || Math.abs(x - 130) <= 11);
    const open = grey(200, 200, (x, y) => (inEye(x, y) ? (Math.abs(x - 70) <= 3 || Math.abs(x - 130) <= 3 ? 30 : 235) : skin(x, y)));
    const covered = grey(200, 200, (x, y) => (inEye(x, y) ? 20 : skin(x, y)));
    expect(eyeContrast(open, points, face)).toBeGreaterThan(1);
    expect(eyeContrast(covered, points, face)).toBeLessThan(eyeContrast(open, points, face));
    expect(eyeContrast(grey(200, 200, () => 128), points, face)).toBe(0);
  });

  it('descriptor distance is Euclidean and refuses unequal or non-numeric descriptors', () => {
    expect(descriptorDistance([0, 3], [4, 0])).toBe(5);
    expect(() => descriptorDistance([1], [1, 2])).toThrow(RangeError);
    expect(() => descriptorDistance([Infinity], [0])).toThrow(RangeError);
  });
});

describe('named checks', () => {
  const measures = (face: Partial<NonNullable<HeadPhotoMeasures['face']>> = {}, faces = 1): HeadPhotoMeasures => ({
    width: 480,
    height: 640,
    faces,
    face: {
      box: { x: 170, y: 200, width: 140, height: 180 },
      frameWidth: 480,
      frameHeight: 640,
      geometry: { rollDegrees: 1, yaw: 0.05, eyeOpenness: 0.3 },
      eyeContrast: 0.9,
      sharpness: 120,
      exposure: { mean: 140, deviation: 30, clipped: 0.01, pixels: 10_000 },
      background: { lightness: 238, clutter: 0.02, pixels: 50_000 },
      ...face,
    },
  });
  const failing = (m: HeadPhotoMeasures) => headPhotoChecks(m, RULES).filter((c) => !c.passed);

  it('a compliant photo passes all eleven checks', () => {
    const checks = headPhotoChecks(measures(), RULES);
    expect(checks).toHaveLength(11);
    expect(checks.every((c) => c.passed)).toBe(true);
  });

  it('each measure out of its limit fails its own check with its message', () => {
    expect(failing(measures({ geometry: { rollDegrees: -14.2, yaw: 0, eyeOpenness: 0.3 } }))).toEqual([{ code: 'HEAD_TILTED', passed: false, message: '头部倾斜约 14°，请保持头部端正。', measured: 14.2, limit: 8 }]);
    expect(failing(measures({ geometry: { rollDegrees: 0, yaw: 0.45, eyeOpenness: 0.3 } }))[0].code).toBe('HEAD_TURNED');
    expect(failing(measures({ geometry: { rollDegrees: 0, yaw: 0, eyeOpenness: 0.1 } }))[0]).toMatchObject({ code: 'EYES_NOT_VISIBLE', measured: 0.1, limit: 0.2 });
    expect(failing(measures({ eyeContrast: 0.1 }))[0]).toMatchObject({ code: 'EYES_NOT_VISIBLE', measured: 0.1, limit: 0.45 });
    expect(failing(measures({ sharpness: 5 }))[0]).toMatchObject({ code: 'BLURRED', message: '照片模糊，请对焦并保持手机稳定后重新拍摄。' });
    expect(failing(measures({ exposure: { mean: 40, deviation: 10, clipped: 0.05, pixels: 1 } }))[0]).toMatchObject({ code: 'TOO_DARK', message: '光线过暗，面部看不清，请在光线充足、均匀的地方拍摄。' });
    expect(failing(measures({ exposure: { mean: 150, deviation: 10, clipped: 0.5, pixels: 1 } }))[0].code).toBe('TOO_BRIGHT');
    expect(failing(measures({ background: { lightness: 90, clutter: 0.5, pixels: 1 } }))[0].message).toBe('背景不是浅色纯色，请在白色或浅色、无杂物的背景前拍摄。');
    expect(failing(measures({ box: { x: 220, y: 280, width: 40, height: 50 } }))[0].message).toMatch(/^人脸过小（约占照片高度的 8%）/);
    expect(failing(measures({ box: { x: 20, y: 200, width: 140, height: 180 } }))[0].message).toBe('人脸不在照片中间，请左右居中拍摄。');
    expect(failing(measures({ box: { x: 170, y: 20, width: 140, height: 180 } }))[0].message).toBe('人脸位置过高，请让头部位于照片中部。');
  });

  it('with no face or two faces only the count and the dimensions are checked', () => {
    expect(headPhotoChecks(measures({}, 0), RULES).map((c) => [c.code, c.passed])).toEqual([['DIMENSIONS', true], ['FACE_COUNT', false]]);
    expect(headPhotoChecks(measures({}, 3), RULES)[1].message).toBe('检测到 3 张人脸，请单人拍摄。');
  });

  it('dimensions: the range and the shape', () => {
    expect(dimensionsCheck(480, 640, RULES).passed).toBe(true);
    expect(dimensionsCheck(640, 480, RULES).message).toBe('照片尺寸应为 295×413 至 1200×1600 像素、宽高比约 3:4，当前为 640×480。');
    expect(dimensionsCheck(4000, 3000, RULES).passed).toBe(false);
    expect(dimensionsCheck(413, 551, { ...RULES, dimensions: { minWidth: 1, minHeight: 1, maxWidth: 500, maxHeight: 600 } }).passed).toBe(true);
  });

  it('ID card: one portrait, none, or several', () => {
    expect(idCardChecks(1)[0].passed).toBe(true);
    expect(idCardChecks(0)[0].passed).toBe(false);
    expect(idCardChecks(2)[0].message).toBe('身份证正面照片中检测到 2 张人像，请只拍摄身份证本身。');
  });
});

describe('pool size', () => {
  it('the setting, or the cores up to two; nonsense is refused', () => {
    expect(photoWorkers({ ZSB_PHOTO_WORKERS: '3' })).toBe(3);
    expect(photoWorkers({})).toBeGreaterThanOrEqual(1);
    expect(photoWorkers({})).toBeLessThanOrEqual(2);
    expect(() => photoWorkers({ ZSB_PHOTO_WORKERS: 'many' })).toThrow();
    expect(() => photoWorkers({ ZSB_PHOTO_WORKERS: '-1' })).toThrow();
  });
});
