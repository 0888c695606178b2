import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformConfig } from '@zsb/platform';
import { DEFAULT_RULES_DIR, loadRuleSet } from '@zsb/rules';
import { oggOpus, wav } from '../testing/audio.ts';
import { DevelopmentSpeechRecognizer } from './adapters/development-speech-recognizer.ts';
import { HttpSpeechRecognizer } from './adapters/http-speech-recognizer.ts';
import { createSpeechRecognizer, speechRecognizerFor } from './speech-recognizer.ts';

const config = (mode: PlatformConfig['mode']): PlatformConfig => ({ mode, dataDir: '/tmp/unused' });

describe('choosing the speech recogniser', () => {
  it('uses the development recogniser in development and tests', () => {
    expect(createSpeechRecognizer(config('development'), {}).name).toBe('development');
    expect(createSpeechRecognizer(config('test'), {}).name).toBe('development');
  });

  it('refuses to start production with the development recogniser, or without the service’s URL and token', () => {
    expect(() => createSpeechRecognizer(config('production'), { ZSB_SPEECH_PROVIDER: 'development' })).toThrow(/development only/);
    expect(() => createSpeechRecognizer(config('production'), {})).toThrow(/ZSB_SPEECH_HTTP_URL and ZSB_SPEECH_HTTP_TOKEN are required/);
    expect(() => createSpeechRecognizer(config('production'), { ZSB_SPEECH_HTTP_URL: 'https://asr.example/v1' })).toThrow(/required/);
    expect(() => createSpeechRecognizer(config('production'), { ZSB_SPEECH_HTTP_URL: 'http://asr.example/v1', ZSB_SPEECH_HTTP_TOKEN: 't' })).toThrow(/https/);
    expect(() => createSpeechRecognizer(config('production'), { ZSB_SPEECH_HTTP_URL: 'not a url', ZSB_SPEECH_HTTP_TOKEN: 't' })).toThrow(/not a URL/);
    expect(createSpeechRecognizer(config('production'), { ZSB_SPEECH_HTTP_URL: 'https://asr.example/v1', ZSB_SPEECH_HTTP_TOKEN: 't' }).name).toBe('http');
  });

  it('is needed only where a rule set offers voice fill: Shandong alone runs without one', () => {
    const shandong = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-SD/2023'));
    const innerMongolia = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-NM/2026'));
    expect(speechRecognizerFor([shandong], config('production'), {})).toBeUndefined();
    expect(() => speechRecognizerFor([shandong, innerMongolia], config('production'), {})).toThrow(/required/);
  });

  it('refuses an unknown provider name', () => {
    expect(() => createSpeechRecognizer(config('development'), { ZSB_SPEECH_PROVIDER: 'whisper' })).toThrow(/ZSB_SPEECH_PROVIDER must be development or http, not "whisper"/);
  });
});

describe('the development recogniser', () => {
  const recognizer = new DevelopmentSpeechRecognizer();

  it('returns the transcript supplied with the recording', async () => {
    await expect(recognizer.transcribe(wav(1), 'audio/wav', { transcript: '我叫王晓明' })).resolves.toEqual({ text: '我叫王晓明' });
  });

  it('otherwise returns the transcript written into the recording’s comment tag', async () => {
    await expect(recognizer.transcribe(oggOpus(2, '我叫王晓明，汉族'), 'audio/ogg')).resolves.toEqual({ text: '我叫王晓明，汉族' });
  });

  it('refuses a recording with no transcript, saying how to supply one', async () => {
    await expect(recognizer.transcribe(wav(1), 'audio/wav')).rejects.toMatchObject({ error: { code: 'SPEECH_TRANSCRIPT_MISSING' } });
  });
});

describe('the operator’s recognition service over HTTP', () => {
  let server: http.Server;
  let url: URL;
  const seen: { method?: string; path?: string; headers: http.IncomingHttpHeaders; bytes: number }[] = [];
  let answer: (res: http.ServerResponse) => void = (res) => res.end();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, path: req.url, headers: req.headers, bytes: Buffer.concat(chunks).length });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/asr`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const json = (status: number, body: unknown) => (res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  it('posts the recording with its type and the bearer token, and reads the text and duration', async () => {
    answer = json(200, { text: '我叫王晓明', durationSeconds: 12.5 });
    const recording = wav(2);
    await expect(new HttpSpeechRecognizer(url, 'secret-token', 5000).transcribe(recording, 'audio/wav')).resolves.toEqual({ text: '我叫王晓明', durationSeconds: 12.5 });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/v1/asr?language=zh-CN', bytes: recording.length, headers: { 'content-type': 'audio/wav', authorization: 'Bearer secret-token' } });
  });

  it('fails on an error status, an answer that is not JSON, or one without text', async () => {
    const recognizer = new HttpSpeechRecognizer(url, 't', 5000);
    answer = json(503, { error: 'busy' });
    await expect(recognizer.transcribe(wav(1), 'audio/wav')).rejects.toThrow('speech recognition service answered 503');
    answer = json(200, '<html>');
    await expect(recognizer.transcribe(wav(1), 'audio/wav')).rejects.toThrow(/other than JSON/);
    answer = json(200, { transcript: '…' });
    await expect(recognizer.transcribe(wav(1), 'audio/wav')).rejects.toThrow(/no "text"/);
    answer = json(200, { text: '好', durationSeconds: 'long' });
    await expect(recognizer.transcribe(wav(1), 'audio/wav')).rejects.toThrow(/durationSeconds/);
  });

  it('gives up on a service that does not answer in time', async () => {
    answer = () => undefined;
    await expect(new HttpSpeechRecognizer(url, 't', 200).transcribe(wav(1), 'audio/wav')).rejects.toThrow(/timeout|aborted/i);
  });
});
