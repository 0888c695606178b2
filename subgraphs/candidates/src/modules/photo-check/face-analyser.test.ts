/**
 * The analyser on the labelled set (face images from npm and Debian packages, transformed): each labelled case gets
 * its named check with its message, and the ID card comparison matches the same person only. Real models in real
 * worker threads; about 20 s of CPU on this machine.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '@zsb/platform';
import { loadRuleSet, type PhotoRules } from '@zsb/rules';
import { createPhotoAnalyser, type FacePhotoAnalyser } from './face-analyser.ts';
import { buildLabelledSet, type LabelledSet } from './labelled-set.ts';
import type { HeadPhotoAnalysis } from './photo-analyser.ts';

const root = path.resolve(import.meta.dirname, '../../../../..');
const shandong = loadRuleSet(path.join(root, 'rules/provinces/CN-SD/2023')).materials.photo;

let dir: string;
let set: LabelledSet;
let analyser: FacePhotoAnalyser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'photo-set-'));
  analyser = createPhotoAnalyser({ threads: 2 });
  [set] = await Promise.all([buildLabelledSet(dir), analyser.warmUp()]);
}, 120_000);

afterAll(async () => {
  await analyser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const image = (name: string) => readFile(set.heads.find((h) => h.name === name)?.file ?? set.cards.find((c) => c.name === name)!.file);
const head = async (name: string, rules: PhotoRules = shandong) => analyser.analyseHeadPhoto(await image(name), rules);
const failed = (analysis: HeadPhotoAnalysis) => analysis.checks.filter((c) => !c.passed);
const checkOf = (analysis: HeadPhotoAnalysis, code: string) => analysis.checks.find((c) => c.code === code);

describe('head photo checks', { timeout: 60_000 }, () => {
  it('a compliant photo passes every check and carries its face descriptor', async () => {
    for (const name of ['A-ok', 'G-ok']) {
      const analysis = await head(name);
      expect(failed(analysis), name).toEqual([]);
      expect(analysis.passed).toBe(true);
      expect(analysis.descriptor).toHaveLength(128);
      expect(analysis.checks.map((c) => c.code)).toEqual(['DIMENSIONS', 'FACE_COUNT', 'FACE_SIZE', 'FACE_POSITION', 'HEAD_TILTED', 'HEAD_TURNED', 'EYES_NOT_VISIBLE', 'BACKGROUND', 'BLURRED', 'TOO_DARK', 'TOO_BRIGHT']);
      expect(analysis).toMatchObject({ width: 480, height: 640 });
    }
  });

  it('two faces and no face are refused by count, with no descriptor', async () => {
    const two = await head('B-two-faces');
    expect(failed(two)).toEqual([expect.objectContaining({ code: 'FACE_COUNT', message: '检测到 2 张人脸，请单人拍摄。', measured: 2 })]);
    expect(two.descriptor).toBeNull();
    // A smaller face behind the shoulder: the one the tiny detector at a lower input size did not see.
    expect(failed(await head('D-face-behind'))).toEqual([expect.objectContaining({ code: 'FACE_COUNT', message: '检测到 2 张人脸，请单人拍摄。' })]);
    for (const name of ['no-face-plain', 'no-face-coffee']) {
      const none = await head(name);
      expect(failed(none), name).toEqual([expect.objectContaining({ code: 'FACE_COUNT', message: '未检测到人脸，请正对镜头、露出面部后重新拍摄。' })]);
      expect(none.passed).toBe(false);
    }
  });

  it('a tilted head is named with its angle, whether turned by the set or tilted in the photo itself', async () => {
    const turned = await head('C-tilted');
    expect(failed(turned).map((c) => c.code)).toContain('HEAD_TILTED');
    expect(checkOf(turned, 'HEAD_TILTED')!.message).toMatch(/^头部倾斜约 1\d°，请保持头部端正。$/);
    const own = await head('T1-tilted-in-photo');
    expect(checkOf(own, 'HEAD_TILTED')).toMatchObject({ passed: false, limit: 8 });
    expect(checkOf(own, 'HEAD_TILTED')!.measured).toBeGreaterThan(20);
    expect(checkOf(await head('U1-turned-in-photo'), 'HEAD_TURNED')).toMatchObject({ passed: false, message: '头部偏向一侧，请正面朝向镜头。' });
  });

  it('eyes behind dark glasses are named, though the landmarks alone draw open eyes there', async () => {
    for (const name of ['B-sunglasses', 'G-sunglasses']) {
      const analysis = await head(name);
      expect(failed(analysis), name).toEqual([expect.objectContaining({ code: 'EYES_NOT_VISIBLE', message: '未能看清双眼，请睁开双眼平视镜头，不要遮挡眼睛或佩戴有色眼镜。', limit: 0.45 })]);
    }
  });

  it('a dark, an overexposed and a blurred photo are each named', async () => {
    const dark = await head('D-dark');
    expect(checkOf(dark, 'TOO_DARK')).toMatchObject({ passed: false, message: '光线过暗，面部看不清，请在光线充足、均匀的地方拍摄。' });
    expect(checkOf(dark, 'TOO_BRIGHT')!.passed).toBe(true);
    expect(checkOf(await head('B-bright'), 'TOO_BRIGHT')).toMatchObject({ passed: false, message: '光线过亮或曝光过度，请避免强光直射面部。' });
    const blurred = await head('F-blurred');
    expect(failed(blurred)).toEqual([expect.objectContaining({ code: 'BLURRED', message: '照片模糊，请对焦并保持手机稳定后重新拍摄。' })]);
  });

  it('a busy or dark background, a small or off-centre face and the wrong pixel size are each named', async () => {
    // A printed page behind the head is light but not plain; grass, brick and coffee are mid-grey as well as busy.
    expect(failed(await head('D-busy-background'))).toEqual([expect.objectContaining({ code: 'BACKGROUND', message: '背景不是纯色，请在无杂物的纯色浅色背景前拍摄。' })]);
    for (const name of ['A-busy-background', 'B-busy-background', 'C-busy-background']) {
      expect(failed(await head(name)), name).toEqual([expect.objectContaining({ code: 'BACKGROUND', message: expect.stringMatching(/^背景(不是浅色纯色|颜色过深|不是纯色)，/) })]);
    }
    expect(failed(await head('E-dark-background'))).toEqual([expect.objectContaining({ code: 'BACKGROUND', message: '背景颜色过深，请在白色或浅色背景前拍摄。' })]);
    expect(failed(await head('D-small'))).toEqual([expect.objectContaining({ code: 'FACE_SIZE', message: expect.stringMatching(/^人脸过小（约占照片高度的 \d+%），请靠近镜头。$/) })]);
    expect(failed(await head('B-off-centre'))).toEqual([expect.objectContaining({ code: 'FACE_POSITION', message: '人脸不在照片中间，请左右居中拍摄。' })]);
    expect(failed(await head('G-wrong-size'))).toEqual([
      expect.objectContaining({ code: 'DIMENSIONS', message: '照片尺寸应为 295×413 至 1200×1600 像素、宽高比约 3:4，当前为 240×320。' }),
    ]);
  });

  it('thresholds come from the rules: a laxer tilt limit lets the turned photo pass that check', async () => {
    const lax = { ...shandong, checks: { ...shandong.checks!, maxRollDegrees: 30 } };
    expect(checkOf(await head('C-tilted', lax), 'HEAD_TILTED')).toMatchObject({ passed: true, limit: 30 });
  });
});

describe('ID card front and comparison', { timeout: 60_000 }, () => {
  it('finds the small face on a card, and refuses a card without one', async () => {
    const card = await analyser.analyseIdCardFront(await image('A-card'), shandong);
    expect(card).toMatchObject({ found: true, checks: [{ code: 'ID_CARD_FACE', passed: true }] });
    expect(card.descriptor).toHaveLength(128);
    const blank = await analyser.analyseIdCardFront(await image('blank-card'), shandong);
    expect(blank).toMatchObject({ found: false, descriptor: null, checks: [{ code: 'ID_CARD_FACE', passed: false }] });
    expect(blank.checks[0].message).toBe('未能在身份证正面照片中识别到人像，请拍摄清晰、完整、无反光的身份证正面。');
  });

  it('the same person on the card and in the photo matches; another person is flagged', async () => {
    const photo = (await head('A-ok')).descriptor!;
    const same = (await analyser.analyseIdCardFront(await image('A-card'), shandong)).descriptor!;
    const other = (await analyser.analyseIdCardFront(await image('C-card'), shandong)).descriptor!;
    const matched = analyser.compare(same, photo, shandong);
    expect(matched).toMatchObject({ matched: true, threshold: 0.5 });
    expect(matched.distance).toBeLessThan(0.35);
    const differs = analyser.compare(other, photo, shandong);
    expect(differs).toMatchObject({ matched: false, threshold: 0.5 });
    expect(differs.distance).toBeGreaterThan(0.5);
  });

  it('refuses descriptors that are not two equal lists of finite numbers', () => {
    const ok = Array.from({ length: 128 }, () => 0.1);
    expect(() => analyser.compare(ok, ok.slice(1), shandong)).toThrow(RangeError);
    expect(() => analyser.compare(ok, [...ok.slice(1), Number.NaN], shandong)).toThrow(RangeError);
    expect(() => analyser.compare([], [], shandong)).toThrow(RangeError);
  });
});

describe('hostile input', { timeout: 60_000 }, () => {
  it('bytes that are no image, a truncated JPEG and an empty buffer are refused as unreadable, and the pool goes on working', async () => {
    const jpeg = await image('A-ok');
    for (const bytes of [new TextEncoder().encode('not an image at all'), jpeg.subarray(0, 400), new Uint8Array(0)]) {
      const error = await analyser.analyseHeadPhoto(bytes, shandong).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Refusal);
      expect((error as Refusal).error).toMatchObject({ code: 'PHOTO_UNREADABLE' });
    }
    expect((await analyser.analyseHeadPhoto(jpeg, shandong)).passed).toBe(true);
  });

  it('a picture over the pixel limit is refused before it is decoded', async () => {
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#eeeeee' } }).png({ compressionLevel: 9 }).toBuffer();
    const error = await analyser.analyseHeadPhoto(huge, shandong).catch((e: unknown) => e);
    expect((error as Refusal).error).toMatchObject({ code: 'PHOTO_UNREADABLE' });
  });

  it('grey, transparent and 16-bit pictures are read as colour pictures of the same face', async () => {
    const jpeg = await image('A-ok');
    const variants = [
      await sharp(jpeg).greyscale().png().toBuffer(),
      await sharp(jpeg).ensureAlpha(0.5).png().toBuffer(),
      await sharp(jpeg).toColourspace('rgb16').png().toBuffer(),
    ];
    for (const bytes of variants) {
      const analysis = await analyser.analyseHeadPhoto(bytes, shandong);
      expect(checkOf(analysis, 'FACE_COUNT')!.passed).toBe(true);
      expect(analysis.descriptor).toHaveLength(128);
    }
  });

  it('a photo section without thresholds (a manual check) is not analysed', async () => {
    const manual = { kind: 'UPLOAD', compliance: 'MANUAL', requirements: ['近期正面免冠彩色证件照'] } as PhotoRules;
    await expect(analyser.analyseHeadPhoto(await image('A-ok'), manual)).rejects.toThrow(RangeError);
    expect(() => analyser.compare([0], [0], manual)).toThrow(RangeError);
  });

  it('photos sent at once are all answered, each with its own result', async () => {
    const names = ['A-ok', 'B-two-faces', 'no-face-plain', 'D-dark', 'C-tilted', 'G-ok'];
    const results = await Promise.all(names.map((n) => head(n)));
    expect(results.map((r) => r.passed)).toEqual([true, false, false, false, false, true]);
  });
});
