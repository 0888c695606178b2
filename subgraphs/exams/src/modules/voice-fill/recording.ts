/**
 * What a recording is, read from its bytes on the server: its format (from the content, never from the name or
 * the type the client declared) and its duration, so the province's limit (form.json `voiceFill`) is checked
 * against the file itself. music-metadata reads the containers; AMR, which it does not know, and WebM, which
 * browsers' MediaRecorder writes without a duration (and with clusters music-metadata cannot follow), are measured
 * here by walking their frames; a WAV's header is checked against its size.
 */
import { parseBuffer } from 'music-metadata';
import { Refusal } from '@zsb/platform';
import type { RecordingFormat, VoiceFillRules } from '@zsb/rules';

export interface RecordingInfo {
  format: RecordingFormat;
  /** The MIME type of the content, for the speech recogniser. */
  mimeType: string;
  /** As music-metadata names them: M4A/isom, ADTS/MPEG-4, EBML/webm, Ogg; AMR for AMR. */
  container: string;
  codec?: string;
  durationSeconds: number;
  bytes: number;
}

const MIME: Record<RecordingFormat, string> = {
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  amr: 'audio/amr',
  webm: 'audio/webm',
  ogg: 'audio/ogg',
};

/** What music-metadata needs told to pick its parser (ADTS is read by its MPEG parser). */
const PARSER_MIME: Record<Exclude<RecordingFormat, 'amr'>, string> = {
  m4a: 'audio/mp4',
  aac: 'audio/mpeg',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  webm: 'audio/webm',
  ogg: 'audio/ogg',
};

const FORMAT_NAMES: Record<RecordingFormat, string> = { m4a: 'M4A', aac: 'AAC', mp3: 'MP3', wav: 'WAV', amr: 'AMR', webm: 'WebM', ogg: 'OGG' };

