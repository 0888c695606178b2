/**
 * The labelled set the photo checks are tested and benchmarked on, built with sharp from face images that ship in
 * packages: `@vladmandic/face-api`'s `demo/sample1–6.jpg` (group photos: single faces are cut from them, with the face
 * boxes written below so the set does not depend on the detector it tests) and Debian's python3-skimage
 * (`astronaut.png`; `chelsea.png`, a cat, and `grass.png`, `brick.png`, `coffee.png` as faceless pictures and busy
 * backgrounds). Nothing is committed but this manifest: `buildLabelledSet` writes the images into a folder.
 *
 * A "portrait" is one head cut with a soft oval from its photo and laid on a plain light background at 480×640, the
 * face centred at 45 % of the height: what a compliant head photo looks like. Each case names the checks that must
 * fail (`fails`); every other check must pass, except those in `mayFail` (a darkened photo's background is dark
 * too). Comparison pairs name an ID card front and a head photo and whether they show the same person.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';

const require = createRequire(import.meta.url);
const FACE_API_DEMO = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
/** Where Debian's python3-skimage puts its sample images. */
export const SKIMAGE_DATA = '/usr/lib/python3/dist-packages/skimage/data';

/** A face in a source image: its box in the source's pixels (found once by hand-checked detection) and its tilt. */
interface SourceFace {
  file: string;
  box: [x: number, y: number, width: number, height: number];
  /** Roll of the eye line in the source, in degrees. */
  roll: number;
}

const demo = (n: number) => path.join(FACE_API_DEMO, `sample${n}.jpg`);
const skimage = (name: string) => path.join(SKIMAGE_DATA, name);

/** Upright, frontal faces: the people of the set. */
export const PEOPLE: Record<string, SourceFace> = {
  A: { file: demo(1), box: [414, 355, 177, 240], roll: 1.2 },
  B: { file: demo(3), box: [585, 329, 199, 271], roll: 1.1 },
  C: { file: demo(3), box: [1514, 292, 170, 280], roll: -3.7 },
  D: { file: demo(5), box: [1113, 198, 158, 236], roll: -0.6 },
  E: { file: demo(6), box: [681, 321, 160, 307], roll: -4.3 },
  F: { file: demo(6), box: [1180, 305, 188, 280], roll: -0.3 },
  G: { file: skimage('astronaut.png'), box: [181, 73, 83, 102], roll: 2.9 },
};

/** Heads tilted in the photo itself (not turned by the set). */
export const TILTED_PEOPLE: Record<string, SourceFace> = {
  T1: { file: demo(1), box: [838, 421, 186, 228], roll: -28.6 },
  T2: { file: demo(4), box: [664, 53, 187, 258], roll: 27.5 },
  T3: { file: demo(2), box: [1447, 153, 194, 242], roll: -18.8 },
};

/** A face turned to one side (three-quarter view) in its own photo. */
export const TURNED_PEOPLE: Record<string, SourceFace> = {
  U1: { file: demo(5), box: [598, 415, 166, 249], roll: 1 },
};

export const CHECK_CODES = ['DIMENSIONS', 'FACE_COUNT', 'FACE_SIZE', 'FACE_POSITION', 'HEAD_TILTED', 'HEAD_TURNED', 'EYES_NOT_VISIBLE', 'BACKGROUND', 'BLURRED', 'TOO_DARK', 'TOO_BRIGHT'] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export interface HeadCase {
  name: string;
  /** What was done to make it. */
  transform: string;
  file: string;
  fails: CheckCode[];
  mayFail?: CheckCode[];
}

export interface CardCase {
  name: string;
  transform: string;
  file: string;
  /** A face is on the card. */
  face: boolean;
}

export interface PairCase {
  card: string;
  photo: string;
  samePerson: boolean;
}

export interface LabelledSet {
  dir: string;
  heads: HeadCase[];
  cards: CardCase[];
  pairs: PairCase[];
}

const WIDTH = 480;
const HEIGHT = 640;
const LIGHT = { r: 238, g: 241, b: 244 };

