import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { FormAlert, SelectField, TextAreaField } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requiredProblem } from '../forms/validate.ts';
import { isSessionOver, transportErrorMessage } from '../graphql/errors.ts';
import { useMessages } from '../i18n/locale.ts';
import { ConsoleNav, useStaffMember } from './console-nav.tsx';
import { ChangeRequestsQuery, DecideChangeRequestMutation, type ChangeRequestView } from './documents.ts';
import { reviewMessages } from './messages.ts';
import { beijingTime } from './queue.tsx';

const STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
type ChangeStatus = (typeof STATUSES)[number];

/**
 * 变更申请: the change requests (申请修改) the reviewer's level decides, waiting ones first; each shows the value now and
 * the value asked for, and is approved (the change is made at once) or refused with a reason the candidate gets by
 * SMS. The status shown and the exam session are in the address.
 */
export default function ChangeRequestsPage() {
  const t = useMessages(reviewMessages);
  const [params, setParams] = useSearchParams<{ session?: string; status?: string }>();
  document.title = t('changes.title');
  const staff = useStaffMember();
  const examSessionId = () => params.session ?? staff.sessions()[0]?.id;
  const status = (): ChangeStatus => (STATUSES.includes(params.status as ChangeStatus) ? (params.status as ChangeStatus) : 'PENDING');
  const [result, refetch] = createQuery({ query: ChangeRequestsQuery, variables: () => ({ examSessionId: examSessionId() ?? '', status: status() }), pause: () => !examSessionId() });
  const page = () => result.data?.changeRequests;
  const error = () => staff.error() ?? result.error;
  const [notice, setNotice] = createSignal('');
  let heading: HTMLHeadingElement | undefined;

  const decided = (request: ChangeRequestView, approved: boolean) => {
    setNotice(t(approved ? 'changes.approved' : 'changes.refused', { label: request.label }));
    refetch({ requestPolicy: 'network-only' });
    // The decided request leaves the list: focus goes to the heading, and the message says what was done.
    heading?.focus();
  };

  return (
    <div class="layout layout--wide">
      <section class="card" aria-labelledby="changes-heading">
        <ConsoleNav member={staff.member()} />
        <p class="card__eyebrow">{t('section.title')}</p>
        <h1 class="card__title" id="changes-heading" tabindex="-1" ref={heading}>
          {t('changes.title')}
        </h1>
        <p class="card__lead">{t('changes.lead')}</p>
        <Show when={error() && !isSessionOver(error())}>
          <p class="alert alert--error" role="alert">
            {transportErrorMessage(error()!)}
          </p>
        </Show>
        <div class="console-filters">
          <Show when={staff.sessions().length > 1}>
            <SelectField
              name="session"
              label={t('queue.session')}
              value={examSessionId() ?? ''}
              options={staff.sessions().map((s) => ({ value: s.id, label: s.title }))}
              onValue={(value) => setParams({ session: value })}
              required={false}
            />
          </Show>
          <SelectField
            name="status"
            label={t('changes.show')}
            value={status()}
            options={STATUSES.map((s) => ({ value: s, label: t(`changes.statuses.${s}`) }))}
            onValue={(value) => setParams({ status: value === 'PENDING' ? undefined : value })}
            required={false}
          />
        </div>
        <p class="alert alert--success" role="status" data-testid="changes-notice" classList={{ 'visually-hidden': !notice() }}>
          {notice()}
        </p>
        <Switch fallback={<p class="loading" role="status">{t('loading')}</p>}>
          {/* Refused or failed: the alert above (or the navigation's) says why; nothing is loading any more. */}
          <Match when={error() && !page()}>{null}</Match>
          <Match when={page() && page()!.nodes.length === 0}>
            <p class="card__lead" data-testid="changes-empty">
              {t('changes.empty')}
            </p>
          </Match>
          <Match when={page()}>
            {(found) => (
              <>
                <p class="card__lead" data-testid="changes-count">
                  {t('changes.total', { total: found().totalCount })}
                </p>
                <ul class="change-list change-list--console">
                  <For each={found().nodes}>{(request) => <ChangeRequestItem request={request} onDecided={decided} />}</For>
                </ul>
              </>
            )}
          </Match>
        </Switch>
      </section>
    </div>
  );
}

