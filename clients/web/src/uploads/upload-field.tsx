import { createSignal, For, onCleanup, Show } from 'solid-js';
import { useClient } from '@urql/solid';
import { SETTLED, UploadQuery, type UploadView } from './documents.ts';
import { sendUpload } from './send.ts';
import { useMessages } from '../i18n/locale.ts';
import { uploadMessages } from './messages.ts';

const t = useMessages(uploadMessages);

/** What a file field asks, as the step's `asks` gives it. */
export interface FileAsk {
  code: string;
  label: string;
  type: string;
  required?: boolean | null;
  formats?: readonly string[] | null;
  maxBytes?: number | null;
  hint?: string | null;
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf', mp3: 'audio/mpeg', m4a: 'audio/mp4', wav: 'audio/wav', webm: 'audio/webm', ogg: 'audio/ogg', aac: 'audio/aac', amr: 'audio/amr' };

/** The picker's `accept`: the rules' formats as extensions and types (a photo section without formats takes JPG/PNG). */
export function acceptOf(formats: readonly string[] | null | undefined, fallback: readonly string[] = ['jpg', 'png']): string {
  const list = formats?.length ? formats : fallback;
  const out = new Set<string>();
  for (const format of list) {
    const lower = format.toLowerCase();
    out.add(`.${lower}`);
    if (lower === 'jpg') out.add('.jpeg');
    if (MIME[lower]) out.add(MIME[lower]!);
  }
  return [...out].join(',');
}

export const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MB` : `${Math.round(bytes / 1024)} KB`);

/** Whether the field takes images only (then the phone's camera can take it). */
const imagesOnly = (ask: FileAsk) => (ask.formats?.length ? ask.formats : ['jpg', 'png']).every((f) => ['jpg', 'jpeg', 'png'].includes(f.toLowerCase()));

/** The file's state as the candidate reads it: checks by name with what to fix, the comparison, the thumbnail. */
export function UploadResult(props: { upload: UploadView }) {
  const failed = () => props.upload.checks.filter((c) => !c.passed);
  const tone = () => (props.upload.status === 'DONE' ? 'success' : SETTLED.has(props.upload.status) ? 'error' : 'info');
  return (
    <div class="upload-result" data-testid={`upload-result-${props.upload.field}`} data-status={props.upload.status}>
      <p class={`alert alert--${tone()}`} role="status">
        {t('status', { status: props.upload.statusText })}
        <Show when={props.upload.complianceText}>{(text) => <>{t('compliance', { result: text() })}</>}</Show>
      </p>
      <Show when={props.upload.problem}>{(problem) => <p class="alert alert--error">{problem().message}</p>}</Show>
      <Show when={failed().length > 0}>
        <ul class="check-list" aria-label={t('failedChecks')}>
          <For each={failed()}>
            {(check) => (
              <li class="check-list__item" data-code={check.code}>
                {check.message}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.upload.comparison}>
        {(comparison) => (
          <p class={`tag ${comparison().matched ? 'tag--done' : 'tag--blocked'}`} data-testid="comparison">
            {comparison().text}
          </p>
        )}
      </Show>
      <Show when={props.upload.downloadUrl && props.upload.format !== 'pdf' && props.upload.status !== 'REFUSED'}>
        <a href={props.upload.downloadUrl!} target="_blank" rel="noopener" class="upload-thumb">
          <img src={props.upload.downloadUrl!} alt={t('uploaded', { label: props.upload.label })} loading="lazy" />
        </a>
      </Show>
    </div>
  );
}

/**
 * One file the step asks: choose (or, for images on a phone, take) a file, see it, send it resumably with tus, then
 * follow its 处理状态 until it is analysed; a flagged photo names each failed check so the candidate knows what to fix.
 */
export function UploadField(props: { registrationId: string; ask: FileAsk; initial?: UploadView; disabled?: boolean; onSettled?: (upload: UploadView) => void }) {
  const client = useClient();
  const id = () => `upload-${props.ask.code}`;
  const [preview, setPreview] = createSignal<string>();
  const [progress, setProgress] = createSignal<number>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [upload, setUpload] = createSignal<UploadView | undefined>(props.initial);
  let controller: AbortController | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    controller?.abort();
    clearTimeout(poll);
    if (preview()) URL.revokeObjectURL(preview()!);
  });

  const follow = async (uploadId: string) => {
    const result = await client.query(UploadQuery, { id: uploadId }, { requestPolicy: 'network-only' }).toPromise();
    const seen = result.data?.upload;
    if (seen) setUpload(seen);
    if (seen && SETTLED.has(seen.status)) {
      setBusy(false);
      props.onSettled?.(seen);
      return;
    }
    poll = setTimeout(() => void follow(uploadId), 1500);
  };

  const choose = async (file: File | undefined) => {
    if (!file || busy()) return;
    setError(undefined);
    if (props.ask.maxBytes && file.size > props.ask.maxBytes) {
      setError(t('tooLarge', { size: sizeText(props.ask.maxBytes) }));
      return;
    }
    if (preview()) URL.revokeObjectURL(preview()!);
    setPreview(file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined);
    setBusy(true);
    setUpload(undefined);
    setProgress(0);
    try {
      controller = new AbortController();
      const sent = await sendUpload(client, { registrationId: props.registrationId, field: props.ask.code, file, signal: controller.signal, onProgress: setProgress, unavailable: t('requestFailed') });
      if (!sent.ok) {
        setError(sent.message);
        setBusy(false);
        return;
      }
      await follow(sent.uploadId);
    } catch {
      setError(t('networkFailed'));
      setBusy(false);
    }
  };
  const onInput = (event: Event & { currentTarget: HTMLInputElement }) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    void choose(file);
  };
  const rule = () =>
    [props.ask.formats?.length ? t('formats', { list: props.ask.formats.join(t('listSeparator')) }) : '', props.ask.maxBytes ? t('maxSize', { size: sizeText(props.ask.maxBytes) }) : ''].filter(Boolean).join(t('ruleSeparator'));

  return (
    <div class="upload-field field" data-testid={id()} data-field={props.ask.code}>
      <p class="field__label" classList={{ 'field__label--required': props.ask.required !== false }} id={`${id()}-label`}>
        {props.ask.label}
      </p>
      <p class="field__hint" id={`${id()}-hint`}>
        {[rule(), props.ask.hint].filter(Boolean).join(t('hintSeparator'))}
      </p>
      <Show when={!props.disabled}>
        <div class="upload-field__actions">
          <Show when={imagesOnly(props.ask)}>
            <label class="button button--secondary upload-field__button">
              {props.ask.type === 'photo' ? t('takePhoto') : t('takePicture')}
              <input
                class="visually-hidden"
                type="file"
                accept="image/*"
                capture={props.ask.type === 'photo' ? 'user' : 'environment'}
                disabled={busy()}
                aria-describedby={`${id()}-hint`}
                data-testid={`${id()}-camera`}
                onChange={onInput}
              />
            </label>
          </Show>
          <label class="button button--outline upload-field__button">
            {t('chooseFile')}
            <input class="visually-hidden" type="file" accept={acceptOf(props.ask.formats)} disabled={busy()} aria-describedby={`${id()}-hint`} data-testid={`${id()}-file`} onChange={onInput} />
          </label>
        </div>
      </Show>
      {/* The chosen file until the stored one can be shown in its place. */}
      <Show when={!upload()?.downloadUrl && preview()}>{(src) => <img class="upload-field__preview" src={src()} alt={t('preview', { label: props.ask.label })} />}</Show>
      <Show when={progress() !== undefined && (busy() || progress()! < 100)}>
        <div class="progress" role="progressbar" aria-label={t('progressLabel', { label: props.ask.label })} aria-valuemin="0" aria-valuemax="100" aria-valuenow={progress()}>
          <div class="progress__bar" style={{ width: `${progress()}%` }} />
        </div>
        <p class="field__hint" aria-live="polite">
          {progress()! < 100 ? t('uploading', { percent: progress()! }) : t('checking')}
        </p>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="alert alert--error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <Show when={upload()}>{(seen) => <UploadResult upload={seen()} />}</Show>
    </div>
  );
}
