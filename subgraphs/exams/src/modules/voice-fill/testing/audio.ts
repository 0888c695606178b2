/**
 * Small silent recordings of a chosen length in every format phones and browsers record, built byte by byte at
 * test time (no encoder needed): the containers are real, the audio is silence.
 */

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

const ascii = (text: string): Uint8Array => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** PCM WAV, 8 kHz mono 8-bit (8,000 bytes a second); `statedSeconds` lets the header under-state its data. */
export function wav(seconds: number, statedSeconds = seconds): Uint8Array {
  const rate = 8000;
  const data = new Uint8Array(Math.round(seconds * rate)).fill(0x80);
  const stated = Math.round(statedSeconds * rate);
  const header = concat(ascii('RIFF'), u32le(36 + stated), ascii('WAVE'), ascii('fmt '), u32le(16), u16le(1), u16le(1), u32le(rate), u32le(rate), u16le(1), u16le(8), ascii('data'), u32le(stated));
  return concat(header, data);
}

/** MP3: MPEG-1 Layer III frames, 32 kbit/s at 32 kHz mono (144 bytes, 36 ms each). */
export function mp3(seconds: number): Uint8Array {
  const frames = Math.round(seconds / 0.036);
  const frame = new Uint8Array(144);
  frame.set([0xff, 0xfb, 0x18, 0xc0]);
  const out = new Uint8Array(frames * 144);
  for (let i = 0; i < frames; i++) out.set(frame, i * 144);
  return out;
}

/** AAC in ADTS (raw .aac as some recorders write it): AAC-LC 16 kHz mono, 1,024 samples (64 ms) a frame, 256 bytes. */
export function adts(seconds: number): Uint8Array {
  const frames = Math.round(seconds / 0.064);
  const length = 256;
  const frame = new Uint8Array(length);
  // sync, MPEG-4, layer 0, no CRC | profile LC, 16 kHz (index 8), mono | frame length, buffer fullness 0x7FF.
  frame.set([0xff, 0xf1, (1 << 6) | (8 << 2), (1 << 6) | ((length >> 11) & 0x03), (length >> 3) & 0xff, ((length & 0x07) << 5) | 0x1f, 0xfc]);
  const out = new Uint8Array(frames * length);
  for (let i = 0; i < frames; i++) out.set(frame, i * length);
  return out;
}

/** AMR-NB (or AMR-WB) storage format: 20 ms frames of the highest bit rate. */
export function amr(seconds: number, wideband = false): Uint8Array {
  const frames = Math.round(seconds / 0.02);
  const [magic, type, size] = wideband ? ['#!AMR-WB\n', 8, 60] : ['#!AMR\n', 7, 31];
  const frame = new Uint8Array(1 + size);
  frame[0] = (type << 3) | 0x04;
  const out = new Uint8Array(magic.length + frames * frame.length);
  out.set(ascii(magic));
  for (let i = 0; i < frames; i++) out.set(frame, magic.length + i * frame.length);
  return out;
}

function box(type: string, ...content: (Uint8Array | number[])[]): Uint8Array {
  const body = concat(...content);
  return concat(u32be(8 + body.length), ascii(type), body);
}

function fullBox(type: string, version: number, ...content: (Uint8Array | number[])[]): Uint8Array {
  return box(type, [version, 0, 0, 0], ...content);
}

/** An MP4 audio file (M4A as phones record it, or 3GP with AMR as older Android phones do) stating its duration. */
export function mp4(seconds: number, kind: 'm4a' | '3gp' = 'm4a'): Uint8Array {
  const timescale = kind === 'm4a' ? 16000 : 8000;
  const duration = Math.round(seconds * timescale);
  const matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].flatMap(u32be);
  const ftyp = kind === 'm4a' ? box('ftyp', ascii('M4A '), u32be(0), ascii('M4A isommp42')) : box('ftyp', ascii('3gp4'), u32be(0), ascii('3gp4isom'));
  const mvhd = fullBox('mvhd', 0, u32be(0), u32be(0), u32be(timescale), u32be(duration), u32be(0x00010000), u16be(0x0100), new Uint8Array(10), matrix, new Uint8Array(24), u32be(2));
  const tkhd = fullBox('tkhd', 0, u32be(0), u32be(0), u32be(1), u32be(0), u32be(duration), new Uint8Array(8), u16be(0), u16be(0), u16be(0x0100), u16be(0), matrix, u32be(0), u32be(0));
  const mdhd = fullBox('mdhd', 0, u32be(0), u32be(0), u32be(timescale), u32be(duration), u16be(0x55c4), u16be(0));
  const hdlr = fullBox('hdlr', 0, u32be(0), ascii('soun'), new Uint8Array(12), ascii('SoundHandler\0'));
  const sampleEntry = (format: string) => box(format, new Uint8Array(6), u16be(1), new Uint8Array(8), u16be(1), u16be(16), u16be(0), u16be(0), u32be(timescale << 16));
  const stsd = fullBox('stsd', 0, u32be(1), sampleEntry(kind === 'm4a' ? 'mp4a' : 'samr'));
  const stbl = box('stbl', stsd, fullBox('stts', 0, u32be(0)), fullBox('stsc', 0, u32be(0)), fullBox('stsz', 0, u32be(0), u32be(0)), fullBox('stco', 0, u32be(0)));
  const minf = box('minf', fullBox('smhd', 0, u32be(0)), box('dinf', fullBox('dref', 0, u32be(1), fullBox('url ', 0))), stbl);
  const moov = box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr, minf)));
  return concat(ftyp, moov, box('mdat', new Uint8Array(64)));
}