/** One change request: who asked, what, from and to; while it waits, the reviewer's answer. */
function ChangeRequestItem(props: { request: ChangeRequestView; onDecided: (request: ChangeRequestView, approved: boolean) => void }) {
  const t = useMessages(reviewMessages);
  const client = useClient();
  const [reason, setReason] = createSignal('');
  const [approving, setApproving] = createSignal(true);
  const state = createMutationForm({ fields: ['reason'] });
  const name = createMemo(() => props.request.registration?.fields.find((f) => f.code === 'name')?.display ?? '—');
  const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  const headingId = () => `change-${props.request.id}`;

  const decide = async (approve: boolean) => {
    setApproving(approve);
    const payload = await state.submit(
      () => ({ reason: approve ? undefined : requiredProblem(reason(), t('changes.reasonMissing')) }),
      async () => {
        const answer = await client.mutation(DecideChangeRequestMutation, { input: { changeRequestId: props.request.id, approve, reason: reason().trim() || undefined } }).toPromise();
        return { error: answer.error, payload: answer.data?.decideChangeRequest };
      },
    );
    if (payload?.ok) props.onDecided(props.request, approve);
  };

  return (
    <li class="change-list__item" data-change-request={props.request.id} data-field={props.request.field} aria-labelledby={headingId()}>
      <h2 class="summary__title" id={headingId()}>
        {name()} · {props.request.label}
      </h2>
      <dl class="facts">
        <div class="facts__row">
          <dt>{t('changes.from')}</dt>
          <dd>{shown(props.request.oldValue)}</dd>
        </div>
        <div class="facts__row">
          <dt>{t('changes.to')}</dt>
          <dd data-testid="change-new-value">{shown(props.request.newValue)}</dd>
        </div>
        <div class="facts__row">
          <dt>{t('changes.requestedAt')}</dt>
          <dd>{beijingTime(props.request.requestedAt)}</dd>
        </div>
        <Show when={props.request.decidedAt}>
          {(at) => (
            <div class="facts__row">
              <dt>{t('changes.decidedAt')}</dt>
              <dd>{beijingTime(at())}</dd>
            </div>
          )}
        </Show>
        <Show when={props.request.reason}>
          {(text) => (
            <div class="facts__row">
              <dt>{t('changes.reason')}</dt>
              <dd>{text()}</dd>
            </div>
          )}
        </Show>
      </dl>
      <A href={`/review/registrations/${props.request.registrationId}`} aria-describedby={headingId()}>
        {t('changes.open')}
      </A>
      <Show when={props.request.status === 'PENDING'}>
        <form ref={state.ref} novalidate onSubmit={(event) => (event.preventDefault(), void decide(true))} aria-labelledby={headingId()}>
          <FormAlert message={state.errors[FORM]} />
          <div class="change-decision">
            <TextAreaField
              name="reason"
              label={t('changes.reasonFor', { label: props.request.label })}
              value={reason()}
              onValue={(value) => (setReason(value), state.edited('reason'))}
              error={state.errors.reason}
              required={false}
              hint={t('changes.reasonHint')}
            />
            <div class="actions">
              <button type="submit" class="button button--primary" disabled={state.busy()} aria-describedby={headingId()}>
                {state.busy() && approving() ? t('changes.busy') : t('changes.approve')}
              </button>
              <button type="button" class="button button--outline" disabled={state.busy()} onClick={() => void decide(false)} aria-describedby={headingId()}>
                {state.busy() && !approving() ? t('changes.busy') : t('changes.refuse')}
              </button>
            </div>
          </div>
        </form>
      </Show>
    </li>
  );
}
