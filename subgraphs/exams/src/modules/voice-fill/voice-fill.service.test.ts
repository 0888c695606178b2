import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR, loadRuleSet } from '@zsb/rules';
import { personalInformationFields } from './form-fields.ts';
import { DevelopmentSpeechRecognizer } from './providers/adapters/development-speech-recognizer.ts';
import type { SpeechRecognizer, Transcription } from './providers/speech-recognizer.ts';
import { mp4, oggOpus, wav } from './testing/audio.ts';
import { VoiceFillService } from './voice-fill.service.ts';

const innerMongolia = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-NM/2026'));
const shandong = loadRuleSet(path.join(DEFAULT_RULES_DIR, 'CN-SD/2023'));
const now = new Date('2026-03-03T10:00:00+08:00');
const fields = await personalInformationFields(innerMongolia, {}, now);

/** A recogniser that answers as told, standing in for the operator's service in failure cases. */
class AnsweringRecognizer implements SpeechRecognizer {
  readonly name = 'answering';
  constructor(private readonly answer: () => Promise<Transcription>) {}
  transcribe(): Promise<Transcription> {
    return this.answer();
  }
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return (error as { error?: { code: string } }).error?.code;
  }
  throw new Error('expected a refusal');
};

describe('voice fill from a recording', () => {
  const service = new VoiceFillService(new DevelopmentSpeechRecognizer());

  it('checks the recording, has it transcribed and suggests the form’s values, saving nothing', async () => {
    const { recording, transcript, result } = await service.suggest({
      ruleSet: innerMongolia,
      fields,
      audio: mp4(42),
      supplied: { transcript: '我叫巴特尔，蒙古族，共青团员，手机幺五二四七洞洞幺二三四，毕业于兴安职业技术学院畜牧兽医专业。' },
      now,
    });
    expect(recording).toMatchObject({ format: 'm4a', mimeType: 'audio/mp4', durationSeconds: 42 });
    expect(transcript).toMatch(/^我叫巴特尔/);
    expect(Object.fromEntries(result.suggestions.map((s) => [s.field, s.display]))).toEqual({ name: '巴特尔', ethnicity: '蒙古族', politicalStatus: '共青团员', phone: '15247001234', collegeName: '兴安职业技术学院', majorName: '畜牧兽医' });
    expect(result.missing).toEqual(['graduationYear', 'mailingAddress', 'postcode']);
  });

  it('reads the transcript a demo recording carries in its comment tag', async () => {
    const { result } = await service.suggest({ ruleSet: innerMongolia, fields, audio: oggOpus(5, '民族回族，政治面貌群众'), now });
    expect(result.suggestions.map((s) => s.display)).toEqual(['回族', '群众']);
  });

  it('is refused where the province does not offer voice fill', async () => {
    expect(await refusal(service.suggest({ ruleSet: shandong, fields, audio: wav(3), supplied: { transcript: '汉族' }, now }))).toBe('VOICE_FILL_NOT_OFFERED');
  });

  it('refuses a recording over the province’s limit before it reaches the recogniser', async () => {
    let called = 0;
    const counting = new VoiceFillService(new AnsweringRecognizer(async () => (called++, { text: '汉族' })));
    expect(await refusal(counting.suggest({ ruleSet: innerMongolia, fields, audio: mp4(301), now }))).toBe('RECORDING_TOO_LONG');
    expect(called).toBe(0);
  });

  it('refuses a recording the recogniser measured longer than the limit, though its file said less', async () => {
    const measuring = new VoiceFillService(new AnsweringRecognizer(async () => ({ text: '汉族', durationSeconds: 420 })));
    expect(await refusal(measuring.suggest({ ruleSet: innerMongolia, fields, audio: mp4(30), now }))).toBe('RECORDING_TOO_LONG');
  });

  it('answers SPEECH_RECOGNITION_FAILED where a province offers voice fill that no recogniser was configured for at start', async () => {
    expect(await refusal(new VoiceFillService(undefined).suggest({ ruleSet: innerMongolia, fields, audio: mp4(30), now }))).toBe('SPEECH_RECOGNITION_FAILED');
  });

  it('answers SPEECH_RECOGNITION_FAILED when the recogniser fails, and SPEECH_NOTHING_HEARD for silence', async () => {
    const failing = new VoiceFillService(new AnsweringRecognizer(async () => Promise.reject(new Error('speech recognition service answered 502'))));
    expect(await refusal(failing.suggest({ ruleSet: innerMongolia, fields, audio: mp4(30), now }))).toBe('SPEECH_RECOGNITION_FAILED');
    const silent = new VoiceFillService(new AnsweringRecognizer(async () => ({ text: '  ' })));
    expect(await refusal(silent.suggest({ ruleSet: innerMongolia, fields, audio: mp4(30), now }))).toBe('SPEECH_NOTHING_HEARD');
    const rambling = new VoiceFillService(new AnsweringRecognizer(async () => ({ text: '汉族'.repeat(6000) })));
    expect(await refusal(rambling.suggest({ ruleSet: innerMongolia, fields, audio: mp4(30), now }))).toBe('SPEECH_RECOGNITION_FAILED');
  });
});
