import { For, Show } from 'solid-js';
import { A, Navigate } from '@solidjs/router';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useRegistration } from './context.tsx';
import { displayValue, REGISTRATION_STATUS_LABELS } from './model.ts';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

/** 报名信息预览: every value of the registration as the server holds it, with whether it is locked and why. */
export default function PreviewPage() {
  const policy = usePolicy();
  const { registration } = useRegistration();
  usePageTitle(() => t('preview.title'));
  const overview = () => `/${policy().province}/registration`;
  const groups = () => {
    const current = registration();
    if (!current) return [];
    return current.steps
      .map((step) => ({ step, fields: current.fields.filter((f) => f.step === step.code) }))
      .filter((group) => group.fields.length > 0);
  };
  return (
    <Show when={registration()} fallback={<Navigate href={overview()} />}>
      {(current) => (
        <div class="layout">
          <section class="card" aria-labelledby="preview-heading">
            <A class="back-link" href={overview()}>
              {t('back')}
            </A>
            <p class="card__eyebrow">{current().examSession?.title ?? policy().title}</p>
            <h1 class="card__title" id="preview-heading">
              {t('preview.title')}
            </h1>
            <p class="card__lead">{t('preview.status', { status: REGISTRATION_STATUS_LABELS[current().status] ?? current().status })}</p>
            <For each={groups()}>
              {(group) => (
                <div class="summary__group">
                  <h2 class="summary__title">{group.step.title}</h2>
                  <dl class="facts">
                    <For each={group.fields}>
                      {(field) => (
                        <div class="facts__row">
                          <dt>{field.label}</dt>
                          <dd>
                            {field.display ?? displayValue(field.value)}
                            <Show when={field.locked && field.lockMessage}>
                              <span class="facts__note">{field.lockMessage}</span>
                            </Show>
                          </dd>
                        </div>
                      )}
                    </For>
                  </dl>
                </div>
              )}
            </For>
            <div class="actions actions--print">
              <button type="button" class="button button--secondary" onClick={() => window.print()}>
                {t('preview.print')}
              </button>
            </div>
          </section>
        </div>
      )}
    </Show>
  );
}
