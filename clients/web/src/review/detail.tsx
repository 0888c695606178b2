import { createSignal, For, Show } from 'solid-js';
import { A, useNavigate, useParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { ChoiceField, FormAlert, SubmitButton, TextAreaField } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requiredProblem } from '../forms/validate.ts';
import { transportErrorMessage } from '../graphql/errors.ts';
import { displayValue, REGISTRATION_STATUS_LABELS, REVIEW_STATUS_LABELS } from '../registration/model.ts';
import { ReviewRegistrationMutation, ReviewRegistrationQuery } from './documents.ts';
import { ReviewFiles } from './files.tsx';

const OUTCOME_LABELS: Record<string, string> = { SUBMIT: '提交', RESUBMIT: '重新提交', APPROVE: '审核通过', REJECT: '审核不通过', RETURN: '退回修改' };

/**
 * One registration as a reviewer sees it: every value by step, the photos and materials with their checks, the
 * review's history, and the answer — approve, reject with a reason, or return with a reason — sent with the version on screen, so a registration the candidate changed meanwhile is not decided unseen.
 */
export default function ReviewDetailPage() {
  const params = useParams<{ id: string }>();
  const client = useClient();
  const navigate = useNavigate();
  const [result, refetch] = createQuery({ query: ReviewRegistrationQuery, variables: () => ({ id: params.id }) });
  const registration = () => result.data?.registration ?? undefined;
  document.title = '报名审核';
  const [outcome, setOutcome] = createSignal('');
  const [reason, setReason] = createSignal('');
  const chosen = () => registration()?.review?.outcomes.find((o) => o.outcome === outcome());
  const state = createMutationForm({ fields: ['outcome', 'reason'] });
  const groups = () => {
    const current = registration();
    if (!current) return [];
    return current.steps.map((step) => ({ step, fields: current.fields.filter((f) => f.step === step.code) })).filter((group) => group.fields.length > 0);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const current = registration();
    if (!current) return;
    const payload = await state.submit(
      () => ({
        outcome: requiredProblem(outcome(), '请选择审核结果'),
        reason: chosen()?.reasonRequired ? requiredProblem(reason(), '请填写原因，考生将看到并收到短信') : undefined,
      }),
      async () => {
        const answer = await client
          .mutation(ReviewRegistrationMutation, { input: { registrationId: current.id, outcome: outcome() as 'APPROVE' | 'REJECT' | 'RETURN', reason: reason().trim() || undefined, version: current.version } })
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
    if (payload?.ok) navigate('/review', { replace: false });
  };

  return (
    <div class="layout layout--wide">
      <section class="card" aria-labelledby="detail-heading">
        <A class="back-link" href="/review">
          返回审核列表
        </A>
        <Show when={result.error}>
          <p class="alert alert--error" role="alert">
            {transportErrorMessage(result.error!)}
          </p>
        </Show>
        <Show when={result.data && !registration()}>
          <p class="alert alert--error" role="alert">
            没有找到该报名，或不在您的审核范围内。
          </p>
        </Show>
        <Show when={registration()}>
          {(current) => (
            <>
              <p class="card__eyebrow">{current().examSession?.title}</p>
              <h1 class="card__title" id="detail-heading">
                {current().fields.find((f) => f.code === 'name')?.display ?? '报名详情'}
              </h1>
              <p class="card__lead">
                {REGISTRATION_STATUS_LABELS[current().status] ?? current().status}
                {current().review?.status ? ` · 审核：${REVIEW_STATUS_LABELS[current().review!.status!] ?? current().review!.status}` : ''}
                {current().review?.stage ? ` · ${current().review!.stage!.title}` : ''}
              </p>
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
                                <dd>{field.display ?? displayValue(field.value)}</dd>
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
                    <h2 class="summary__title">审核记录</h2>
                    <ol class="change-list">
                      <For each={current().review!.history}>
                        {(event) => (
                          <li class="change-list__item">
                            <strong>{OUTCOME_LABELS[event.outcome] ?? event.outcome}</strong>
                            <span class="facts__note">{new Date(event.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</span>
                            <Show when={event.reason}>{(text) => <span class="facts__note">原因：{text()}</span>}</Show>
                          </li>
                        )}
                      </For>
                    </ol>
                  </Show>
                  <Show when={current().review?.status === 'PENDING' && (current().review?.outcomes.length ?? 0) > 0}>
                    <form ref={state.ref} onSubmit={submit} novalidate class="decision" aria-labelledby="decision-heading">
                      <h2 class="summary__title" id="decision-heading">
                        作出审核决定
                      </h2>
                      <FormAlert message={state.errors[FORM]} />
                      <ChoiceField
                        name="outcome"
                        label="审核结果"
                        value={outcome()}
                        options={current().review!.outcomes.map((o) => ({ value: o.outcome, label: o.label }))}
                        onValue={(value) => (setOutcome(value), state.edited('outcome'))}
                        error={state.errors.outcome}
                      />
                      <TextAreaField
                        name="reason"
                        label="原因"
                        value={reason()}
                        onValue={(value) => (setReason(value), state.edited('reason'))}
                        error={state.errors.reason}
                        required={chosen()?.reasonRequired ?? false}
                        hint="不通过或退回修改时必填：考生将在报名页面看到，并收到短信"
                      />
                      <SubmitButton busy={state.busy()} label="提交审核结果" busyLabel="正在提交…" />
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
