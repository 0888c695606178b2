import { For, Show } from 'solid-js';
import { A, Navigate } from '@solidjs/router';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useRegistration } from './context.tsx';
import { displayValue, REGISTRATION_STATUS_LABELS } from './model.ts';

/** 报名信息预览: every value of the registration as the server holds it, with whether it is locked and why. */
export default function PreviewPage() {
  const policy = usePolicy();
  const { registration } = useRegistration();
  usePageTitle(() => '报名信息预览');
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
              返回报名步骤
            </A>
            <p class="card__eyebrow">{current().examSession?.title ?? policy().title}</p>
            <h1 class="card__title" id="preview-heading">
              报名信息预览
            </h1>
            <p class="card__lead">报名状态：{REGISTRATION_STATUS_LABELS[current().status] ?? current().status}</p>
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
                打印
              </button>
            </div>
          </section>
        </div>
      )}
    </Show>
  );
}
