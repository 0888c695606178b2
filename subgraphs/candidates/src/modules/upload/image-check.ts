import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { Refusal } from '@zsb/platform';

/**
 * The content checks every uploaded image passes before anything is stored: what the bytes are (never the name or the
 * declared type), whether the rules allow it, its pixel count read from the header before any decoding, one frame
 * only, nothing hidden after the image's end, and then decoded and re-encoded with sharp (libvips), which drops every
 * metadata block (EXIF with its GPS position, XMP, comments, ICC) and anything outside the picture. Only the
 * re-encoded bytes are kept and ever served; the original bytes are deleted.
 */

/** Formats the platform can take as images, as the rules name them. */
export type ImageFormat = 'jpg' | 'png';

export interface CheckedImage {
  format: ImageFormat;
  contentType: string;
  /** The re-encoded image: the only bytes stored. */
  data: Buffer;
  width: number;
  height: number;
}

export interface ImageLimits {
  /** Formats the rules allow, e.g. `['jpg', 'png']`. */
  formats: readonly string[];
  maxBytes: number;
  /** Most pixels decoded (width × height from the header). */
  maxPixels: number;
  /** What the file is, in the candidate's words (`学生证（内容页）`). */
  label: string;
}

const SHARP_FORMATS: Record<string, ImageFormat> = { jpeg: 'jpg', png: 'png' };
const NAMES: Record<string, string> = { jpg: 'JPG', png: 'PNG', pdf: 'PDF' };

/**
 * Signatures of what must never ride along after an image (a polyglot): archives, executables, documents and
 * scripts. Other trailing bytes (a phone's motion-photo video, a camera maker's trailer) are dropped by re-encoding.
 */
const HIDDEN_FILES: { name: string; signatures: Buffer[] }[] = [
  { name: 'zip', signatures: [Buffer.from('504b0304', 'hex'), Buffer.from('504b0506', 'hex')] },
  { name: 'rar', signatures: [Buffer.from('526172211a07', 'hex')] },
  { name: '7z', signatures: [Buffer.from('377abcaf271c', 'hex')] },
  { name: 'gzip', signatures: [Buffer.from('1f8b08', 'hex')] },
  { name: 'pdf', signatures: [Buffer.from('%PDF-')] },
  { name: 'executable', signatures: [Buffer.from('7f454c46', 'hex')] },
];
const HIDDEN_SCRIPT = /<\s*(script|html|svg|iframe|body|\?php|\?xml)\b|#!\s*\/|javascript:/i;
/** Where hidden content shows itself: right after the image (an appended file) and at the very end (a ZIP's directory). */
const SCANNED_BYTES = 4096;

const megabytes = (bytes: number) => `${Math.round((bytes / 1048576) * 10) / 10} MB`;

/** Where the image proper ends (after JPEG's EOI or PNG's IEND chunk), or undefined when its structure is broken. */
export function imageEnd(data: Buffer, format: ImageFormat): number | undefined {
  return format === 'png' ? pngEnd(data) : jpegEnd(data);
}

function pngEnd(data: Buffer): number | undefined {
  let offset = 8;
  while (offset + 12 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const next = offset + 12 + length;
    if (next > data.length) return undefined;
    if (type === 'IEND') return next;
    offset = next;
  }
  return undefined;
}

/** Walks the JPEG's segments and entropy-coded data to its end-of-image marker. */
function jpegEnd(data: Buffer): number | undefined {
  if (data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 1 < data.length) {
    if (data[offset] !== 0xff) return undefined;
    let marker = data[offset + 1];
    while (marker === 0xff && offset + 2 < data.length) marker = data[++offset + 1]; // fill bytes
    if (marker === 0xd9) return offset + 2;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    if (offset + 3 >= data.length) return undefined;
    const length = data.readUInt16BE(offset + 2);
    offset += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is neither a stuffed zero nor a restart.
      while (offset + 1 < data.length) {
        if (data[offset] === 0xff) {
          const next = data[offset + 1];
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        offset++;
      }
    }
  }
  return undefined;
}

/** An animated PNG declares its frames in an `acTL` chunk before the image data. */
function isAnimatedPng(data: Buffer): boolean {
  let offset = 8;
  while (offset + 12 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (type === 'acTL') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    offset += 12 + length;
  }
  return false;
}

/**
 * Checks an uploaded file and answers its re-encoded image, or refuses it with a specific code and message. Fast
 * refusals come first: size, then format and pixel count from the header (no decoding), frames, hidden content; only
 * a file that passes them is decoded.
 */
