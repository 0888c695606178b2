import { parseBuffer } from 'music-metadata';
import { Refusal } from '@zsb/platform';
import type { SpeechRecognizer, SuppliedAlongside, Transcription } from '../speech-recognizer.ts';

/**
 * DEVELOPMENT ONLY — recognises nothing. It returns the transcript supplied with the recording (the dev-only
 * `transcript` given alongside the upload, e.g. an `X-Transcript` field) or, failing that, the transcript written
 * into the recording's own comment tag (ID3 COMM, RIFF ICMT, MP4 ©cmt, Vorbis COMMENT), so the demo and tests run
 * without a Mandarin model. `createSpeechRecognizer` refuses it in production.
 */
export class DevelopmentSpeechRecognizer implements SpeechRecognizer {
  readonly name = 'development';

  async transcribe(audio: Uint8Array, mimeType: string, supplied: SuppliedAlongside = {}): Promise<Transcription> {
    if (supplied.transcript?.trim()) return { text: supplied.transcript };
    const embedded = await embeddedTranscript(audio, mimeType);
    if (embedded) return { text: embedded };
    throw new Refusal('SPEECH_TRANSCRIPT_MISSING', '开发环境不识别语音：请随录音提供文字稿（transcript），或写入录音文件的注释', 'transcript');
  }
}

async function embeddedTranscript(audio: Uint8Array, mimeType: string): Promise<string | undefined> {
  try {
    const metadata = await parseBuffer(audio, { mimeType, size: audio.length }, { skipCovers: true });
    const comment = metadata.common.comment?.map((c) => c.text ?? '').find((t) => t.trim());
    return comment?.trim();
  } catch {
    return undefined;
  }
}