interface PortraitOptions {
  /** The face box's height as a share of the frame's height. */
  faceShare?: number;
  /** Where the face centre sits, as shares of the frame. */
  centreX?: number;
  centreY?: number;
  width?: number;
  height?: number;
  background?: OverlayOptions | { r: number; g: number; b: number };
  /** Dark glasses over the eyes. */
  sunglasses?: boolean;
  /** A smaller head somewhere behind (laid first, so the main head covers it where they meet). */
  behind?: { face: SourceFace; faceShare: number; centreX: number; centreY: number };
}

/** One head cut from its photo with a feathered oval, scaled so the face is `faceShare` of the height. */
async function head(face: SourceFace, faceHeight: number, sunglasses = false): Promise<{ image: Buffer; width: number; height: number; faceX: number; faceY: number }> {
  const [x, y, w, h] = face.box;
  const scale = faceHeight / h;
  const meta = await sharp(face.file).metadata();
  // The head with hair and some neck: the face box widened by 75 % of its width each side, 95 % of its height above.
  const left = Math.max(0, Math.round(x - 0.75 * w));
  const top = Math.max(0, Math.round(y - 0.95 * h));
  const right = Math.min(meta.width!, Math.round(x + 1.75 * w));
  const bottom = Math.min(meta.height!, Math.round(y + 1.6 * h));
  const width = Math.round((right - left) * scale);
  const height = Math.round((bottom - top) * scale);
  const cx = (x + w / 2 - left) * scale;
  const cy = (y + h / 2 - top) * scale;
  const rx = 0.78 * w * scale;
  const ryTop = 0.95 * h * scale;
  const mask = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="black"/>` +
      `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ryTop}" fill="white"/>` +
      `<rect x="${cx - 0.55 * w * scale}" y="${cy}" width="${1.1 * w * scale}" height="${height}" fill="white"/></svg>`,
  );
  const alpha = await sharp(mask).resize(width, height).blur(Math.max(1, 0.05 * w * scale)).greyscale().raw().toBuffer();
  // Dark lenses where the eyes sit in a face box (about a third down, 30 % and 70 % across), generous enough to cover them.
  const lens = (share: number) => `<ellipse cx="${cx + (share - 0.5) * w * scale}" cy="${cy - 0.15 * h * scale}" rx="${0.18 * w * scale}" ry="${0.12 * h * scale}" fill="#151515"/>`;
  const glasses = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${lens(0.3)}${lens(0.7)}</svg>`);
  const cut = sharp(face.file).extract({ left, top, width: right - left, height: bottom - top }).resize(width, height);
  const rgb = await sharp(sunglasses ? await cut.composite([{ input: glasses }]).png().toBuffer() : await cut.png().toBuffer()).removeAlpha().toColourspace('srgb').raw().toBuffer();
  const image = await sharp(rgb, { raw: { width, height, channels: 3 } }).joinChannel(alpha, { raw: { width, height, channels: 1 } }).png().toBuffer();
  return { image, width, height, faceX: cx, faceY: cy };
}

async function canvas(width: number, height: number, background: PortraitOptions['background']): Promise<Sharp> {
  if (background && 'input' in background) {
    const fill = await sharp(background.input as string).resize(width, height, { fit: 'cover' }).removeAlpha().toColourspace('srgb').png().toBuffer();
    return sharp(fill);
  }
  const colour = (background as { r: number; g: number; b: number } | undefined) ?? LIGHT;
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

/** Heads laid on a background: a compliant portrait by default. */
async function portrait(faces: SourceFace[], options: PortraitOptions = {}): Promise<Buffer> {
  const width = options.width ?? WIDTH;
  const height = options.height ?? HEIGHT;
  const share = options.faceShare ?? 0.36;
  const placed = faces.map((face, i) => ({ face, faceShare: share, centreX: faces.length === 1 ? (options.centreX ?? 0.5) : (i + 0.5) / faces.length, centreY: options.centreY ?? 0.45 }));
  if (options.behind) placed.unshift(options.behind);
  const layers: OverlayOptions[] = [];
  for (const p of placed) {
    const h = await head(p.face, p.faceShare * height, p === placed.at(-1) && options.sunglasses);
    // The part of the head inside the frame (sharp composites only layers that fit).
    const left = Math.round(p.centreX * width - h.faceX);
    const top = Math.round(p.centreY * height - h.faceY);
    const x0 = Math.max(0, -left);
    const y0 = Math.max(0, -top);
    const x1 = Math.min(h.width, width - left);
    const y1 = Math.min(h.height, height - top);
    const input = await sharp(h.image).extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 }).png().toBuffer();
    layers.push({ input, left: left + x0, top: top + y0 });
  }
  const base = await canvas(width, height, options.background);
  return base.composite(layers).removeAlpha().jpeg({ quality: 90 }).toBuffer();
}

/** An ID card front (the card's size, 85.6 × 54 mm at 10 px/mm): light card, lines of "text", the portrait right. */
async function idCard(face: SourceFace | null): Promise<Buffer> {
  const width = 856;
  const height = 540;
  const bars = [60, 120, 180, 240, 300, 440]
    .map((y, i) => `<rect x="60" y="${y}" width="${i === 5 ? 620 : 200 + (i * 37) % 200}" height="26" rx="4" fill="#3a3f46" opacity="0.75"/>`)
    .join('');
  const card = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="#e9eef4"/><stop offset="1" stop-color="#d7e2ec"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" rx="30" fill="url(#g)"/>${bars}</svg>`,
  );
  const layers: OverlayOptions[] = [];
  if (face) {
    // The card's portrait: 260×330, greyer and softer than the photo, as printed on a card and photographed.
    const printed = await sharp(await portrait([face], { width: 260, height: 330, faceShare: 0.42, centreY: 0.48, background: { r: 240, g: 242, b: 244 } }))
      .modulate({ saturation: 0.55 })
      .blur(0.8)
      .toBuffer();
    layers.push({ input: printed, left: 560, top: 70 });
  }
  return sharp(card).composite(layers).flatten({ background: '#808080' }).jpeg({ quality: 70 }).toBuffer();
}

