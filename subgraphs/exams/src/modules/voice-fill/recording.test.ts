import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, DEFAULT_RULES_DIR, type VoiceFillRules } from '@zsb/rules';
import { amrDuration, checkRecording, detectRecordingFormat, inspectRecording, matroskaDuration } from './recording.ts';
import * as audio from './testing/audio.ts';

/** Inner Mongolia's rules: voice fill is offered, up to five minutes (manual 2.7.2). */
const rules = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-NM/2026')).form.voiceFill!;

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return (error as { error?: { code: string; message: string } }).error;
  }
  throw new Error('expected a refusal');
};

const FORMATS: [string, (seconds: number) => Uint8Array, string][] = [
  ['m4a (AAC in MP4, as iPhones and most Android phones record)', (s) => audio.mp4(s), 'm4a'],
  ['3gp (AMR in MP4, older Android phones)', (s) => audio.mp4(s, '3gp'), 'm4a'],
  ['aac (ADTS)', audio.adts, 'aac'],
  ['mp3', audio.mp3, 'mp3'],
  ['wav', (s) => audio.wav(s), 'wav'],
  ['amr (AMR-NB)', (s) => audio.amr(s), 'amr'],
  ['amr (AMR-WB)', (s) => audio.amr(s, true), 'amr'],
  ['webm with its duration stated', (s) => audio.webm(s), 'webm'],
  ['webm as MediaRecorder writes it, without a duration', (s) => audio.webm(s, false), 'webm'],
  ['ogg (Opus)', (s) => audio.oggOpus(s), 'ogg'],
];

