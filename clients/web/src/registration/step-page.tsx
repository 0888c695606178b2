import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, Show, Switch } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { A, Navigate, useNavigate, useParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { FormAlert, SubmitButton } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createDraft, createMutationForm } from '../forms/mutation-form.ts';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useRegistration } from './context.tsx';
import { CompleteRegistrationStepMutation, ShowRegistrationStepMutation, StepQuery, type Question, type Registration, type Step } from './documents.ts';
import { answersOf, initialValue, isUpload, questionProblem, STEP_STATUS_LABELS } from './model.ts';
import { PaymentPanel, ReviewPanel, UploadPanel } from './panels.tsx';
import { QuestionField } from './questions.tsx';
import { AnswersSummary } from './summary.tsx';
import { VoiceFill } from './voice-fill.tsx';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

/** Steps whose page is a status, not a form: the reviewer or the end of the flow completes them. */
const STATUS_STEPS = new Set(['QUALIFICATION_REVIEW', 'DONE']);

/**
 * `/:province/registration/steps/:code`: one step of the registration as the rules apply to this candidate now: its
 * text (with the countdown the server counts), its questions, what locks when it is done, or — for steps completed by
 * an upload or a payment — where the candidate stands and what comes.
 */
export default function StepPage() {
  const params = useParams<{ code: string }>();
  const policy = usePolicy();
  const { registration, observeClock } = useRegistration();
  const code = () => params.code.toUpperCase();
  const known = () => registration()?.steps.some((s) => s.code === code());
  const [detail, refetch] = createQuery({ query: StepQuery, variables: () => ({ step: code(), values: {} }), pause: () => !known() });
  // Every answer from the server carries the registration; when it changed, the step is read again. A file handed
  // over completes a step without a new version, so the steps' statuses count as a change too.
  const seen = () => `${registration()?.version}:${registration()?.steps.map((s) => s.status).join(',')}`;
  createEffect(on(seen, () => refetch({ requestPolicy: 'network-only' }), { defer: true }));
  // The countdown is read against the platform's time as this answer gave it, not an older reading.
  createEffect(() => {
    const now = detail.data?.platformClock.now;
    if (now) observeClock(now);
  });
  const step = () => {
    const found = detail.data?.myRegistration?.stepPreview;
    return found && found.code === code() ? found : undefined;
  };
  usePageTitle(() => step()?.title ?? t('title'));
  const overview = () => `/${policy().province}/registration`;
  return (
    <Show when={known()} fallback={<Navigate href={overview()} />}>
      <div class="layout">
        <section class="card" aria-labelledby="step-heading">
          <A class="back-link" href={overview()}>
            {t('back')}
          </A>
          <Show when={step()} fallback={<p class="loading" role="status">{t('loading')}</p>}>
            {(current) => (
              <>
                <p class="card__eyebrow">{current().number ? t('step.number', { number: current().number! }) : t('step.notice')}</p>
                <h1 class="card__title" id="step-heading" tabindex="-1">
                  {current().title}
                </h1>
                <p class="tag-line">
                  <span class={`tag tag--${current().status.toLowerCase()}`}>{STEP_STATUS_LABELS[current().status] ?? current().status}</span>
                </p>
                <Show when={current().description}>{(description) => <p class="card__lead">{description()}</p>}</Show>
                <Show when={current().blockedBy}>
                  {(blocked) => (
                    <p class="alert alert--error" role="alert">
                      {blocked().message}
                    </p>
                  )}
                </Show>
                <Show when={current().window && !current().window!.open && current().status !== 'DONE' && current().window!.message !== current().blockedBy?.message}>
                  <p class="alert alert--info">{current().window!.message}</p>
                </Show>
              </>
            )}
          </Show>
          {/* Keyed on the step's code: the next step's form starts afresh, a re-read of this one keeps what was typed. */}
          <Show when={step()?.code} keyed>
            {(_code: string) => <StepBody registration={registration()!} step={step()!} />}
          </Show>
        </section>
      </div>
    </Show>
  );
}

function StepBody(props: { registration: Registration; step: Step }) {
  return (
    <Switch fallback={<StepForm registration={props.registration} step={props.step} />}>
      <Match when={props.step.status === 'LOCKED'}>
        <p class="alert alert--info">{t('step.earlierFirst')}</p>
      </Match>
      <Match when={props.step.status === 'NOT_APPLICABLE'}>
        <p class="alert alert--info">{props.step.label ?? t('step.notApplicable')}</p>
      </Match>
      <Match when={props.step.completedByUpload}>
        <UploadPanel registration={props.registration} step={props.step} />
      </Match>
      <Match when={props.step.code === 'PAYMENT'}>
        <Show when={props.step.locks.length > 0 && props.step.status !== 'DONE'}>
          <AnswersSummary registration={props.registration} step={props.step} />
        </Show>
        <PaymentPanel registration={props.registration} step={props.step} />
      </Match>
      <Match when={STATUS_STEPS.has(props.step.code)}>
        <ReviewPanel registration={props.registration} step={props.step} />
      </Match>
    </Switch>
  );
}

