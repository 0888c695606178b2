import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'solid-js/web';
import { Client, makeResult, type Exchange } from '@urql/core';
import { Provider } from '@urql/solid';
import { map, pipe } from 'wonka';
import { setLocale } from '../i18n/locale.ts';
import type { Question } from './documents.ts';
import { aQuestion } from './question.fixture.ts';
import { clockText, recordingType } from './recorder.ts';
import { VoiceFill } from './voice-fill.tsx';

vi.mock('../uploads/tus.ts', () => ({ tusUpload: vi.fn(async () => ({ ok: true, status: 'RECEIVED' })) }));

let dispose: (() => void) | undefined;
beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:recording');
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
  setLocale('zh');
  localStorage.clear();
  vi.unstubAllGlobals();
});

const question = (code: string, label: string, extra: Partial<Question> = {}): Question => aQuestion({ code, label, ...extra });

const questions = [
  question('name', '姓名', { readOnly: true }),
  question('phone', '联系电话', { type: 'phone' }),
  question('ethnicity', '民族', { type: 'select', options: [{ code: '01', name: '汉族', subjects: null, majorScope: null }] }),
  question('postcode', '邮政编码', { type: 'postcode' }),
];

const heard = {
  suggestions: [
    { field: 'name', value: '张三', display: null, confidence: 0.95, problem: null },
    { field: 'phone', value: '13812345678', display: null, confidence: 0.92, problem: null },
    { field: 'ethnicity', value: '01', display: '汉族', confidence: 0.4, problem: '“民族”听得不清，请核对' },
  ],
  missing: ['postcode'],
};

/** A server that issues an upload ticket and answers the upload as recognised, noting what was asked. */
function server(asked: string[] = []): Client {
  const exchange: Exchange = () => (operations) =>
    pipe(
      operations,
      map((operation) => {
        const first = operation.query.definitions[0];
        const name = first && 'name' in first ? (first.name?.value ?? '') : '';
        if (operation.kind !== 'teardown') asked.push(name);
        if (name === 'RequestUpload') return makeResult(operation, { data: { requestUpload: { __typename: 'RequestUploadPayload', ok: true, error: null, ticket: { uploadId: 'u1', token: 't', endpoint: '/uploads/', formats: ['webm'], maxBytes: 31457280, step: 'PERSONAL_INFORMATION' } } } });
        return makeResult(operation, { data: { upload: { __typename: 'Upload', id: 'u1', status: 'DONE', statusText: '成功', problem: null, voiceFill: heard } } });
      }),
    );
  return new Client({ url: '/graphql', exchanges: [exchange] });
}

function show(client: Client, onAccept = vi.fn(), values: Record<string, unknown> = { phone: '' }) {
  const root = document.createElement('div');
  document.body.append(root);
  dispose = render(
    () => (
      <Provider value={client}>
        <VoiceFill registrationId="r1" limits={{ maxSeconds: 1, maxBytes: 31457280, formats: ['m4a', 'webm'] }} questions={questions} values={values} onAccept={onAccept} />
      </Provider>
    ),
    root,
  );
  return { root, onAccept };
}

const until = async (check: () => unknown, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A MediaRecorder that records a few bytes of WebM and stops when asked. */
class FakeRecorder {
  static isTypeSupported = (type: string) => type.startsWith('audio/webm');
  state = 'inactive';
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  constructor(
    readonly stream: unknown,
    readonly options: { mimeType: string },
  ) {}
  start() {
    this.state = 'recording';
  }
  stop() {
    this.state = 'inactive';
    this.ondataavailable?.({ data: new Blob([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3])], { type: 'audio/webm' }) });
    this.onstop?.();
  }
}

function stubMicrophone() {
  const stop = vi.fn();
  vi.stubGlobal('MediaRecorder', FakeRecorder);
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: vi.fn(async () => ({ getTracks: () => [{ stop }] })) } });
  return stop;
}

describe('recordingType', () => {
  it('picks the first format the rules accept that the browser records', () => {
    const env = { MediaRecorder: { isTypeSupported: (type: string) => type === 'audio/mp4' }, mediaDevices: {} };
    expect(recordingType(['webm', 'm4a'], env)).toEqual({ format: 'm4a', mimeType: 'audio/mp4' });
    expect(recordingType(['amr'], env)).toBeUndefined();
    expect(recordingType(['webm'], { mediaDevices: {} })).toBeUndefined();
  });
  it('reads a timer as m:ss', () => {
    expect(clockText(300)).toBe('5:00');
    expect(clockText(61.4)).toBe('1:01');
  });
});

