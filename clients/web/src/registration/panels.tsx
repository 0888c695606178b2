import { For, Show } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { FormAlert, SubmitButton } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { usePolicy } from '../policy/policy-context.tsx';
import { useRegistration } from './context.tsx';
import { AcknowledgeIntegrityPledgeMutation, CompleteRegistrationStepMutation, StepQuery, type Registration, type Step } from './documents.ts';
import { isUpload, REVIEW_STATUS_LABELS, yuan } from './model.ts';
import { MyUploadsQuery } from '../uploads/documents.ts';
import { UploadField } from '../uploads/upload-field.tsx';
import { PaymentHandOff } from '../payments/payment-hand-off.tsx';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

/**
 * A step completed by uploading (照片, 材料, 身份信息采集): one upload field per file the step asks, as the rules
 * give it (formats, size, hint). Each file's latest upload is shown as it stands; when one is accepted the
 * registration is read again (the step may be complete).
 */
export function UploadPanel(props: { registration: Registration; step: Step }) {
  const client = useClient();
  const { reload } = useRegistration();
  const [mine] = createQuery({ query: MyUploadsQuery, requestPolicy: 'network-only' });
  const files = () => props.step.asks.filter(isUpload);
  const latest = (field: string) => mine.data?.myRegistration?.uploads.filter((u) => u.field === field && u.step === props.step.code).at(-1);
  const open = () => ['CURRENT', 'AVAILABLE', 'DONE'].includes(props.step.status);
  return (
    <section class="pending-panel" aria-labelledby="upload-heading" data-testid="upload-panel">
      <h2 class="card__subtitle" id="upload-heading">
        {props.step.status === 'DONE' ? t('panels.uploaded') : t('panels.upload')}
      </h2>
      <Show when={files().length > 0} fallback={<p>{t('panels.filesLater')}</p>}>
        <Show when={!mine.fetching || mine.data} fallback={<p class="loading" role="status">{t('loading')}</p>}>
          <For each={files()}>
            {(file) => (
              <UploadField
                registrationId={props.registration.id}
                ask={file}
                initial={latest(file.code)}
                disabled={!open()}
                onSettled={(upload) => {
                  // The step may complete with this file (or with one handed over meanwhile): read it again.
                  if (upload.status !== 'DONE') return;
                  reload();
                  // The step page's own reading of this step is answered afresh too (urql shares it by query and variables).
                  void client.query(StepQuery, { step: props.step.code, values: {} }, { requestPolicy: 'network-only' }).toPromise();
                }}
              />
            )}
          </For>
        </Show>
      </Show>
      <Show when={props.step.status === 'CURRENT'}>
        <p class="alert alert--info" data-testid="upload-pending">
          {t('panels.autoComplete')}
        </p>
      </Show>
    </section>
  );
}

/**
 * 缴费: the fees item by item, the channel, the integrity pledge where the rules have one, and whether payment can start
 * now. Paying opens (or continues) an order and sends the browser to the channel, and the order's status is shown
 * when the candidate comes back (see `payments/payment-hand-off.tsx`); where nothing is owed the candidate completes
 * the step here.
 */
