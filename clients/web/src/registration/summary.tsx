import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { usePolicy } from '../policy/policy-context.tsx';
import type { Registration, Step } from './documents.ts';
import { displayValue, lockedBy } from './model.ts';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

/**
 * Check your answers (确认报考信息): every value given so far, step by step, with a link back to a step that can still
 * change, and — before the step that locks them — which values cannot change directly once it is done.
 */
export function AnswersSummary(props: { registration: Registration; step: Step }) {
  const policy = usePolicy();
  const locking = () => lockedBy(props.registration, props.step);
  const steps = () =>
    props.registration.steps
      .filter((s) => s.position < props.step.position)
      .map((s) => ({ step: s, fields: props.registration.fields.filter((f) => f.step === s.code) }))
      .filter((group) => group.fields.length > 0);
  return (
    <section class="summary" aria-labelledby="summary-heading">
      <h2 class="card__subtitle" id="summary-heading">
        {t('summary.title')}
      </h2>
      <Show when={locking().length > 0 && props.step.status !== 'DONE'}>
        <div class="alert alert--warning" data-testid="locks">
          <strong>{t('summary.locks')}</strong>
          {locking().join(t('question.listSeparator'))}
        </div>
      </Show>
      <For each={steps()}>
        {(group) => (
          <div class="summary__group">
            <div class="summary__head">
              <h3 class="summary__title">{group.step.title}</h3>
              <Show when={group.step.status === 'AVAILABLE'}>
                <A href={`/${policy().province}/registration/steps/${group.step.code}`} aria-label={t('summary.changeStep', { step: group.step.title })}>
                  {t('summary.change')}
                </A>
              </Show>
            </div>
            <dl class="facts">
              <For each={group.fields}>
                {(field) => (
                  <div class="facts__row">
                    <dt>{field.label}</dt>
                    <dd>{field.display ?? displayValue(field.value)}</dd>
                  </div>
                )}
              </For>
            </dl>
          </div>
        )}
      </For>
    </section>
  );
}