/** The questions of a step (or its text to acknowledge), answered and sent with `completeRegistrationStep`. */
function StepForm(props: { registration: Registration; step: Step }) {
  const policy = usePolicy();
  const client = useClient();
  const navigate = useNavigate();
  const { replace, reload, clockOffset } = useRegistration();
  const [preview, setPreview] = createSignal<Step>();
  const questions = () => (preview()?.asks ?? props.step.asks).filter((q) => !isUpload(q));
  const editable = () => props.step.status === 'CURRENT' || props.step.status === 'AVAILABLE';
  const fields = () => questions().map((q) => q.code);
  const codes = createMemo(fields, [], { equals: (a, b) => a.length === b.length && a.every((code, i) => code === b[i]) });
  const byCode = createMemo(() => new Map(questions().map((q) => [q.code, q])));
  const state = createMutationForm({ fields });
  const [values, setValues] = createStore<Record<string, unknown>>({});

  // The values shown first: the registration's, else prefilled or default, then the draft this tab kept.
  setValues(reconcile(Object.fromEntries(props.step.asks.map((q) => [q.code, initialValue(q)]))));
  const draft = createDraft(
    `${props.registration.id}.${props.step.code}`,
    () => answersOf(questions(), values),
    (saved) => setValues(saved),
  );

  // A text (须知, 承诺) is marked shown by the server the first time the page is open; the countdown is its.
  const text = () => props.step.text;
  createEffect(
    on(
      () => props.step.code,
      async () => {
        if (!text() || text()!.shownAt || !editable()) return;
        const result = await client.mutation(ShowRegistrationStepMutation, { registrationId: props.registration.id, step: props.step.code }).toPromise();
        const shown = result.data?.showRegistrationStep;
        if (shown?.ok && shown.registration) replace(shown.registration);
      },
    ),
  );
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 250);
  onCleanup(() => clearInterval(timer));
  const secondsLeft = createMemo(() => {
    const unlocksAt = text()?.unlocksAt;
    if (!text()?.countdownSeconds) return 0;
    if (!unlocksAt) return text()!.countdownSeconds;
    return Math.max(0, Math.ceil((Date.parse(unlocksAt) - (now() + clockOffset())) / 1000));
  });

  // 是否兼报 and other choices can open or close questions: ask the server how the step would ask with them.
  let previewRequest = 0;
  const refreshPreview = async () => {
    const request = ++previewRequest;
    const result = await client.query(StepQuery, { step: props.step.code, values: answersOf(props.step.asks, values) }, { requestPolicy: 'network-only' }).toPromise();
    if (request !== previewRequest) return;
    const previewed = result.data?.myRegistration?.stepPreview;
    if (previewed) setPreview(previewed);
  };

  const update = (question: Question) => (value: unknown) => {
    setValues(question.code, value);
    state.edited(question.code);
    draft.save();
    if (question.type === 'select' || question.type === 'boolean') void refreshPreview();
  };
  // A choice already made (the draft's, the registration's) can open options too: a region's list follows its province.
  if (editable() && props.step.asks.some((q) => q.type === 'region')) void refreshPreview();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => Object.fromEntries(questions().map((q) => [q.code, q.type === 'acknowledgement' && secondsLeft() > 0 ? t('checks.readFirst', { seconds: secondsLeft() }) : questionProblem(q, values[q.code])])),
      async () => {
        const result = await client
          .mutation(CompleteRegistrationStepMutation, {
            input: { registrationId: props.registration.id, step: props.step.code, values: answersOf(questions(), values), version: props.registration.version },
          })
          .toPromise();
        return { error: result.error, payload: result.data?.completeRegistrationStep };
      },
      {
        failureMessage: t('step.failed'),
        onRefusal: (error) => {
          // Another device changed the registration: show its state, and say why nothing was saved.
          if (error.code === 'REGISTRATION_CHANGED') reload();
          return false;
        },
      },
    );
    if (!payload?.registration) return;
    draft.clear();
    replace(payload.registration);
    const next = payload.registration.next;
    navigate(next ? `/${policy().province}/registration/steps/${next.code}` : `/${policy().province}/registration`);
  };

  return (
    <form ref={state.ref} onSubmit={submit} novalidate data-fields={fields().join(' ')}>
      <FormAlert message={state.errors[FORM]} />
      <Show when={text()}>
        {(shown) => (
          <article class="step-text" aria-labelledby="step-text-title">
            <h2 class="card__subtitle" id="step-text-title">
              {shown().title}
            </h2>
            <div class="step-text__body" tabindex="0" aria-label={shown().title}>
              <For each={shown().body}>{(paragraph) => <p>{paragraph}</p>}</For>
            </div>
          </article>
        )}
      </Show>
      <Show when={(preview() ?? props.step).label}>
        {(label) => (
          <p class="alert alert--info" role="status">
            {label()}
          </p>
        )}
      </Show>
      <Show when={props.step.locks.length > 0}>
        <AnswersSummary registration={props.registration} step={props.step} />
      </Show>
      <Show when={editable() && props.step.voiceFill}>
        {(limits) => (
          <VoiceFill
            registrationId={props.registration.id}
            limits={limits()}
            questions={questions()}
            values={values}
            onAccept={(code, value) => {
              const question = byCode().get(code);
              if (question) update(question)(value);
            }}
          />
        )}
      </Show>
      {/* Keyed by code, not by object: a preview's answer updates the questions in place, so nothing being typed is lost. */}
      <For each={codes()}>
        {(code) => (
          <Show when={byCode().get(code)}>
            {(question) => (
              <QuestionField
                question={question()}
                value={values[code]}
                onValue={update(question())}
                error={state.errors[code]}
                disabled={!editable() || (question().type === 'acknowledgement' && secondsLeft() > 0)}
                hint={question().type === 'acknowledgement' && secondsLeft() > 0 ? t('step.waitHint', { seconds: secondsLeft() }) : undefined}
              />
            )}
          </Show>
        )}
      </For>
      <Show when={editable()}>
        <SubmitButton busy={state.busy()} label={props.step.locks.length > 0 ? t('step.confirm') : t('step.save')} busyLabel={t('submitting')} />
      </Show>
    </form>
  );
}