export function PaymentPanel(props: { registration: Registration; step: Step }) {
  const client = useClient();
  const { replace, reload } = useRegistration();
  const [search] = useSearchParams();
  const payment = () => props.registration.payment;
  // Paid and handed over: the registration (and this step's own reading) moves on.
  const settled = () => {
    reload();
    void client.query(StepQuery, { step: props.step.code, values: {} }, { requestPolicy: 'network-only' }).toPromise();
  };
  const state = createMutationForm({ fields: [] });
  const acknowledge = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({}),
      async () => {
        const result = await client.mutation(AcknowledgeIntegrityPledgeMutation, { registrationId: props.registration.id, version: props.registration.version }).toPromise();
        return { error: result.error, payload: result.data?.acknowledgeIntegrityPledge };
      },
    );
    if (payload?.registration) replace(payload.registration);
  };
  const completeFree = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({}),
      async () => {
        const result = await client
          .mutation(CompleteRegistrationStepMutation, { input: { registrationId: props.registration.id, step: props.step.code, values: {}, version: props.registration.version } })
          .toPromise();
        return { error: result.error, payload: result.data?.completeRegistrationStep };
      },
    );
    if (payload?.registration) replace(payload.registration);
  };
  return (
    <Show when={payment()} fallback={<p class="alert alert--info">{t('panels.noFee')}</p>}>
      {(owed) => (
        <section class="pending-panel" aria-labelledby="payment-heading" data-testid="payment-panel">
          <h2 class="card__subtitle" id="payment-heading">
            {t('panels.payment')}
          </h2>
          <dl class="facts">
            <For each={owed().lines}>
              {(line) => (
                <div class="facts__row">
                  <dt>{line.name}</dt>
                  <dd>{yuan(line.amountFen)}</dd>
                </div>
              )}
            </For>
            <div class="facts__row facts__row--total">
              <dt>{t('panels.total')}</dt>
              <dd data-testid="total">{yuan(owed().totalFen)}</dd>
            </div>
            <Show when={owed().channel}>
              {(channel) => (
                <div class="facts__row">
                  <dt>{t('panels.channel')}</dt>
                  <dd>{channel().name}</dd>
                </div>
              )}
            </Show>
          </dl>
          <Show when={owed().notices.length > 0}>
            <ul class="notices">
              <For each={owed().notices}>{(notice) => <li>{notice}</li>}</For>
            </ul>
          </Show>
          <FormAlert message={state.errors[FORM]} />
          <Show when={owed().pledge}>
            {(pledge) => (
              <form ref={state.ref} onSubmit={acknowledge} class="step-text" novalidate>
                <h3 class="card__subtitle">{pledge().title}</h3>
                <div class="step-text__body" tabindex="0" aria-label={pledge().title}>
                  <For each={pledge().body}>{(paragraph) => <p>{paragraph}</p>}</For>
                </div>
                <Show when={!pledge().acknowledgedAt} fallback={<p class="alert alert--success">{t('panels.pledged')}</p>}>
                  <SubmitButton busy={state.busy()} label={t('panels.pledge')} busyLabel={t('submitting')} />
                </Show>
              </form>
            )}
          </Show>
          <Show when={owed().paid}>
            <p class="alert alert--success" data-testid="payment-paid" role="status">
              {t('panels.paid', { amount: yuan(owed().paidFen ?? owed().totalFen) })}
            </p>
          </Show>
          <Show when={!owed().paid && owed().required}>
            {/* Said once: the page already says why the step is blocked or its window closed. */}
            <Show when={owed().notReadyBecause && ![props.step.blockedBy?.message, props.step.window?.message].includes(owed().notReadyBecause!.message)}>
              <p class="alert alert--info">{owed().notReadyBecause!.message}</p>
            </Show>
            <PaymentHandOff
              registrationId={props.registration.id}
              amountFen={owed().totalFen}
              channel={owed().channel}
              canPay={owed().readyToPay && (!owed().pledge || !!owed().pledge!.acknowledgedAt)}
              returnedOrderId={typeof search.paymentOrder === 'string' ? search.paymentOrder : undefined}
              onSettled={settled}
            />
          </Show>
          <Show when={!owed().required && !owed().paid && props.step.status === 'CURRENT'}>
            <form ref={state.ref} onSubmit={completeFree} novalidate>
              <p class="alert alert--info">{t('panels.free')}</p>
              <SubmitButton busy={state.busy()} label={t('panels.continue')} busyLabel={t('submitting')} />
            </form>
          </Show>
        </section>
      )}
    </Show>
  );
}

/** 资格审核 / 报名完成: where the review stands, the reviewer's reason, and what the candidate can do now. */
export function ReviewPanel(props: { registration: Registration; step: Step }) {
  const policy = usePolicy();
  const { reload } = useRegistration();
  const review = () => props.registration.review;
  return (
    <section class="pending-panel" aria-labelledby="review-heading">
      <h2 class="card__subtitle" id="review-heading">
        {review()?.status ? t('panels.reviewStatus', { status: REVIEW_STATUS_LABELS[review()!.status!] ?? review()!.status! }) : props.step.status === 'DONE' ? t('panels.done') : t('panels.notSubmitted')}
      </h2>
      <Show when={review()?.stage}>{(stage) => <p>{t('overview.stage', { stage: stage().title })}</p>}</Show>
      <Show when={review()?.reason}>
        {(reason) => (
          <p class="alert alert--error" data-testid="review-reason">
            {t('overview.reason', { reason: reason() })}
          </p>
        )}
      </Show>
      <div class="actions">
        <button type="button" class="button button--secondary" onClick={reload}>
          {t('panels.refresh')}
        </button>
        <A class="button button--outline" href={`/${policy().province}/registration/preview`}>
          {t('overview.preview')}
        </A>
      </div>
    </section>
  );
}