export async function checkImage(data: Buffer, limits: ImageLimits): Promise<CheckedImage> {
  const allowed = limits.formats.map((f) => NAMES[f] ?? f.toUpperCase()).join('或');
  if (data.length === 0) throw new Refusal('FILE_EMPTY', `“${limits.label}”是空文件，请重新选择。`);
  if (data.length > limits.maxBytes) throw new Refusal('FILE_TOO_LARGE', `“${limits.label}”不能超过${megabytes(limits.maxBytes)}，所选文件为${megabytes(data.length)}。`);
  let metadata: Metadata;
  try {
    // Reads the header only: no pixel is decoded here.
    metadata = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    throw new Refusal('FILE_NOT_IMAGE', `“${limits.label}”不是图片文件（文件内容无法识别为${allowed}图片），请上传${allowed}格式的照片或扫描件。`);
  }
  // An animation is named as such, whatever its format: the candidate needs to know to send a still picture.
  if ((metadata.pages ?? 1) > 1 || (metadata.format === 'png' && isAnimatedPng(data))) {
    throw new Refusal('IMAGE_ANIMATED', `“${limits.label}”是动图或多帧图片，请上传单张静态照片。`);
  }
  const format = SHARP_FORMATS[metadata.format ?? ''];
  if (!format || !limits.formats.includes(format)) {
    const actual = metadata.format ? metadata.format.toUpperCase().replace('JPEG', 'JPG') : '未知';
    throw new Refusal('FILE_FORMAT_NOT_ALLOWED', `“${limits.label}”须为${allowed}格式，所选文件实际为${actual}格式（按文件内容识别，与文件名无关）。`);
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (!width || !height) throw new Refusal('IMAGE_CORRUPT', `“${limits.label}”已损坏，无法读取，请重新拍摄或扫描后上传。`);
  if (width * height > limits.maxPixels) {
    throw new Refusal('IMAGE_TOO_MANY_PIXELS', `“${limits.label}”像素过多（${width}×${height}），超过${Math.round(limits.maxPixels / 1e6)}百万像素的上限，请缩小后上传。`);
  }
  const end = imageEnd(data, format);
  if (end === undefined) throw new Refusal('IMAGE_CORRUPT', `“${limits.label}”已损坏或不完整，请重新拍摄或扫描后上传。`);
  if (end < data.length) {
    const trailing = data.subarray(end);
    const edges = [trailing.subarray(0, SCANNED_BYTES), trailing.subarray(Math.max(SCANNED_BYTES, trailing.length - SCANNED_BYTES))];
    const hidden =
      HIDDEN_FILES.find((h) => edges.some((edge) => h.signatures.some((signature) => edge.includes(signature)))) ??
      (edges.some((edge) => HIDDEN_SCRIPT.test(edge.toString('latin1'))) || trailing.subarray(0, 2).toString('latin1') === 'MZ' ? { name: trailing.subarray(0, 2).toString('latin1') === 'MZ' ? 'executable' : 'script' } : undefined);
    if (hidden) throw new Refusal('FILE_HIDDEN_CONTENT', `“${limits.label}”在图片之后还夹带了其他内容（${hidden.name}），请上传相机或扫描仪直接生成的原始图片。`);
  }
  // Anything inside the image's own blocks (a comment or an EXIF field holding a script) goes with the metadata.
  let encoded: { data: Buffer; info: OutputInfo };
  try {
    // Decoded once, turned upright as the camera said, re-encoded without any metadata (sharp keeps none unless asked).
    const pipeline = sharp(data, { limitInputPixels: limits.maxPixels, failOn: 'truncated', pages: 1 }).rotate();
    encoded = await (format === 'png' ? pipeline.png({ compressionLevel: 9 }) : pipeline.jpeg({ quality: 90, chromaSubsampling: '4:2:0' })).toBuffer({ resolveWithObject: true });
  } catch {
    throw new Refusal('IMAGE_CORRUPT', `“${limits.label}”已损坏或不完整，请重新拍摄或扫描后上传。`);
  }
  if (encoded.data.length > limits.maxBytes) {
    throw new Refusal('FILE_TOO_LARGE', `“${limits.label}”处理后仍超过${megabytes(limits.maxBytes)}，请缩小后上传。`);
  }
  return { format, contentType: format === 'png' ? 'image/png' : 'image/jpeg', data: encoded.data, width: encoded.info.width, height: encoded.info.height };
}
