import { For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { FormAlert, SubmitButton } from '../components/field.tsx';
import { LogOutButton } from '../components/log-out-button.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useRegistration } from './context.tsx';
import { RegistrationRulesQuery, StartRegistrationMutation, type Registration } from './documents.ts';
import { canOpen, progress, REGISTRATION_STATUS_LABELS, REVIEW_STATUS_LABELS, STEP_STATUS_LABELS } from './model.ts';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

/** 网上报名: start the registration, or the task list of its steps with their status, the review, and what next. */
export default function RegistrationOverview() {
  const policy = usePolicy();
  const { registration } = useRegistration();
  usePageTitle(() => t('title'));
  return (
    <div class="layout">
      <section class="card" aria-labelledby="registration-heading">
        <p class="card__eyebrow">{t('title')}</p>
        <h1 class="card__title" id="registration-heading">
          {registration()?.examSession?.title ?? policy().title}
        </h1>
        <Switch>
          <Match when={registration()}>{(current) => <TaskList registration={current()} />}</Match>
          <Match when={!registration()}>
            <StartRegistration />
          </Match>
        </Switch>
        <nav class="links" aria-label={t('overview.account')}>
          <A href={`/${policy().province}/home`}>{t('overview.myAccount')}</A>
        </nav>
        <LogOutButton province={policy().province} />
      </section>
    </div>
  );
}

function StartRegistration() {
  const policy = usePolicy();
  const client = useClient();
  const { replace } = useRegistration();
  const [rules] = createQuery({ query: RegistrationRulesQuery, variables: () => ({ province: policy().province }) });
  const state = createMutationForm({ fields: [] });
  const start = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({}),
      async () => {
        const result = await client.mutation(StartRegistrationMutation, {}).toPromise();
        return { error: result.error, payload: result.data?.startRegistration };
      },
      { failureMessage: t('overview.startFailed') },
    );
    if (payload?.registration) replace(payload.registration);
  };
  return (
    <form ref={state.ref} onSubmit={start} novalidate>
      <FormAlert message={state.errors[FORM]} />
      <p class="card__lead">{t('overview.lead')}</p>
      <Show when={rules.data?.registrationRules}>
        {(found) => (
          <ol class="task-list task-list--plain">
            <For each={found().steps}>
              {(step) => (
                <li class="task">
                  <span class="task__number">{step.number ? `${step.number}/${found().steps.filter((s) => s.number).length}` : t('overview.notice')}</span>
                  <span class="task__title">{step.title}</span>
                </li>
              )}
            </For>
          </ol>
        )}
      </Show>
      <SubmitButton busy={state.busy()} label={t('overview.start')} busyLabel={t('overview.starting')} />
    </form>
  );
}

function TaskList(props: { registration: Registration }) {
  const policy = usePolicy();
  const { reload } = useRegistration();
  const counted = () => progress(props.registration.steps);
  const href = (code: string) => `/${policy().province}/registration/steps/${code}`;
  const changeable = () => props.registration.fields.some((f) => f.changeable) || props.registration.changeRequests.length > 0;
  return (
    <>
      <div class="status-panel" role="status">
        <p class="status-panel__status" data-testid="registration-status">
          {REGISTRATION_STATUS_LABELS[props.registration.status] ?? props.registration.status}
        </p>
        <p class="status-panel__progress" data-testid="progress">
          {t('overview.progress', { done: counted().done, total: counted().total })}
        </p>
        <div class="progress" aria-hidden="true">
          <div class="progress__bar" style={{ width: `${counted().total ? (100 * counted().done) / counted().total : 0}%` }} />
        </div>
      </div>
      <Show when={props.registration.review?.status}>
        {(status) => (
          <div class="review-panel" classList={{ 'review-panel--problem': status() === 'REJECTED' || status() === 'RETURNED' }}>
            <h2 class="card__subtitle">{t('overview.review', { status: REVIEW_STATUS_LABELS[status()] ?? status() })}</h2>
            <Show when={props.registration.review?.stage}>{(stage) => <p>{t('overview.stage', { stage: stage().title })}</p>}</Show>
            <Show when={props.registration.review?.reason}>
              {(reason) => (
                <p class="alert alert--error" data-testid="review-reason">
                  {t('overview.reason', { reason: reason() })}
                </p>
              )}
            </Show>
            <div class="actions">
              <Show when={status() === 'RETURNED' && changeable()}>
                <A class="button button--primary" href={`/${policy().province}/registration/changes`}>
                  {t('overview.edit')}
                </A>
              </Show>
              <button type="button" class="button button--secondary" onClick={reload}>
                {t('overview.refreshReview')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={props.registration.next}>
        {(next) => (
          <A class="button button--primary button--block" href={href(next().code)}>
            {next().number ? t('overview.continueNumbered', { number: next().number!, title: next().title }) : t('overview.continue', { title: next().title })}
          </A>
        )}
      </Show>
      <h2 class="card__subtitle" id="steps-heading">
        {t('overview.steps')}
      </h2>
      <ol class="task-list" aria-labelledby="steps-heading">
        <For each={props.registration.steps}>
          {(step) => (
            <li class="task" classList={{ 'task--current': step.status === 'CURRENT' }} data-step={step.code}>
              <span class="task__number">{step.number ?? t('overview.notice')}</span>
              <span class="task__title">
                <Show when={canOpen(step)} fallback={step.title}>
                  <A href={href(step.code)} aria-describedby={`status-${step.code}`}>
                    {step.title}
                  </A>
                </Show>
                <Show when={step.blockedBy}>{(blocked) => <span class="task__note">{blocked().message}</span>}</Show>
              </span>
              <span class={`tag tag--${step.status.toLowerCase()}`} id={`status-${step.code}`}>
                {STEP_STATUS_LABELS[step.status] ?? step.status}
              </span>
            </li>
          )}
        </For>
      </ol>
      <nav class="links" aria-label={t('overview.information')}>
        <A href={`/${policy().province}/registration/preview`}>{t('overview.preview')}</A>
        <Show when={changeable()}>
          <A href={`/${policy().province}/registration/changes`}>{t('overview.changes')}</A>
        </Show>
      </nav>
    </>
  );
}
