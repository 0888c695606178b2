/**
 * Image and face-geometry measures of a head photo, as plain functions on pixels and landmark points: no model and
 * no thread here, so each can be tested on made-up input. Luminance is 0–255 (Rec. 601 weights).
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A single-channel picture: one byte a pixel, row by row. */
export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Luminance of interleaved RGB (or RGBA, `channels` 4) pixels. */
export function luminance(rgb: Uint8Array, width: number, height: number, channels = 3): Grey {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += channels) {
    data[i] = (rgb[j] * 299 + rgb[j + 1] * 587 + rgb[j + 2] * 114 + 500) / 1000;
  }
  return { data, width, height };
}

/** The box cut to the picture, in whole pixels; null when nothing of it is inside. */
export function clip(box: Box, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** The box shrunk (negative) or grown by a share of its size on every side. */
export function grow(box: Box, share: number): Box {
  return { x: box.x - box.width * share, y: box.y - box.height * share, width: box.width * (1 + 2 * share), height: box.height * (1 + 2 * share) };
}

export interface RegionStats {
  mean: number;
  deviation: number;
  /** Share of pixels at ≤ 5 or ≥ 250. */
  clipped: number;
  pixels: number;
}

/** Mean, standard deviation and clipping of the pixels for which `inside` holds, within `box` (the whole picture by default). */
export function regionStats(grey: Grey, box?: Box | null, inside: (x: number, y: number) => boolean = () => true): RegionStats {
  const area = box ? clip(box, grey.width, grey.height) : { x: 0, y: 0, width: grey.width, height: grey.height };
  let n = 0;
  let sum = 0;
  let squares = 0;
  let clipped = 0;
  if (area) {
    for (let y = area.y; y < area.y + area.height; y++) {
      for (let x = area.x, i = y * grey.width + area.x; x < area.x + area.width; x++, i++) {
        if (!inside(x, y)) continue;
        const v = grey.data[i];
        n++;
        sum += v;
        squares += v * v;
        if (v <= 5 || v >= 250) clipped++;
      }
    }
  }
  if (n === 0) return { mean: 0, deviation: 0, clipped: 0, pixels: 0 };
  const mean = sum / n;
  return { mean, deviation: Math.sqrt(Math.max(0, squares / n - mean * mean)), clipped: clipped / n, pixels: n };
}

/**
 * The part of the box resampled to `width` pixels wide by averaging (so a large face and a small one of the same
 * sharpness measure alike, and downscaling does not alias).
 */
export function resampleBox(grey: Grey, box: Box, width: number): Grey {
  const area = clip(box, grey.width, grey.height);
  if (!area) return { data: new Uint8Array(0), width: 0, height: 0 };
  const outW = Math.min(width, area.width);
  const outH = Math.max(1, Math.round((area.height * outW) / area.width));
  const out = new Uint8Array(outW * outH);
  const sx = area.width / outW;
  const sy = area.height / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = area.y + Math.floor(oy * sy);
    const y1 = Math.max(y0 + 1, area.y + Math.floor((oy + 1) * sy));
    for (let ox = 0; ox < outW; ox++) {
      const x0 = area.x + Math.floor(ox * sx);
      const x1 = Math.max(x0 + 1, area.x + Math.floor((ox + 1) * sx));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0, i = y * grey.width + x0; x < x1; x++, i++) sum += grey.data[i];
      out[oy * outW + ox] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { data: out, width: outW, height: outH };
}

/** Variance of the 4-neighbour Laplacian: low when the picture is blurred. */
export function laplacianVariance(grey: Grey): number {
  const { data, width, height } = grey;
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const v = data[i - width] + data[i + width] + data[i - 1] + data[i + 1] - 4 * data[i];
      n++;
      sum += v;
      squares += v * v;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return squares / n - mean * mean;
}

/** Sharpness of a face: the Laplacian's variance on the middle of the face box, scaled to 128 pixels wide. */
export function faceSharpness(grey: Grey, face: Box): number {
  return laplacianVariance(resampleBox(grey, grow(face, -0.1), 128));
}

export interface BackgroundStats {
  /** Median luminance. */
  lightness: number;
  /** Share of pixels more than `difference` levels from the median: hair or a shoulder reaching in moves it little, a cluttered or patterned background much. */
  clutter: number;
  pixels: number;
}

/**
 * The background: above the chin's level, the pixels outside the head (the face box widened by 75 % of its width on
 * each side and raised by its height, for hair) and the photo's outer border (6 % at the sides, 5 % at the top),
 * where a plain light wall should be.
 */
export function backgroundStats(grey: Grey, face: Box, difference: number): BackgroundStats {
  const head = { x0: face.x - face.width * 0.75, x1: face.x + face.width * 1.75, y0: face.y - face.height };
  const border = { x0: grey.width * 0.06, x1: grey.width * 0.94, y0: grey.height * 0.05 };
  const bottom = Math.min(grey.height, Math.ceil(face.y + face.height));
  const histogram = new Uint32Array(256);
  let pixels = 0;
  for (let y = 0; y < bottom; y++) {
    const rowOutside = y < head.y0 || y < border.y0;
    for (let x = 0, i = y * grey.width; x < grey.width; x++, i++) {
      if (rowOutside || x < head.x0 || x >= head.x1 || x < border.x0 || x >= border.x1) {
        histogram[grey.data[i]]++;
        pixels++;
      }
    }
  }
  if (pixels === 0) return { lightness: 0, clutter: 1, pixels: 0 };
  let seen = 0;
  let median = 0;
  while (median < 255 && seen + histogram[median] <= pixels / 2) seen += histogram[median++];
  let near = 0;
  for (let v = Math.max(0, median - difference); v <= Math.min(255, median + difference); v++) near += histogram[v];
  return { lightness: median, clutter: 1 - near / pixels, pixels };
}

const mean = (points: Point[]): Point => ({ x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length });
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Face geometry from the 68 landmarks (iBUG order: 30 nose tip, 36–41 one eye, 42–47 the other). */
export interface FaceGeometry {
  /** Tilt of the eye line from the horizontal, in degrees (signed). */
  rollDegrees: number;
  /** The nose tip's distance from the eyes' middle along the eye line, over the distance between the eyes. */
  yaw: number;
  /** Mean eye aspect ratio of both eyes. */
  eyeOpenness: number;
}

function eyeAspectRatio(eye: Point[]): number {
  const width = distance(eye[0], eye[3]);
  return width > 0 ? (distance(eye[1], eye[5]) + distance(eye[2], eye[4])) / (2 * width) : 0;
}

export function faceGeometry(landmarks: Point[]): FaceGeometry {
  if (landmarks.length !== 68) throw new RangeError(`68 landmarks expected, got ${landmarks.length}`);
  const first = landmarks.slice(36, 42);
  const second = landmarks.slice(42, 48);
  const a = mean(first);
  const b = mean(second);
  const span = distance(a, b);
  const rollDegrees = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
  const middle = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  const nose = landmarks[30];
  const along = span > 0 ? ((nose.x - middle.x) * (b.x - a.x) + (nose.y - middle.y) * (b.y - a.y)) / span : 0;
  return {
    rollDegrees,
    yaw: span > 0 ? Math.abs(along) / span : 1,
    eyeOpenness: (eyeAspectRatio(first) + eyeAspectRatio(second)) / 2,
  };
}

/**
 * How visible the eyes are: the luminance spread inside each eye's box (from its 6 landmarks, at least 60 % as tall
 * as wide) over the spread of the middle of the face, the lower of the two eyes. An open eye (white, iris, pupil,
 * lashes) varies more than the skin around it; dark glasses or a hand over the eye vary little, and the landmarks
 * alone would still draw an open eye there.
 */
export function eyeContrast(grey: Grey, landmarks: Point[], face: Box): number {
  const faceSpread = regionStats(grey, grow(face, -0.1)).deviation;
  if (faceSpread === 0) return 0;
  const spread = (eye: Point[]) => {
    const xs = eye.map((p) => p.x);
    const ys = eye.map((p) => p.y);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(Math.max(...ys) - Math.min(...ys), 0.6 * width);
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    return regionStats(grey, { x: Math.min(...xs) - 0.15 * width, y: cy - height / 2, width: 1.3 * width, height }).deviation;
  };
  return Math.min(spread(landmarks.slice(36, 42)), spread(landmarks.slice(42, 48))) / faceSpread;
}

/** Euclidean distance between two face descriptors. */
export function descriptorDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`descriptors of equal length expected, got ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    if (!Number.isFinite(d)) throw new RangeError('a descriptor holds a value that is not a finite number');
    sum += d * d;
  }
  return Math.sqrt(sum);
}
