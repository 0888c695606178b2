import { createSignal, onCleanup } from 'solid-js';

/** What MediaRecorder may be asked for, per format the rules accept (the first the browser supports is used). */
const RECORDER_TYPES: Record<string, readonly string[]> = {
  webm: ['audio/webm;codecs=opus', 'audio/webm'],
  ogg: ['audio/ogg;codecs=opus', 'audio/ogg'],
  m4a: ['audio/mp4;codecs=mp4a.40.2', 'audio/mp4'],
  aac: ['audio/aac'],
  mp3: ['audio/mpeg'],
  wav: ['audio/wav'],
};

/**
 * The container this browser can record in among the formats the rules accept (`webm` on Chrome and Firefox,
 * `m4a` on Safari; see PREFERENCE), or undefined where it cannot record at all (no MediaRecorder, no microphone API, or only formats
 * it does not write): the page then offers a file picker instead.
 */
/** Containers tried first: those browsers write whole (WebM, Ogg); MP4 from MediaRecorder is fragmented. */
const PREFERENCE = ['webm', 'ogg', 'm4a', 'aac', 'mp3', 'wav'];

export function recordingType(formats: readonly string[], env: { MediaRecorder?: { isTypeSupported?: (type: string) => boolean }; mediaDevices?: unknown } = {
  MediaRecorder: typeof MediaRecorder === 'undefined' ? undefined : MediaRecorder,
  mediaDevices: typeof navigator === 'undefined' ? undefined : navigator.mediaDevices,
}): { format: string; mimeType: string } | undefined {
  const recorder = env.MediaRecorder;
  if (!recorder || !env.mediaDevices || typeof recorder.isTypeSupported !== 'function') return undefined;
  for (const format of PREFERENCE.filter((f) => formats.includes(f))) {
    for (const mimeType of RECORDER_TYPES[format] ?? []) if (recorder.isTypeSupported(mimeType)) return { format, mimeType };
  }
  return undefined;
}

/** `m:ss`, as a recording's timer reads. */
export const clockText = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export type RecorderState = 'idle' | 'starting' | 'recording' | 'recorded' | 'denied' | 'failed';

/**
 * One recording at a time from the microphone, stopped by the candidate or at `maxSeconds`, kept as a Blob to play
 * back, send or throw away (re-record). The microphone is released as soon as recording stops and when the owner
 * goes away.
 */
export function createRecorder(options: { maxSeconds: () => number; mimeType: () => string | undefined }) {
  const [state, setState] = createSignal<RecorderState>('idle');
  const [elapsed, setElapsed] = createSignal(0);
  const [recording, setRecording] = createSignal<{ blob: Blob; url: string; seconds: number }>();
  let recorder: MediaRecorder | undefined;
  let stream: MediaStream | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let startedAt = 0;

  const release = () => {
    clearInterval(timer);
    timer = undefined;
    stream?.getTracks().forEach((track) => track.stop());
    stream = undefined;
  };
  const discard = () => {
    const current = recording();
    if (current) URL.revokeObjectURL(current.url);
    setRecording(undefined);
  };

  const stop = () => {
    if (recorder && recorder.state !== 'inactive') recorder.stop();
  };

  const start = async () => {
    const mimeType = options.mimeType();
    if (!mimeType || state() === 'recording' || state() === 'starting') return;
    discard();
    setElapsed(0);
    setState('starting');
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      release();
      setState((error as DOMException)?.name === 'NotAllowedError' || (error as DOMException)?.name === 'SecurityError' ? 'denied' : 'failed');
      return;
    }
    const chunks: Blob[] = [];
    try {
      recorder = new MediaRecorder(stream, { mimeType });
    } catch {
      release();
      setState('failed');
      return;
    }
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    recorder.onstop = () => {
      const seconds = Math.min(options.maxSeconds(), (Date.now() - startedAt) / 1000);
      release();
      const blob = new Blob(chunks, { type: mimeType.split(';')[0] });
      if (!blob.size) {
        setState('failed');
        return;
      }
      setRecording({ blob, url: URL.createObjectURL(blob), seconds });
      setState('recorded');
    };
    startedAt = Date.now();
    recorder.start(1000);
    setState('recording');
    timer = setInterval(() => {
      const seconds = (Date.now() - startedAt) / 1000;
      setElapsed(Math.min(seconds, options.maxSeconds()));
      // The rules' limit: the recording stops by itself, so the server never has to refuse it for length.
      if (seconds >= options.maxSeconds()) stop();
    }, 200);
  };

  onCleanup(() => {
    if (recorder && recorder.state !== 'inactive') {
      recorder.onstop = null;
      recorder.stop();
    }
    release();
    discard();
  });

  return { state, elapsed, recording, start, stop, reset: () => (discard(), setElapsed(0), setState('idle')) };
}