describe('VoiceFill', () => {
  it('offers a file picker of the rules’ formats where the browser cannot record', () => {
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: undefined });
    const { root } = show(server());
    expect(root.querySelector('[data-testid=voice-unsupported]')!.textContent).toContain('不支持网页录音');
    expect(root.querySelector('[data-testid=voice-record]')).toBeNull();
    expect(root.querySelector<HTMLInputElement>('[data-testid=voice-file]')!.accept).toBe('.m4a,audio/mp4,.webm,audio/webm');
    expect(root.textContent).toContain('单次录音不超过 0:01');
  });

  it('records up to the limit with a timer, plays back, uploads, and keeps nothing the candidate did not choose', async () => {
    const released = stubMicrophone();
    const asked: string[] = [];
    const { root, onAccept } = show(server(asked));
    root.querySelector<HTMLButtonElement>('[data-testid=voice-record]')!.click();
    await until(() => root.querySelector('[data-testid=voice-timer]'));
    expect(root.querySelector('[data-testid=voice-timer]')!.textContent).toMatch(/录音中 0:0\d \/ 0:01/);
    // The rules' limit stops the recording by itself; the microphone is released.
    await until(() => root.querySelector('[data-testid=voice-playback]'));
    expect(released).toHaveBeenCalled();
    expect(root.querySelector('[data-testid=voice-record]')!.textContent).toBe('重新录音');
    root.querySelector<HTMLButtonElement>('[data-testid=voice-upload]')!.click();
    await until(() => root.querySelector("[data-testid=suggestion-phone]"));
    expect(asked).toEqual(['RequestUpload', 'VoiceUpload']);

    // A read-only field's suggestion is not offered; a doubtful one is marked; the missing field is named.
    expect(root.querySelector('[data-testid=suggestion-name]')).toBeNull();
    const ethnicity = root.querySelector('[data-testid=suggestion-ethnicity]')!;
    expect(ethnicity.classList.contains('suggestion--doubtful')).toBe(true);
    expect(ethnicity.textContent).toContain('汉族');
    expect(ethnicity.textContent).toContain('听得不清');
    expect(root.textContent).toContain('未识别到：邮政编码');
    expect(root.querySelector('[data-testid=suggestion-phone]')!.textContent).toContain('表单当前：（未填写）');
    expect(onAccept).not.toHaveBeenCalled();

    // Using the confident values takes the phone, not the doubtful ethnicity.
    root.querySelector<HTMLButtonElement>('[data-testid=voice-accept-confident]')!.click();
    expect(onAccept).toHaveBeenCalledExactlyOnceWith('phone', '13812345678');
    expect(root.querySelector('[data-testid=suggestion-phone]')!.textContent).toContain('已填入表单');
    const [, reject] = [...ethnicity.querySelectorAll('button')];
    reject!.click();
    expect(onAccept).toHaveBeenCalledOnce();
    expect(root.querySelector('[data-testid=suggestion-ethnicity]')!.textContent).toContain('未采用');
  });

  it('speaks English when switched, leaving the province’s labels and the server’s words as published', async () => {
    stubMicrophone();
    setLocale('en');
    const { root } = show(server());
    expect(root.querySelector('h2')!.textContent).toBe('Fill in by voice (optional)');
    expect(root.querySelector('[data-testid=voice-record]')!.textContent).toBe('Start recording');
    const file = root.querySelector<HTMLInputElement>('[data-testid=voice-file]')!;
    Object.defineProperty(file, 'files', { configurable: true, value: [new File([new Uint8Array([1, 2, 3])], 'a.webm', { type: 'audio/webm' })] });
    file.dispatchEvent(new Event('change'));
    await until(() => root.querySelector('[data-testid=suggestion-ethnicity]'));
    const ethnicity = root.querySelector('[data-testid=suggestion-ethnicity]')!;
    expect(ethnicity.textContent).toContain('民族');
    expect(ethnicity.textContent).toContain('“民族”听得不清，请核对');
    expect(ethnicity.textContent).toContain('Do not use');
  });
});