function ebmlSize(n: number): number[] {
  // Eight-byte sizes keep the builder simple; EBML allows any width.
  return [0x01, ...[0, 0, 0, (n / 2 ** 32) & 0xff, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff].slice(1)];
}

function element(id: number[], ...content: (Uint8Array | number[])[]): Uint8Array {
  const body = concat(...content);
  return concat(id, ebmlSize(body.length), body);
}

const UNKNOWN_SIZE = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

/**
 * WebM with Opus, one block every 20 ms. With `statesDuration: false` it is written as browsers' MediaRecorder
 * writes it: segment and clusters of unknown size, no Duration in its Info.
 */
export function webm(seconds: number, statesDuration = true): Uint8Array {
  const header = element([0x1a, 0x45, 0xdf, 0xa3], element([0x42, 0x82], ascii('webm')), element([0x42, 0x87], [4]), element([0x42, 0x85], [2]));
  const durationMs = new DataView(new ArrayBuffer(8));
  durationMs.setFloat64(0, seconds * 1000);
  const info = element([0x15, 0x49, 0xa9, 0x66], element([0x2a, 0xd7, 0xb1], u32be(1_000_000)), ...(statesDuration ? [element([0x44, 0x89], new Uint8Array(durationMs.buffer))] : []));
  const rate = new DataView(new ArrayBuffer(8));
  rate.setFloat64(0, 48000);
  const audio = element([0xe1], element([0xb5], new Uint8Array(rate.buffer)), element([0x9f], [1]));
  const tracks = element([0x16, 0x54, 0xae, 0x6b], element([0xae], element([0xd7], [1]), element([0x83], [2]), element([0x86], ascii('A_OPUS')), audio));
  const clusters: Uint8Array[] = [];
  const blocks = Math.round(seconds / 0.02);
  for (let start = 0; start < blocks; start += 1000) {
    const content: Uint8Array[] = [element([0xe7], u32be(start * 20))];
    for (let b = start; b < Math.min(blocks, start + 1000); b++) content.push(element([0xa3], [0x81, ...u16be((b - start) * 20), 0x80, 0xfc, 0xff, 0xfe]));
    clusters.push(statesDuration ? element([0x1f, 0x43, 0xb6, 0x75], ...content) : concat([0x1f, 0x43, 0xb6, 0x75], UNKNOWN_SIZE, ...content));
  }
  const segmentBody = concat(info, tracks, ...clusters);
  const segment = statesDuration ? element([0x18, 0x53, 0x80, 0x67], segmentBody) : concat([0x18, 0x53, 0x80, 0x67], UNKNOWN_SIZE, segmentBody);
  return concat(header, segment);
}

const OGG_CRC = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggPage(type: number, granule: number, sequence: number, packet: Uint8Array): Uint8Array {
  const segments: number[] = [];
  let left = packet.length;
  while (left >= 255) {
    segments.push(255);
    left -= 255;
  }
  segments.push(left);
  const granuleBytes = [...u32le(granule % 2 ** 32), ...u32le(Math.floor(granule / 2 ** 32))];
  const page = concat(ascii('OggS'), [0, type], granuleBytes, u32le(0x5a5a), u32le(sequence), u32le(0), [segments.length], segments, packet);
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) & 0xff) ^ byte]) >>> 0;
  page.set(u32le(crc), 22);
  return page;
}

/**
 * Ogg Opus (Firefox's MediaRecorder, some Android recorders): the last page's granule gives the length at 48 kHz.
 * `comment` goes into its tags as COMMENT (UTF-8).
 */
export function oggOpus(seconds: number, comment?: string): Uint8Array {
  const preSkip = 312;
  const head = concat(ascii('OpusHead'), [1, 1], u16le(preSkip), u32le(16000), u16le(0), [0]);
  const entry = comment === undefined ? undefined : new TextEncoder().encode(`COMMENT=${comment}`);
  const tags = concat(ascii('OpusTags'), u32le(4), ascii('test'), u32le(entry ? 1 : 0), ...(entry ? [u32le(entry.length), entry] : []));
  return concat(oggPage(2, 0, 0, head), oggPage(0, 0, 1, tags), oggPage(4, Math.round(seconds * 48000) + preSkip, 2, Uint8Array.from([0xfc, 0xff, 0xfe])));
}
