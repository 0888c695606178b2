import { createSignal, For, onCleanup, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { useClient } from '@urql/solid';
import { useMessages } from '../i18n/locale.ts';
import { SETTLED, VoiceUploadQuery, type VoiceUploadView } from '../uploads/documents.ts';
import { sendUpload } from '../uploads/send.ts';
import { acceptOf, sizeText } from '../uploads/upload-field.tsx';
import type { Question } from './documents.ts';
import { shownValue } from './questions.tsx';
import { clockText, createRecorder, recordingType } from './recorder.ts';
import { voiceMessages } from './voice-messages.ts';

/** The rules' limits for voice fill, as the step gives them (`RegistrationStep.voiceFill`). */
export interface VoiceFillLimits {
  maxSeconds: number;
  maxBytes: number;
  formats: readonly string[];
}

export type Suggestion = NonNullable<VoiceUploadView['voiceFill']>['suggestions'][number];

/** Below this the reading is marked for checking, as the API advises. */
export const DOUBTFUL_BELOW = 0.5;
export const doubtful = (suggestion: Suggestion) => Boolean(suggestion.problem) || suggestion.confidence < DOUBTFUL_BELOW;

/** The upload field a recording is sent as. */
const FIELD = 'recording';

/**
 * 语音识别填报: record (up to the rules' limit, with a timer, stop, play back and record again) or choose an audio
 * file where the browser cannot record; send it with tus as the `recording` upload; follow the upload until the
 * server has heard it; then show each suggested value beside the form's own, for the candidate to use or not.
 * Nothing reaches the form without their choice, and nothing is saved until they submit the step.
 */
export function VoiceFill(props: {
  registrationId: string;
  limits: VoiceFillLimits;
  questions: readonly Question[];
  values: Record<string, unknown>;
  onAccept: (code: string, value: string) => void;
}) {
  const t = useMessages(voiceMessages);
  const client = useClient();
  const supported = recordingType(props.limits.formats);
  const recorder = createRecorder({ maxSeconds: () => props.limits.maxSeconds, mimeType: () => supported?.mimeType });
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal<number>();
  const [error, setError] = createSignal<string>();
  const [result, setResult] = createSignal<VoiceUploadView>();
  const [choices, setChoices] = createStore<Record<string, 'accepted' | 'rejected'>>({});
  let controller: AbortController | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    controller?.abort();
    clearTimeout(poll);
  });

  const byCode = () => new Map(props.questions.map((q) => [q.code, q]));
  /** Only suggestions for questions the candidate may answer here (not read-only or locked ones). */
  const suggestions = () => (result()?.voiceFill?.suggestions ?? []).filter((s) => {
    const question = byCode().get(s.field);
    return question && !question.readOnly && !question.locked;
  });
  const labelOf = (code: string) => byCode().get(code)?.label ?? code;

  const follow = async (uploadId: string) => {
    const answer = await client.query(VoiceUploadQuery, { id: uploadId }, { requestPolicy: 'network-only' }).toPromise();
    const seen = answer.data?.upload;
    if (seen && SETTLED.has(seen.status)) {
      setBusy(false);
      setProgress(undefined);
      if (seen.problem) setError(seen.problem.message);
      setResult(seen);
      return;
    }
    poll = setTimeout(() => void follow(uploadId), 1500);
  };

  const send = async (file: Blob) => {
    if (busy()) return;
    setError(undefined);
    if (file.size > props.limits.maxBytes) {
      setError(t('tooLarge', { size: sizeText(props.limits.maxBytes) }));
      return;
    }
    setBusy(true);
    setResult(undefined);
    setChoices({});
    setProgress(0);
    try {
      controller = new AbortController();
      const sent = await sendUpload(client, { registrationId: props.registrationId, field: FIELD, file, signal: controller.signal, onProgress: setProgress, unavailable: t('requestFailed') });
      if (!sent.ok) {
        setError(sent.message);
        setBusy(false);
        setProgress(undefined);
        return;
      }
      await follow(sent.uploadId);
    } catch {
      setError(t('networkFailed'));
      setBusy(false);
      setProgress(undefined);
    }
  };

  const accept = (suggestion: Suggestion) => {
    props.onAccept(suggestion.field, suggestion.value);
    setChoices(suggestion.field, 'accepted');
  };
  const acceptConfident = () => suggestions().filter((s) => !doubtful(s) && !choices[s.field]).forEach(accept);

  const onFile = (event: Event & { currentTarget: HTMLInputElement }) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (file) void send(file);
  };
  const limitText = () => t('limits', { limit: clockText(props.limits.maxSeconds), formats: props.limits.formats.join('、'), size: sizeText(props.limits.maxBytes) });
  const recording = () => recorder.state() === 'recording';

  return (
    <section class="voice-fill" aria-labelledby="voice-fill-title" data-testid="voice-fill">
      <h2 class="card__subtitle" id="voice-fill-title">
        {t('title')}
      </h2>
      <p class="field__hint">{t('lead')}</p>
      <p class="field__hint" id="voice-fill-limits">
        {limitText()}
      </p>
      <Show
        when={supported}
        fallback={
          <p class="alert alert--info" data-testid="voice-unsupported">
            {t('unsupported')}
          </p>
        }
      >
        <div class="upload-field__actions">
          <Show
            when={recording()}
            fallback={
              <button type="button" class="button button--secondary" disabled={busy() || recorder.state() === 'starting'} onClick={() => void recorder.start()} data-testid="voice-record">
                {recorder.recording() ? t('rerecord') : t('record')}
              </button>
            }
          >
            <button type="button" class="button button--secondary" onClick={() => recorder.stop()} data-testid="voice-stop">
              {t('stop')}
            </button>
          </Show>
          <Show when={recorder.recording() && !recording()}>
            <button type="button" class="button button--primary" disabled={busy()} onClick={() => void send(recorder.recording()!.blob)} data-testid="voice-upload">
              {t('upload')}
            </button>
          </Show>
        </div>
        <Show when={recorder.state() === 'starting'}>
          <p class="field__hint" role="status">
            {t('starting')}
          </p>
        </Show>
        <Show when={recording()}>
          <p class="voice-fill__timer" role="timer" aria-live="off" data-testid="voice-timer">
            {t('timer', { elapsed: clockText(recorder.elapsed()), limit: clockText(props.limits.maxSeconds) })}
          </p>
          <div class="progress" aria-hidden="true">
            <div class="progress__bar" style={{ width: `${Math.min(100, (recorder.elapsed() / props.limits.maxSeconds) * 100)}%` }} />
          </div>
        </Show>
        <Show when={!recording() && recorder.recording()}>
          {(taken) => (
            <>
              <p class="field__hint" role="status">
                {t('recorded', { seconds: clockText(taken().seconds) })}
              </p>
              <audio class="voice-fill__playback" controls src={taken().url} aria-label={t('playback')} data-testid="voice-playback" />
            </>
          )}
        </Show>
        <Show when={recorder.state() === 'denied' || recorder.state() === 'failed'}>
          <p class="alert alert--error" role="alert" data-testid="voice-record-problem">
            {recorder.state() === 'denied' ? t('denied') : t('failed')}
          </p>
        </Show>
      </Show>
      <div class="upload-field__actions">
        <label class="button button--outline upload-field__button">
          {t('pickFile')}
          <input class="visually-hidden" type="file" accept={acceptOf(props.limits.formats)} disabled={busy() || recording()} aria-describedby="voice-fill-limits" data-testid="voice-file" onChange={onFile} />
        </label>
      </div>
      <Show when={progress() !== undefined}>
        <div class="progress" role="progressbar" aria-label={t('upload')} aria-valuemin="0" aria-valuemax="100" aria-valuenow={progress()}>
          <div class="progress__bar" style={{ width: `${progress()}%` }} />
        </div>
        <p class="field__hint" aria-live="polite">
          {progress()! < 100 ? t('uploading', { percent: progress()! }) : t('recognising')}
        </p>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="alert alert--error" role="alert" data-testid="voice-error">
            {message()}
          </p>
        )}
      </Show>
      <Show when={result()?.voiceFill}>
        {(heard) => (
          <div class="voice-fill__result" aria-live="polite">
            <h3 class="card__subtitle">{t('suggestions')}</h3>
            <Show when={suggestions().length > 0} fallback={<p class="alert alert--info">{t('noSuggestions')}</p>}>
              <ul class="suggestion-list">
                <For each={suggestions()}>
                  {(suggestion) => (
                    <li class="suggestion" classList={{ 'suggestion--doubtful': doubtful(suggestion) }} data-field={suggestion.field} data-testid={`suggestion-${suggestion.field}`}>
                      <p class="suggestion__label">{labelOf(suggestion.field)}</p>
                      <p class="suggestion__value">{suggestion.display ?? suggestion.value}</p>
                      <p class="field__hint">
                        {t('current', { value: props.values[suggestion.field] === undefined || props.values[suggestion.field] === null || props.values[suggestion.field] === '' ? t('empty') : shownValue(byCode().get(suggestion.field)!, props.values[suggestion.field]) })}
                        {' · '}
                        {t('confidence', { percent: Math.round(suggestion.confidence * 100) })}
                      </p>
                      <Show when={doubtful(suggestion)}>
                        <p class="alert alert--warning" data-testid="suggestion-doubtful">
                          {suggestion.problem ?? t('doubtful')}
                        </p>
                      </Show>
                      <Show
                        when={!choices[suggestion.field]}
                        fallback={
                          <p class="tag-line">
                            <span class={`tag ${choices[suggestion.field] === 'accepted' ? 'tag--done' : 'tag--locked'}`}>{choices[suggestion.field] === 'accepted' ? t('accepted') : t('rejected')}</span>
                          </p>
                        }
                      >
                        <div class="upload-field__actions">
                          <button type="button" class="button button--secondary" onClick={() => accept(suggestion)} aria-label={`${t('accept')}：${labelOf(suggestion.field)}`}>
                            {t('accept')}
                          </button>
                          <button type="button" class="button button--outline" onClick={() => setChoices(suggestion.field, 'rejected')} aria-label={`${t('reject')}：${labelOf(suggestion.field)}`}>
                            {t('reject')}
                          </button>
                        </div>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={suggestions().some((s) => !doubtful(s) && !choices[s.field])}>
                <button type="button" class="button button--outline" onClick={acceptConfident} data-testid="voice-accept-confident">
                  {t('acceptAll')}
                </button>
              </Show>
            </Show>
            <Show when={heard().missing.length > 0}>
              <p class="field__hint">{t('missing', { fields: heard().missing.map(labelOf).join('、') })}</p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
