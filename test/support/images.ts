import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Test images made on the spot with sharp, and files that only pretend to be images. */

/** A photo-like JPEG (a gradient with noise, so it compresses like a photo), with EXIF carrying a GPS position. */
export async function photoJpeg(width = 640, height = 480): Promise<Buffer> {
  const channels = 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x * y) % 97) * 2;
    }
  }
  return sharp(pixels, { raw: { width, height, channels } })
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Make: 'TestCam', Model: 'GPS-1', ImageDescription: 'shot at home' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 49/1 0/1' } })
    .toBuffer();
}

export async function photoPng(width = 320, height = 240): Promise<Buffer> {
  return sharp(await photoJpeg(width, height)).png().toBuffer();
}

/** A PNG chunk: length, type, data, CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A decompression bomb: a valid PNG of 50,000 × 50,000 grey pixels (2.5 gigapixels, 2.5 GB decoded) whose first
 * rows are a highly compressible stream of zeros: a few kilobytes on the wire.
 */
export function decompressionBombPng(side = 50_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = deflateSync(Buffer.alloc((side + 1) * 200), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

/** An animated PNG (APNG) of two frames: a PNG with an animation control chunk and a second frame. */
export async function animatedPng(): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366cc' } }).png().toBuffer();
  const second = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#cc3366' } }).png().toBuffer();
  const chunks = (file: Buffer) => {
    const list: { type: string; data: Buffer }[] = [];
    for (let o = 8; o < file.length; ) {
      const length = file.readUInt32BE(o);
      list.push({ type: file.toString('latin1', o + 4, o + 8), data: file.subarray(o + 8, o + 8 + length) });
      o += 12 + length;
    }
    return list;
  };
  const first = chunks(png);
  const frameControl = (sequence: number) => {
    const data = Buffer.alloc(26);
    data.writeUInt32BE(sequence, 0);
    data.writeUInt32BE(64, 4);
    data.writeUInt32BE(64, 8);
    data.writeUInt16BE(1, 20);
    data.writeUInt16BE(2, 22);
    return data;
  };
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(2, 0);
  const parts: Buffer[] = [png.subarray(0, 8)];
  for (const c of first) {
    if (c.type === 'IDAT') {
      parts.push(chunk('acTL', actl), chunk('fcTL', frameControl(0)), chunk('IDAT', c.data));
      const secondData = chunks(second).find((s) => s.type === 'IDAT')!.data;
      const seq = Buffer.alloc(4);
      seq.writeUInt32BE(2);
      parts.push(chunk('fcTL', frameControl(1)), chunk('fdAT', Buffer.concat([seq, secondData])));
    } else parts.push(chunk(c.type, c.data));
  }
  return Buffer.concat(parts);
}

/** A minimal ZIP archive holding one text file (stored, not compressed). */
export function zipArchive(name = 'payload.sh', text = '#!/bin/sh\necho owned\n'): Buffer {
  const content = Buffer.from(text);
  const fileName = Buffer.from(name);
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, content, central, fileName, end]);
}

/** A JPEG with a ZIP archive appended: opens as a picture and as an archive (a polyglot). */
export async function jpegZipPolyglot(): Promise<Buffer> {
  return Buffer.concat([await photoJpeg(320, 240), zipArchive()]);
}

/** A PDF renamed `.jpg`: what a renamed non-image looks like. */
export const renamedPdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
