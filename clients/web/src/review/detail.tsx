import { createMemo, createSignal, For, on, createEffect, Show } from 'solid-js';
import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { ChoiceField, FormAlert, SubmitButton, TextAreaField } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requiredProblem } from '../forms/validate.ts';
import { transportErrorMessage } from '../graphql/errors.ts';
import { useMessages } from '../i18n/locale.ts';
import { ReviewRegistrationMutation, ReviewRegistrationQuery } from './documents.ts';
import { ReviewFiles } from './files.tsx';
import { reviewMessages } from './messages.ts';
import { beijingTime } from './queue.tsx';
import { createQueueQuery, fetchPageIds, neighbour, nextAfterDecision, pageTrail, queueQueryString, readQueueSearch, turnPage } from './queue-state.ts';
import { useShortcuts, type ShortcutAction } from './shortcuts.ts';

type Outcome = 'APPROVE' | 'REJECT' | 'RETURN';
const PAGE_SIZE = 50;

/**
 * One registration as a reviewer sees it: every value by step, the photos and materials with their checks, the
 * review's history, and the answer — approve, reject with a reason, or return with a reason — sent with the version
 * on screen, so a registration the candidate changed meanwhile is not decided unseen. Opened from the list, it knows
 * its neighbours (J/K, or the links), and after a decision the next registration of the list opens. A/R/X choose the
 * outcome (R and X then focus the reason), U goes back to the list.
 */
