import { str } from 'envalid';
import { oneOf, readSettings, wholeNumber, type PlatformConfig } from '@zsb/platform';
import type { RuleSet } from '@zsb/rules';
import { DevelopmentSpeechRecognizer } from './adapters/development-speech-recognizer.ts';
import { HttpSpeechRecognizer } from './adapters/http-speech-recognizer.ts';

/** What a recogniser heard. */
export interface Transcription {
  /** The transcript, in Chinese characters as the recogniser writes them (numbers as digits or numerals). */
  text: string;
  /** The duration the recogniser decoded, when it says: checked against the limit as well as the file's own. */
  durationSeconds?: number;
}

/** Supplied with a recording, for the development recogniser only (the transcript it stands in for). */
export interface SuppliedAlongside {
  transcript?: string;
}

/**
 * Turns a recording of Mandarin speech into text. No Mandarin model can be installed on the platform's machines,
 * so production uses the operator's recognition service (`http`); development and tests use transcripts
 * supplied with the recording (`development`).
 */
export interface SpeechRecognizer {
  readonly name: string;
  transcribe(audio: Uint8Array, mimeType: string, supplied?: SuppliedAlongside): Promise<Transcription>;
}

/** The speech recognition settings (voice fill, 语音识别填报). */
export const SPEECH_SETTINGS = {
  ZSB_SPEECH_PROVIDER: oneOf(['development', 'http'] as const)({ default: undefined, desc: 'speech recognition for voice fill: development (transcripts supplied with recordings) or http (the operator\'s service); http in production' }),
  ZSB_SPEECH_HTTP_URL: str({ default: undefined, desc: "the operator's speech recognition service (https in production)" }),
  ZSB_SPEECH_HTTP_TOKEN: str({ default: undefined, desc: 'bearer token of the speech recognition service' }),
  ZSB_SPEECH_HTTP_TIMEOUT_MS: wholeNumber({ default: 60_000, desc: 'how long to wait for a transcript' }),
};

/**
 * Picks the recogniser from `ZSB_SPEECH_PROVIDER` (`http` in production, `development` otherwise). Production
 * refuses the development recogniser and an `http` one without its URL and token, so it does not start
 * misconfigured.
 */
export function createSpeechRecognizer(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): SpeechRecognizer {
  const settings = readSettings(env, SPEECH_SETTINGS);
  const choice = settings.ZSB_SPEECH_PROVIDER ?? (config.mode === 'production' ? 'http' : 'development');
  if (choice === 'development') {
    if (config.mode === 'production') throw new Error('ZSB_SPEECH_PROVIDER=development is for development only; production needs the operator\'s speech recognition service (http)');
    return new DevelopmentSpeechRecognizer();
  }
  if (choice === 'http') {
    if (!settings.ZSB_SPEECH_HTTP_URL || !settings.ZSB_SPEECH_HTTP_TOKEN) throw new Error('ZSB_SPEECH_HTTP_URL and ZSB_SPEECH_HTTP_TOKEN are required for the http speech recognition provider');
    let url: URL;
    try {
      url = new URL(settings.ZSB_SPEECH_HTTP_URL);
    } catch {
      throw new Error(`ZSB_SPEECH_HTTP_URL is not a URL: "${settings.ZSB_SPEECH_HTTP_URL}"`);
    }
    if (config.mode === 'production' && url.protocol !== 'https:') throw new Error('ZSB_SPEECH_HTTP_URL must use https in production: recordings are personal data');
    return new HttpSpeechRecognizer(url, settings.ZSB_SPEECH_HTTP_TOKEN, settings.ZSB_SPEECH_HTTP_TIMEOUT_MS);
  }
  return choice satisfies never;
}

/**
 * The recogniser, where a rule set in force offers voice fill (form.json `voiceFill`), else undefined. Called at
 * start, so production refuses to start misconfigured only where a province needs one.
 */
export function speechRecognizerFor(ruleSets: readonly RuleSet[], config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): SpeechRecognizer | undefined {
  return ruleSets.some((r) => r.form.voiceFill) ? createSpeechRecognizer(config, env) : undefined;
}