const rotate = async (image: Buffer, degrees: number) => {
  const rotated = await sharp(image).rotate(degrees, { background: LIGHT }).toBuffer();
  const meta = await sharp(rotated).metadata();
  return sharp(rotated).extract({ left: Math.round((meta.width! - WIDTH) / 2), top: Math.round((meta.height! - HEIGHT) / 2), width: WIDTH, height: HEIGHT }).jpeg({ quality: 90 }).toBuffer();
};

/** Writes the set into `dir` and answers its manifest. Needs python3-skimage's images (see SKIMAGE_DATA). */
export async function buildLabelledSet(dir: string): Promise<LabelledSet> {
  if (!existsSync(SKIMAGE_DATA)) throw new Error(`the labelled set needs Debian's python3-skimage images in ${SKIMAGE_DATA} (apt-get install python3-skimage)`);
  await mkdir(dir, { recursive: true });
  const heads: HeadCase[] = [];
  const cards: CardCase[] = [];
  const pairs: PairCase[] = [];
  const save = async (name: string, image: Buffer | Promise<Buffer>) => {
    const file = path.join(dir, `${name}.jpg`);
    await writeFile(file, await image);
    return file;
  };
  const add = async (name: string, transform: string, image: Buffer | Promise<Buffer>, fails: CheckCode[], mayFail?: CheckCode[]) => {
    heads.push({ name, transform, file: await save(name, image), fails, ...(mayFail ? { mayFail } : {}) });
  };

  const people = Object.entries(PEOPLE);
  for (const [id, face] of people) {
    const ok = await portrait([face]);
    await add(`${id}-ok`, 'one head on a plain light background, 480×640', ok, []);
    await add(`${id}-tilted`, 'the compliant photo turned 16°', rotate(ok, 16), ['HEAD_TILTED'], ['FACE_POSITION']);
    await add(`${id}-dark`, 'the compliant photo at 35 % brightness', sharp(ok).linear(0.35, 0).jpeg({ quality: 90 }).toBuffer(), ['TOO_DARK'], ['BACKGROUND', 'BLURRED']);
    await add(`${id}-bright`, 'the compliant photo at 150 % brightness plus 50', sharp(ok).linear(1.5, 50).jpeg({ quality: 90 }).toBuffer(), ['TOO_BRIGHT'], ['BLURRED']);
    await add(`${id}-blurred`, 'the compliant photo blurred (Gaussian, sigma 2.5)', sharp(ok).blur(2.5).jpeg({ quality: 90 }).toBuffer(), ['BLURRED']);
    await add(`${id}-small`, 'the head at 12 % of the height', portrait([face], { faceShare: 0.12 }), ['FACE_SIZE'], ['BLURRED']);
    await add(`${id}-off-centre`, 'the head at 22 % of the width', portrait([face], { centreX: 0.22 }), ['FACE_POSITION'], ['BACKGROUND']);
    await add(`${id}-wrong-size`, 'the compliant photo scaled to 240×320', sharp(ok).resize(240, 320).jpeg({ quality: 90 }).toBuffer(), ['DIMENSIONS'], ['BLURRED']);
    const pattern = ['grass.png', 'brick.png', 'coffee.png', 'page.png'][people.findIndex(([p]) => p === id) % 4];
    await add(`${id}-busy-background`, `the head on ${pattern}`, portrait([face], { background: { input: skimage(pattern) } }), ['BACKGROUND'], ['TOO_DARK', 'TOO_BRIGHT']);
    await add(`${id}-dark-background`, 'the head on dark grey', portrait([face], { background: { r: 55, g: 58, b: 62 } }), ['BACKGROUND']);
    await add(`${id}-sunglasses`, 'dark lenses drawn over the eyes', portrait([face], { sunglasses: true }), ['EYES_NOT_VISIBLE']);
  }
  for (const [i, [id, face]] of people.entries()) {
    const [, other] = people[(i + 1) % people.length];
    await add(`${id}-two-faces`, 'two heads side by side', portrait([face, other], { faceShare: 0.26 }), ['FACE_COUNT']);
    await add(`${id}-face-behind`, 'another head, at 14 % of the height, behind the shoulder', portrait([face], { behind: { face: other, faceShare: 0.14, centreX: 0.86, centreY: 0.5 } }), ['FACE_COUNT']);
  }
  for (const [id, face] of Object.entries(TILTED_PEOPLE)) {
    await add(`${id}-tilted-in-photo`, `a head tilted ${Math.abs(face.roll)}° in its own photo`, portrait([face]), ['HEAD_TILTED'], ['HEAD_TURNED', 'EYES_NOT_VISIBLE', 'FACE_POSITION', 'FACE_SIZE']);
  }
  for (const [id, face] of Object.entries(TURNED_PEOPLE)) {
    await add(`${id}-turned-in-photo`, 'a head turned to one side in its own photo', portrait([face]), ['HEAD_TURNED'], ['BACKGROUND', 'BLURRED']);
  }
  await add('no-face-plain', 'a plain light background', sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: LIGHT } }).jpeg().toBuffer(), ['FACE_COUNT']);
  await add('no-face-cat', "skimage's chelsea.png (a cat) at 480×640", sharp(skimage('chelsea.png')).resize(WIDTH, HEIGHT, { fit: 'cover' }).jpeg().toBuffer(), ['FACE_COUNT']);
  await add('no-face-coffee', "skimage's coffee.png at 480×640", sharp(skimage('coffee.png')).resize(WIDTH, HEIGHT, { fit: 'cover' }).jpeg().toBuffer(), ['FACE_COUNT']);

  for (const [id, face] of people) {
    cards.push({ name: `${id}-card`, transform: 'an ID card front with the head printed right, greyer and softer', file: await save(`${id}-card`, idCard(face)), face: true });
  }
  cards.push({ name: 'blank-card', transform: 'an ID card front without a portrait', file: await save('blank-card', idCard(null)), face: false });
  for (const [i, [id]] of people.entries()) {
    const photo = heads.find((h) => h.name === `${id}-ok`)!.file;
    pairs.push({ card: cards.find((c) => c.name === `${id}-card`)!.file, photo, samePerson: true });
    const [other] = people[(i + 2) % people.length];
    pairs.push({ card: cards.find((c) => c.name === `${other}-card`)!.file, photo, samePerson: false });
  }
  return { dir, heads, cards, pairs };
}