/** The recording's format by its first bytes, or undefined for anything else. */
export function detectRecordingFormat(audio: Uint8Array): RecordingFormat | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...audio.subarray(from, to));
  if (audio.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (audio.length >= 12 && ascii(4, 8) === 'ftyp') return 'm4a';
  if (audio.length >= 4 && audio[0] === 0x1a && audio[1] === 0x45 && audio[2] === 0xdf && audio[3] === 0xa3) return 'webm';
  if (audio.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (audio.length >= 6 && ascii(0, 5) === '#!AMR') return 'amr';
  if (audio.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  if (audio.length >= 2 && audio[0] === 0xff && (audio[1] & 0xe0) === 0xe0) {
    // Frame sync: layer bits 00 are ADTS (AAC), anything else MPEG audio.
    return (audio[1] & 0x06) === 0 ? 'aac' : 'mp3';
  }
  return undefined;
}

/**
 * Reads the recording's format and duration. Refuses (with a code from docs/errors.md) an empty file, an
 * unknown format, and one whose duration cannot be read.
 */
export async function inspectRecording(audio: Uint8Array): Promise<RecordingInfo> {
  if (audio.length === 0) throw new Refusal('RECORDING_EMPTY', '录音文件是空的，请重新录音', 'recording');
  const format = detectRecordingFormat(audio);
  if (!format) throw new Refusal('RECORDING_FORMAT_NOT_ALLOWED', '无法识别录音的格式，请使用手机或浏览器自带的录音重新录制', 'recording');
  const unreadable = () => new Refusal('RECORDING_UNREADABLE', '录音文件已损坏或无法读出时长，请重新录音', 'recording');
  if (format === 'amr') {
    const duration = amrDuration(audio);
    if (duration === undefined) throw unreadable();
    return { format, mimeType: MIME.amr, container: 'AMR', codec: audio[5] === 0x2d ? 'AMR-WB' : 'AMR-NB', durationSeconds: duration, bytes: audio.length };
  }
  let metadata;
  try {
    metadata = await parseBuffer(audio, { mimeType: PARSER_MIME[format], size: audio.length }, { duration: true, skipCovers: true });
  } catch {
    // music-metadata cannot follow clusters of unknown size (Chrome's MediaRecorder); the block walk below can.
    if (format !== 'webm') throw unreadable();
  }
  const { container = 'EBML/webm', codec, hasAudio } = metadata?.format ?? {};
  let duration = metadata?.format.duration;
  // A container's stated duration is checked against what it holds, where that is cheap to count.
  if (format === 'webm') duration = Math.max(duration ?? 0, matroskaDuration(audio) ?? 0) || undefined;
  if (format === 'wav' && duration !== undefined) duration = Math.max(duration, wavBytesDuration(audio, metadata!.format) ?? 0);
  if (hasAudio === false || duration === undefined || !Number.isFinite(duration) || duration <= 0) throw unreadable();
  return { format, mimeType: MIME[format], container, codec, durationSeconds: duration, bytes: audio.length };
}

/**
 * Checks a recording against the province's voice-fill rules before anything is done with it: size first (before
 * it is read), then format and duration as read from the file.
 */
export async function checkRecording(audio: Uint8Array, rules: VoiceFillRules): Promise<RecordingInfo> {
  if (audio.length > rules.maxBytes) {
    throw new Refusal('RECORDING_TOO_LARGE', `录音文件超过${formatMegabytes(rules.maxBytes)}，请缩短录音后重试`, 'recording');
  }
  const info = await inspectRecording(audio);
  if (!rules.formats.includes(info.format)) {
    throw new Refusal('RECORDING_FORMAT_NOT_ALLOWED', `不支持${FORMAT_NAMES[info.format]}格式的录音，请使用${rules.formats.map((f) => FORMAT_NAMES[f]).join('、')}格式`, 'recording');
  }
  if (info.durationSeconds > rules.maxSeconds) throw tooLong(info.durationSeconds, rules.maxSeconds);
  return info;
}

/** The refusal for a recording over the limit, also used when the recogniser measures it longer than its file said. */
export function tooLong(seconds: number, maxSeconds: number): Refusal {
  return new Refusal('RECORDING_TOO_LONG', `录音时长${describeSeconds(seconds)}，超过了${describeSeconds(maxSeconds)}的限制，请分段或精简后重新录音`, 'recording');
}

function describeSeconds(seconds: number): string {
  const whole = Math.ceil(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (!minutes) return `${whole}秒`;
  return rest ? `${minutes}分${rest}秒` : `${minutes}分钟`;
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10}MB`;
}

/** AMR frame sizes in bytes after the one-byte header, by frame type (0 for NO_DATA; undefined: reserved). */
const AMR_NB_SIZES = [12, 13, 15, 17, 19, 20, 26, 31, 5, undefined, undefined, undefined, undefined, undefined, undefined, 0];
const AMR_WB_SIZES = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, undefined, undefined, undefined, undefined, 0, 0];

/** An AMR file's duration: every frame holds 20 ms. Undefined when a frame is malformed. */
export function amrDuration(audio: Uint8Array): number | undefined {
  const wideband = String.fromCharCode(...audio.subarray(0, 9)) === '#!AMR-WB\n';
  const narrowband = String.fromCharCode(...audio.subarray(0, 6)) === '#!AMR\n';
  if (!wideband && !narrowband) return undefined;
  const sizes = wideband ? AMR_WB_SIZES : AMR_NB_SIZES;
  let offset = wideband ? 9 : 6;
  let frames = 0;
  while (offset < audio.length) {
    const size = sizes[(audio[offset] >> 3) & 0x0f];
    if (size === undefined || offset + 1 + size > audio.length) return undefined;
    offset += 1 + size;
    frames++;
  }
  return frames ? frames * 0.02 : undefined;
}

/** The duration the bytes of a PCM WAV hold, whatever its header says (a header can under-state its data). */
function wavBytesDuration(audio: Uint8Array, format: { sampleRate?: number; bitsPerSample?: number; numberOfChannels?: number; codec?: string }): number | undefined {
  const { sampleRate, bitsPerSample, numberOfChannels } = format;
  if (!sampleRate || !bitsPerSample || !numberOfChannels || !/PCM/i.test(format.codec ?? '')) return undefined;
  return Math.max(0, audio.length - 44) / (sampleRate * numberOfChannels * (bitsPerSample / 8));
}

const EBML = { segment: 0x18538067, info: 0x1549a966, timecodeScale: 0x2ad7b1, cluster: 0x1f43b675, timecode: 0xe7, simpleBlock: 0xa3, blockGroup: 0xa0, block: 0xa1, blockDuration: 0x9b };
/** Elements whose children are walked (their sizes may be unknown in a recording still being written). */
const EBML_CONTAINERS = new Set([EBML.segment, EBML.info, EBML.cluster, EBML.blockGroup]);

/**
 * The duration of a WebM whose header states none (MediaRecorder writes it as a stream): the time of the last
 * block, plus its own duration where the block says it. Undefined when the structure cannot be walked.
 */
export function matroskaDuration(audio: Uint8Array): number | undefined {
  let scale = 1_000_000;
  let cluster = 0;
  let last: number | undefined;
  let offset = 0;
  const readVint = (at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | undefined => {
    const first = audio[at];
    if (first === undefined || first === 0) return undefined;
    let length = 1;
    while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
    if (length > 8 || at + length > audio.length) return undefined;
    let value = keepMarker ? first : first & (0xff >> length);
    let allOnes = value === (0xff >> length);
    for (let i = 1; i < length; i++) {
      value = value * 256 + audio[at + i];
      if (audio[at + i] !== 0xff) allOnes = false;
    }
    return { value, length, unknown: !keepMarker && allOnes };
  };
  const readUint = (at: number, size: number) => {
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + audio[at + i];
    return value;
  };
  while (offset < audio.length) {
    const id = readVint(offset, true);
    if (!id) return last === undefined ? undefined : (last * scale) / 1e9;
    const size = readVint(offset + id.length, false);
    if (!size) return undefined;
    const body = offset + id.length + size.length;
    if (EBML_CONTAINERS.has(id.value)) {
      offset = body;
      continue;
    }
    if (size.unknown || body + size.value > audio.length) {
      // A stream cut off mid-element: what was read so far stands.
      return last === undefined ? undefined : (last * scale) / 1e9;
    }
    if (id.value === EBML.timecodeScale) scale = readUint(body, size.value);
    else if (id.value === EBML.timecode) cluster = readUint(body, size.value);
    else if (id.value === EBML.simpleBlock || id.value === EBML.block) {
      const track = readVint(body, false);
      if (!track) return undefined;
      const relative = (audio[body + track.length] << 8) | audio[body + track.length + 1];
      const time = cluster + (relative > 0x7fff ? relative - 0x10000 : relative);
      last = Math.max(last ?? 0, time);
    } else if (id.value === EBML.blockDuration && last !== undefined) last += readUint(body, size.value);
    offset = body + size.value;
  }
  return last === undefined ? undefined : (last * scale) / 1e9;
}