describe('the rules for recordings', () => {
  it('Inner Mongolia accepts recordings of up to five minutes in the formats phones and browsers record', () => {
    expect(rules).toMatchObject({ maxSeconds: 300, formats: ['m4a', 'aac', 'mp3', 'wav', 'amr', 'webm', 'ogg'], reference: { section: '2.7.2 语音识别填报（可选）' } });
  });

  it('Shandong offers no voice fill', () => {
    expect(loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-SD/2023')).form.voiceFill).toBeUndefined();
  });
});

describe('reading a recording’s format and duration from the file', () => {
  for (const [name, build, format] of FORMATS) {
    it(`reads ${name}`, async () => {
      const info = await inspectRecording(build(7.5));
      expect(info.format).toBe(format);
      // Frame-based formats end on a whole frame; MediaRecorder's WebM is measured to the start of its last block.
      expect(Math.abs(info.durationSeconds - 7.5)).toBeLessThan(0.07);
    });

    it(`refuses ${name} longer than the five-minute limit, and accepts one just under it`, async () => {
      expect(await refusal(checkRecording(build(301), rules))).toMatchObject({ code: 'RECORDING_TOO_LONG', message: expect.stringContaining('超过了5分钟的限制') });
      await expect(checkRecording(build(299), rules)).resolves.toMatchObject({ format });
    });
  }

  it('measures a WAV by its bytes when its header under-states them', async () => {
    expect((await inspectRecording(audio.wav(400, 10))).durationSeconds).toBeCloseTo(400, 0);
    expect((await refusal(checkRecording(audio.wav(400, 10), rules)))?.code).toBe('RECORDING_TOO_LONG');
  });

  it('measures a WebM by its blocks when its stated duration is shorter than what it holds', async () => {
    const honest = audio.webm(360);
    // Rewrite the Duration element's float (ms) to claim ten seconds.
    const lying = Uint8Array.from(honest);
    const view = new DataView(lying.buffer);
    for (let i = 0; i < lying.length - 10; i++) {
      if (lying[i] === 0x44 && lying[i + 1] === 0x89 && view.getFloat64(i + 10) === 360_000) view.setFloat64(i + 10, 10_000);
    }
    expect((await parseBuffer(lying, { mimeType: 'audio/webm', size: lying.length })).format.duration).toBeCloseTo(10);
    expect(matroskaDuration(lying)).toBeGreaterThan(359);
    expect((await refusal(checkRecording(lying, rules)))?.code).toBe('RECORDING_TOO_LONG');
  });

  it('recognises the format from the content, whatever the file is called or claims to be', () => {
    expect(detectRecordingFormat(audio.mp4(1))).toBe('m4a');
    expect(detectRecordingFormat(audio.adts(1))).toBe('aac');
    expect(detectRecordingFormat(audio.mp3(1))).toBe('mp3');
    expect(detectRecordingFormat(new TextEncoder().encode('%PDF-1.7'))).toBeUndefined();
  });

  it('refuses an empty file, a file that is no recording, a broken one, and one too large before reading it', async () => {
    expect((await refusal(checkRecording(new Uint8Array(0), rules)))?.code).toBe('RECORDING_EMPTY');
    expect((await refusal(checkRecording(new TextEncoder().encode('%PDF-1.7 not audio'), rules)))?.code).toBe('RECORDING_FORMAT_NOT_ALLOWED');
    const broken = audio.amr(2).subarray(0, 100);
    expect(amrDuration(broken)).toBeUndefined();
    expect((await refusal(checkRecording(broken, rules)))?.code).toBe('RECORDING_UNREADABLE');
    expect((await refusal(checkRecording(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x00, 0x00]), rules)))?.code).toBe('RECORDING_UNREADABLE');
    const tooLarge = await refusal(checkRecording(new Uint8Array(rules.maxBytes + 1), rules));
    expect(tooLarge).toMatchObject({ code: 'RECORDING_TOO_LARGE', message: '录音文件超过30MB，请缩短录音后重试' });
  });

  it('answers a damaged file of any format with a refusal, never an exception of its own', async () => {
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const samples = FORMATS.map(([, build]) => build(2));
    for (let n = 0; n < 120; n++) {
      const damaged = Uint8Array.from(samples[n % samples.length]);
      // Keep the first bytes (so the format is still recognised) and scramble the rest.
      for (let k = 0; k < 40; k++) damaged[12 + Math.floor(random() * (damaged.length - 12))] = Math.floor(random() * 256);
      const cut = damaged.subarray(0, 12 + Math.floor(random() * (damaged.length - 12)));
      try {
        const info = await inspectRecording(cut);
        expect(info.durationSeconds).toBeGreaterThan(0);
        expect(Number.isFinite(info.durationSeconds)).toBe(true);
      } catch (error) {
        expect((error as { error?: { code: string } }).error?.code, String(error)).toMatch(/^RECORDING_(UNREADABLE|FORMAT_NOT_ALLOWED)$/);
      }
    }
  });

  it('refuses a format the province does not list', async () => {
    const wavOnly: VoiceFillRules = { ...rules, formats: ['wav'] };
    expect(await refusal(checkRecording(audio.mp3(3), wavOnly))).toMatchObject({ code: 'RECORDING_FORMAT_NOT_ALLOWED', message: '不支持MP3格式的录音，请使用WAV格式' });
  });

  it('takes the limit from the rules: a province allowing one minute refuses 61 seconds', async () => {
    expect(await refusal(checkRecording(audio.mp4(61), { ...rules, maxSeconds: 60 }))).toMatchObject({ code: 'RECORDING_TOO_LONG', message: '录音时长1分1秒，超过了1分钟的限制，请分段或精简后重新录音' });
  });
});

const ffmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

describe.skipIf(!ffmpeg)('recordings made by a real encoder (ffmpeg, where installed)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-fill-'));
  const encode = (name: string, args: string[]) => {
    const file = path.join(dir, name);
    const result = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', '-ac', '1', ...args, file]);
    if (result.status !== 0) throw new Error(String(result.stderr));
    return fs.readFileSync(file);
  };
  const cases: [string, string[], string][] = [
    ['a.m4a', ['-c:a', 'aac', '-b:a', '48k'], 'm4a'],
    ['a.aac', ['-c:a', 'aac', '-f', 'adts'], 'aac'],
    ['a.mp3', ['-c:a', 'libmp3lame', '-b:a', '48k'], 'mp3'],
    ['a.wav', ['-ar', '16000'], 'wav'],
    ['a.webm', ['-c:a', 'libopus', '-b:a', '24k'], 'webm'],
    ['a.ogg', ['-c:a', 'libopus', '-b:a', '24k'], 'ogg'],
  ];
  for (const [name, args, format] of cases) {
    it(`reads ${name} as ${format}, 4 seconds`, async () => {
      const info = await inspectRecording(encode(name, args));
      expect(info.format).toBe(format);
      expect(Math.abs(info.durationSeconds - 4)).toBeLessThan(0.1);
    });
  }
});
