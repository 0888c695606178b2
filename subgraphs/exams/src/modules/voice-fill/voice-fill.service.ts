import { Refusal } from '@zsb/platform';
import type { RuleSet } from '@zsb/rules';
import type { SpeechRecognizer, SuppliedAlongside } from './providers/speech-recognizer.ts';
import { checkRecording, tooLong, type RecordingInfo } from './recording.ts';
import { parseTranscript, type FormFieldSpec, type TranscriptParse } from './transcript-parser.ts';

/** Longest transcript read: five minutes of speech is about 1,500 characters; this leaves room and bounds the work. */
export const MAX_TRANSCRIPT_CHARS = 10_000;

export interface VoiceFillRequest {
  /** The rule set the registration is under: its form.json `voiceFill` says whether and how. */
  ruleSet: RuleSet;
  /** The personal-information fields as the candidate sees them (`personalInformationFields` or the plan's asks). */
  fields: readonly FormFieldSpec[];
  /** The recording's bytes as uploaded. */
  audio: Uint8Array;
  /** Development only: the transcript the development recogniser returns (ignored by a real recogniser). */
  supplied?: SuppliedAlongside;
  /** "Today", for dates; defaults to now. */
  now?: Date;
}

export interface VoiceFillSuggestions {
  recording: RecordingInfo;
  transcript: string;
  /** Suggestions for the candidate to confirm; nothing is saved. */
  result: TranscriptParse;
}

/**
 * 语音识别填报: a recording in, form suggestions out. Checks the recording against the province's rules (offered
 * at all, size, format and duration read from the file), has it transcribed, and reads the transcript against
 * the form. Saves nothing: the candidate confirms the suggestions on the form, which completes the step as usual.
 * Expected failures are `Refusal`s with codes from docs/errors.md.
 */
export class VoiceFillService {
  /** `recognizer` is what `speechRecognizerFor` gave at start: undefined where no province offered voice fill then. */
  constructor(private readonly recognizer: SpeechRecognizer | undefined) {}

  async suggest(request: VoiceFillRequest): Promise<VoiceFillSuggestions> {
    const rules = request.ruleSet.form.voiceFill;
    if (!rules) throw new Refusal('VOICE_FILL_NOT_OFFERED', `${request.ruleSet.manifest.provinceName}报名不提供语音识别填报，请手动填写`, 'recording');
    const recording = await checkRecording(request.audio, rules);
    // A rule set published since start may offer voice fill where no recogniser was configured.
    if (!this.recognizer) throw new Refusal('SPEECH_RECOGNITION_FAILED', '语音识别暂时不可用，请稍后重试或手动填写', 'recording', { cause: 'no speech recogniser configured' });
    let transcription;
    try {
      transcription = await this.recognizer.transcribe(request.audio, recording.mimeType, request.supplied);
    } catch (error) {
      if (error instanceof Refusal) throw error;
      throw new Refusal('SPEECH_RECOGNITION_FAILED', '语音识别暂时不可用，请稍后重试或手动填写', 'recording', { cause: (error as Error).message });
    }
    // The recogniser decoded the audio: a file whose container under-stated its length is caught here.
    if (transcription.durationSeconds !== undefined && transcription.durationSeconds > rules.maxSeconds) throw tooLong(transcription.durationSeconds, rules.maxSeconds);
    const transcript = transcription.text.trim();
    if (!transcript) throw new Refusal('SPEECH_NOTHING_HEARD', '没有识别到说话内容，请在安静的环境下靠近手机重新录音', 'recording');
    if (transcript.length > MAX_TRANSCRIPT_CHARS) throw new Refusal('SPEECH_RECOGNITION_FAILED', '识别结果过长，请只朗读报名信息后重新录音', 'recording');
    return { recording, transcript, result: parseTranscript(transcript, request.fields, { today: request.now }) };
  }
}
