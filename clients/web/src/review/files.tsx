import { For, Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import type { UploadView } from '../uploads/documents.ts';
import { useMessages } from '../i18n/locale.ts';
import { ReviewUploadsQuery } from './documents.ts';
import { reviewMessages } from './messages.ts';

/** Each field's latest file (a recording is never kept, so never listed). */
export function latestFiles(uploads: readonly UploadView[]): UploadView[] {
  const byField = new Map<string, UploadView>();
  for (const upload of uploads) {
    if (upload.field === 'recording' || upload.status === 'WAITING' || upload.status === 'RECEIVING') continue;
    const seen = byField.get(upload.field);
    if (!seen || seen.createdAt <= upload.createdAt) byField.set(upload.field, upload);
  }
  return [...byField.values()];
}

/** 照片与材料: thumbnails opening the full image (each opening is audited), the checks and the comparison score. */
export function ReviewFiles(props: { registrationId: string }) {
  const t = useMessages(reviewMessages);
  const [result] = createQuery({ query: ReviewUploadsQuery, variables: () => ({ id: props.registrationId }), requestPolicy: 'network-only' });
  const files = () => latestFiles(result.data?.registration?.uploads ?? []);
  return (
    <section class="summary__group" aria-labelledby="files-heading" data-testid="review-files">
      <h2 class="summary__title" id="files-heading">
        {t('files.title')}
      </h2>
      <Show when={result.error}>
        <p class="alert alert--error">{t('files.unavailable')}</p>
      </Show>
      <Show when={result.data} fallback={<p class="loading" role="status">{t('loading')}</p>}>
        <Show when={files().length > 0} fallback={<p>{t('files.none')}</p>}>
          <ul class="review-files">
            <For each={files()}>
              {(file) => (
                <li class="review-files__item" data-field={file.field} data-status={file.status}>
                  <strong>{file.label}</strong>
                  <Show when={file.downloadUrl && file.status !== 'REFUSED'}>
                    <a class="upload-thumb" href={file.downloadUrl!} target="_blank" rel="noopener" aria-label={t('files.open', { label: file.label })}>
                      <img src={file.downloadUrl!} alt={file.label} loading="lazy" />
                    </a>
                  </Show>
                  <span class="facts__note">
                    {t('files.status', { status: file.statusText })}
                    <Show when={file.complianceText}>{(text) => <>{t('files.compliance', { text: text() })}</>}</Show>
                  </span>
                  <Show when={file.checks.length > 0}>
                    <ul class="check-list check-list--all">
                      <For each={file.checks}>
                        {(check) => (
                          <li classList={{ 'check-list__passed': check.passed }} data-code={check.code}>
                            {check.passed ? '✓' : '✗'} {check.message}
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                  <Show when={file.comparison}>
                    {(comparison) => (
                      <span class={`tag ${comparison().matched ? 'tag--done' : 'tag--blocked'}`} data-testid="review-comparison">
                        {t('files.comparison', { text: comparison().text, distance: comparison().distance.toFixed(2), threshold: comparison().threshold.toFixed(2) })}
                      </span>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
