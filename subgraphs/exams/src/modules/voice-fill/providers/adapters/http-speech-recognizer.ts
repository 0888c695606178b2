import type { SpeechRecognizer, Transcription } from '../speech-recognizer.ts';

/** The most of an answer read: a five-minute transcript is a few thousand characters. */
const MAX_ANSWER_BYTES = 1_048_576;

/**
 * The operator's speech recognition service, over HTTP (`ZSB_SPEECH_HTTP_URL`, bearer `ZSB_SPEECH_HTTP_TOKEN`).
 *
 * Request: `POST <url>?language=zh-CN` with the recording as the body, `Content-Type` its MIME type as read from
 * the file (audio/mp4, audio/aac, audio/mpeg, audio/wav, audio/amr, audio/webm, audio/ogg), `Authorization:
 * Bearer <token>`. Answer: 200 with `application/json` `{ "text": "…", "durationSeconds": 12.3 }` (the duration
 * optional). Anything else is a failure; an adapter in front of a vendor's API translates to this shape.
 */
export class HttpSpeechRecognizer implements SpeechRecognizer {
  readonly name = 'http';

  constructor(
    private readonly url: URL,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  async transcribe(audio: Uint8Array, mimeType: string): Promise<Transcription> {
    const url = new URL(this.url);
    url.searchParams.set('language', 'zh-CN');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': mimeType, authorization: `Bearer ${this.token}`, accept: 'application/json' },
      body: audio,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`speech recognition service answered ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_ANSWER_BYTES) throw new Error(`speech recognition answer of ${declared} bytes is too large`);
    const body = await response.text();
    if (body.length > MAX_ANSWER_BYTES) throw new Error('speech recognition answer is too large');
    let answer: unknown;
    try {
      answer = JSON.parse(body);
    } catch {
      throw new Error('speech recognition service answered something other than JSON');
    }
    const { text, durationSeconds } = (answer ?? {}) as { text?: unknown; durationSeconds?: unknown };
    if (typeof text !== 'string') throw new Error('speech recognition answer has no "text"');
    if (durationSeconds !== undefined && (typeof durationSeconds !== 'number' || !Number.isFinite(durationSeconds) || durationSeconds < 0)) {
      throw new Error('speech recognition answer has an invalid "durationSeconds"');
    }
    return { text, durationSeconds };
  }
}