export default function ReviewDetailPage() {
  const t = useMessages(reviewMessages);
  const params = useParams<{ id: string }>();
  const [searchParams] = useSearchParams();
  const search = createMemo(() => readQueueSearch(searchParams));
  const client = useClient();
  const navigate = useNavigate();
  const [result, refetch] = createQuery({ query: ReviewRegistrationQuery, variables: () => ({ id: params.id }) });
  const registration = () => result.data?.registration ?? undefined;
  document.title = t('detail.title');
  const list = createQueueQuery(search, () => search().session ?? registration()?.examSessionId);
  const listUrl = () => `/review${queueQueryString(search())}`;
  const openRegistration = (id: string) => navigate(`/review/registrations/${id}${queueQueryString(search())}`);
  const position = () => list.ids().indexOf(params.id);
  const previousId = () => neighbour(list.ids(), params.id, -1);
  const nextId = () => neighbour(list.ids(), params.id, 1);

  const [outcome, setOutcome] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [notice, setNotice] = createSignal('');
  const chosen = () => registration()?.review?.outcomes.find((o) => o.outcome === outcome());
  const state = createMutationForm({ fields: ['outcome', 'reason'] });
  let form: HTMLFormElement | undefined;
  let heading: HTMLHeadingElement | undefined;
  /** A value as the reviewer reads it where the API gives no display text. */
  const valueText = (value: unknown): string => {
    if (value === undefined || value === null || value === '') return '—';
    if (value === true || value === false) return t(value ? 'values.yes' : 'values.no');
    if (typeof value === 'object') return t('values.given');
    return String(value);
  };
  const pendingChanges = () => registration()?.changeRequests.filter((c) => c.status === 'PENDING').length ?? 0;

  // Another registration opened in place (the next one after a decision, or J/K): a clean answer, focus on its name.
  createEffect(
    on(
      () => params.id,
      () => {
        setOutcome('');
        setReason('');
        state.edited('outcome');
        state.edited('reason');
        queueMicrotask(() => heading?.focus());
      },
      { defer: true },
    ),
  );

  const groups = () => {
    const current = registration();
    if (!current) return [];
    return current.steps.map((step) => ({ step, fields: current.fields.filter((f) => f.step === step.code) })).filter((group) => group.fields.length > 0);
  };

  /** A, R or X: the outcome chosen, and focus where the reviewer goes on (the button, or the reason to write). */
  const choose = (value: Outcome) => {
    const current = registration();
    if (!current || current.review?.status !== 'PENDING') return;
    if (!current.review.outcomes.some((o) => o.outcome === value)) {
      setNotice(t('shortcuts.unavailable'));
      return;
    }
    setOutcome(value);
    state.edited('outcome');
    const target = value === 'APPROVE' ? form?.querySelector<HTMLElement>('button[type=submit]') : form?.querySelector<HTMLElement>('textarea[name=reason]');
    target?.focus();
  };
  /** J/K: the neighbour on this page, or past its end the first (or last) of the next (or previous) page. */
  const step = async (direction: 'next' | 'previous') => {
    const id = direction === 'next' ? nextId() : previousId();
    if (id) return openRegistration(id);
    const page = list.page();
    const sessionId = search().session ?? registration()?.examSessionId;
    const turns = position() >= 0 && sessionId && (direction === 'next' ? page?.hasNextPage : pageTrail(search()).length > 0);
    if (!turns) return setNotice(t(direction === 'next' ? 'detail.noNext' : 'detail.noPrevious'));
    const turned = turnPage(search(), direction, page?.endCursor);
    const ids = await fetchPageIds(client, turned, sessionId);
    const target = direction === 'next' ? ids[0] : ids.at(-1);
    if (target) navigate(`/review/registrations/${target}${queueQueryString(turned)}`);
  };
  const actions: Partial<Record<ShortcutAction, () => void>> = {
    next: () => void step('next'),
    previous: () => void step('previous'),
    approve: () => choose('APPROVE'),
    return: () => choose('RETURN'),
    reject: () => choose('REJECT'),
    back: () => navigate(listUrl()),
  };
  useShortcuts(actions);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const current = registration();
    if (!current) return;
    const before = list.ids();
    const payload = await state.submit(
      () => ({
        outcome: requiredProblem(outcome(), t('detail.outcomeMissing')),
        reason: chosen()?.reasonRequired ? requiredProblem(reason(), t('detail.reasonMissing')) : undefined,
      }),
      async () => {
        const answer = await client
          .mutation(ReviewRegistrationMutation, { input: { registrationId: current.id, outcome: outcome() as Outcome, reason: reason().trim() || undefined, version: current.version } })
          .toPromise();
        return { error: answer.error, payload: answer.data?.reviewRegistration };
      },
      {
        onRefusal: (error) => {
          if (error.code === 'REGISTRATION_CHANGED') refetch({ requestPolicy: 'network-only' });
          return false;
        },
      },
    );
    if (!payload?.ok) return;
    // The list as it stands now (the decided registration has usually left it): the one after it opens next.
    const after = (await list.fresh(client)) ?? [];
    const next = nextAfterDecision(before, after, current.id);
    if (next) {
      openRegistration(next);
      setNotice(t('detail.decided'));
    } else navigate(listUrl());
  };

  return (
    <div class="layout layout--wide">
      <section class="card" aria-labelledby="detail-heading">
        <nav class="pager" aria-label={t('queue.paging')}>
          <A class="back-link" href={listUrl()}>
            {t('detail.back')}
          </A>
          <Show when={position() >= 0}>
            <span class="facts__note" data-testid="detail-position">
              {t('detail.position', { position: pageTrail(search()).length * PAGE_SIZE + position() + 1, count: list.page()?.totalCount ?? list.ids().length })}
            </span>
            <Show when={previousId()}>{(id) => <A href={`/review/registrations/${id()}${queueQueryString(search())}`}>{t('detail.previous')}</A>}</Show>
            <Show when={nextId()}>{(id) => <A href={`/review/registrations/${id()}${queueQueryString(search())}`}>{t('detail.next')}</A>}</Show>
          </Show>
        </nav>
        <p class="visually-hidden" role="status" data-testid="detail-notice">
          {notice()}
        </p>
        <Show when={result.error}>
          <p class="alert alert--error" role="alert">
            {transportErrorMessage(result.error!)}
          </p>
        </Show>
        <Show when={result.data && !registration()}>
          <p class="alert alert--error" role="alert">
            {t('detail.notFound')}
          </p>
        </Show>
        <Show when={registration()}>
          {(current) => (
            <>
              <p class="card__eyebrow">{current().examSession?.title}</p>
              <h1 class="card__title" id="detail-heading" tabindex="-1" ref={heading}>
                {current().fields.find((f) => f.code === 'name')?.display ?? t('detail.fallbackName')}
              </h1>
              <p class="card__lead">
                {t(`statuses.${current().status as 'IN_REVIEW'}`) ?? current().status}
                {current().review?.status ? ` · ${t('detail.reviewStatus', { status: t(`reviewStatuses.${current().review!.status as 'PENDING'}`) ?? current().review!.status! })}` : ''}
                {current().review?.stage ? ` · ${current().review!.stage!.title}` : ''}
              </p>
              <Show when={pendingChanges() > 0}>
                <p class="alert alert--info">
                  <A href="/review/changes">{t('detail.pendingChanges')}</A>
                </p>
              </Show>
              <div class="console-columns">
                <div>
                  <For each={groups()}>
                    {(group) => (
                      <div class="summary__group">
                        <h2 class="summary__title">{group.step.title}</h2>
                        <dl class="facts">
                          <For each={group.fields}>
                            {(field) => (
                              <div class="facts__row">
                                <dt>{field.label}</dt>
                                <dd>{field.display ?? valueText(field.value)}</dd>
                              </div>
                            )}
                          </For>
                        </dl>
                      </div>
                    )}
                  </For>
                  <ReviewFiles registrationId={current().id} />
                </div>
                <div>
                  <Show when={(current().review?.history.length ?? 0) > 0}>
                    <h2 class="summary__title">{t('detail.history')}</h2>
                    <ol class="change-list">
                      <For each={current().review!.history}>
                        {(event) => (
                          <li class="change-list__item">
                            <strong>{t(`outcomes.${event.outcome as 'APPROVE'}`) ?? event.outcome}</strong>
                            <span class="facts__note">{beijingTime(event.at)}</span>
                            <Show when={event.reason}>{(text) => <span class="facts__note">{t('detail.reason', { reason: text() })}</span>}</Show>
                          </li>
                        )}
                      </For>
                    </ol>
                  </Show>
                  <Show when={current().review?.status === 'PENDING' && (current().review?.outcomes.length ?? 0) > 0}>
                    <form
                      ref={(element) => {
                        state.ref(element);
                        form = element;
                      }}
                      onSubmit={submit}
                      novalidate
                      class="decision"
                      aria-labelledby="decision-heading"
                    >
                      <h2 class="summary__title" id="decision-heading">
                        {t('detail.decide')}
                      </h2>
                      <FormAlert message={state.errors[FORM]} />
                      <ChoiceField
                        name="outcome"
                        label={t('detail.outcome')}
                        value={outcome()}
                        options={current().review!.outcomes.map((o) => ({ value: o.outcome, label: o.label }))}
                        onValue={(value) => (setOutcome(value), state.edited('outcome'))}
                        error={state.errors.outcome}
                      />
                      <TextAreaField
                        name="reason"
                        label={t('detail.reasonLabel')}
                        value={reason()}
                        onValue={(value) => (setReason(value), state.edited('reason'))}
                        error={state.errors.reason}
                        required={chosen()?.reasonRequired ?? false}
                        hint={t('detail.reasonHint')}
                      />
                      <SubmitButton busy={state.busy()} label={t('detail.submit')} busyLabel={t('detail.busy')} />
                    </form>
                  </Show>
                </div>
              </div>
            </>
          )}
        </Show>
      </section>
    </div>
  );
}
