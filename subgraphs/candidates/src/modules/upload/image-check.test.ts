import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Refusal } from '@zsb/platform';
import { animatedPng, decompressionBombPng, jpegZipPolyglot, photoJpeg, photoPng, renamedPdf, zipArchive } from '../../../../../test/support/images.ts';
import { checkImage, imageEnd, type ImageLimits } from './image-check.ts';

const limits: ImageLimits = { formats: ['jpg', 'png'], maxBytes: 10 * 1048576, maxPixels: 40_000_000, label: '学生证（内容页）' };

async function refusal(data: Buffer, given: Partial<ImageLimits> = {}): Promise<{ code: string; message: string }> {
  try {
    await checkImage(data, { ...limits, ...given });
  } catch (error) {
    if (error instanceof Refusal) return error.error;
    throw error;
  }
  throw new Error('accepted');
}

describe('uploaded images are checked by their content', () => {
  it('re-encodes a camera JPEG and strips its EXIF, GPS position included', async () => {
    const original = await photoJpeg();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const checked = await checkImage(original, limits);
    expect(checked).toMatchObject({ format: 'jpg', contentType: 'image/jpeg', width: 640, height: 480 });
    const metadata = await sharp(checked.data).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(checked.data.includes(Buffer.from('TestCam'))).toBe(false);
  });

  it('keeps a PNG a PNG', async () => {
    expect((await checkImage(await photoPng(), limits)).format).toBe('png');
  });

  it('refuses a PDF renamed to .jpg, naming what the file really is not', async () => {
    expect(await refusal(renamedPdf)).toMatchObject({ code: 'FILE_NOT_IMAGE', message: expect.stringContaining('不是图片文件') });
  });

  it('refuses a PNG where the rules allow only JPG, saying what it is', async () => {
    expect(await refusal(await photoPng(), { formats: ['jpg'] })).toMatchObject({ code: 'FILE_FORMAT_NOT_ALLOWED', message: expect.stringContaining('实际为PNG格式') });
  });

  it('refuses a GIF and a WebP however they are named', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).gif().toBuffer();
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).webp().toBuffer();
    expect((await refusal(gif)).code).toBe('FILE_FORMAT_NOT_ALLOWED');
    expect((await refusal(webp)).code).toBe('FILE_FORMAT_NOT_ALLOWED');
  });

  it('refuses a file over the limit before reading it', async () => {
    expect(await refusal(await photoJpeg(), { maxBytes: 1000 })).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('不能超过') });
  });

  it('refuses a decompression bomb from its header in milliseconds', async () => {
    const bomb = decompressionBombPng();
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    expect(await refusal(bomb)).toMatchObject({ code: 'IMAGE_TOO_MANY_PIXELS', message: expect.stringContaining('50000×50000') });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses an animated PNG and an animated GIF as animations', async () => {
    expect((await refusal(await animatedPng())).code).toBe('IMAGE_ANIMATED');
    const frames = await sharp({ create: { width: 8, height: 16, channels: 3, background: '#fff' } }).gif().toBuffer();
    const animatedGif = await sharp(frames, { pages: -1 }).gif({ loop: 0 }).toBuffer();
    const pages = (await sharp(animatedGif).metadata()).pages ?? 1;
    if (pages > 1) expect((await refusal(animatedGif)).code).toBe('IMAGE_ANIMATED');
  });

  it('refuses a JPEG with a ZIP archive appended (a polyglot), and a PNG with a script appended', async () => {
    expect(await refusal(await jpegZipPolyglot())).toMatchObject({ code: 'FILE_HIDDEN_CONTENT', message: expect.stringContaining('zip') });
    expect((await refusal(Buffer.concat([await photoPng(), Buffer.from('<script>alert(1)</script>')]))).code).toBe('FILE_HIDDEN_CONTENT');
    expect((await refusal(Buffer.concat([await photoJpeg(), Buffer.from('<?php system($_GET["c"]); ?>')]))).code).toBe('FILE_HIDDEN_CONTENT');
  });

  it('drops harmless trailing bytes (a camera maker’s trailer) by re-encoding instead of refusing', async () => {
    const original = Buffer.concat([await photoJpeg(), Buffer.from('SEFHxxxxSEFT trailer written by a phone')]);
    const checked = await checkImage(original, limits);
    expect(checked.data.includes(Buffer.from('SEFT'))).toBe(false);
  });

  it('refuses a truncated JPEG, a ZIP and an empty file', async () => {
    const jpeg = await photoJpeg();
    expect((await refusal(jpeg.subarray(0, jpeg.length - 2000))).code).toBe('IMAGE_CORRUPT');
    expect((await refusal(zipArchive())).code).toBe('FILE_NOT_IMAGE');
    expect((await refusal(Buffer.alloc(0))).code).toBe('FILE_EMPTY');
  });

  it('finds where a JPEG and a PNG end', async () => {
    const jpeg = await photoJpeg();
    expect(imageEnd(jpeg, 'jpg')).toBe(jpeg.length);
    const png = await photoPng();
    expect(imageEnd(png, 'png')).toBe(png.length);
    expect(imageEnd(Buffer.concat([png, Buffer.from('tail')]), 'png')).toBe(png.length);
  });
});
