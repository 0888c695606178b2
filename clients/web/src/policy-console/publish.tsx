import { createSignal, For, Show, type JSX } from 'solid-js';
import { useClient } from '@urql/solid';
import { CheckboxField, FormAlert, SubmitButton, TextAreaField } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requiredProblem } from '../forms/validate.ts';
import { useMessages } from '../i18n/locale.ts';
import { PublishDraftMutation, type DryRun } from './documents.ts';
import { policyMessages } from './messages.ts';
import { shortHash } from './model.ts';

/**
 * 发布: a reason (required, recorded with the version and audited) and each placeholder confirmed explicitly, one tick
 * box each; only after a preview of the draft as saved says it is valid. The server refuses it otherwise too.
 */
export function PublishPanel(props: { province: string; year: number; preview?: DryRun; stale: boolean; onPublished: () => void; /** What to offer once published (the way back). */ children?: JSX.Element }) {
  const t = useMessages(policyMessages);
  const client = useClient();
  const [reason, setReason] = createSignal('');
  const [confirmed, setConfirmed] = createSignal<ReadonlySet<string>>(new Set());
  const [done, setDone] = createSignal<string>();
  const placeholders = () => props.preview?.placeholders ?? [];
  const ready = () => !!props.preview?.valid && !props.stale;
  const state = createMutationForm({ fields: () => ['reason', ...placeholders().map((p) => `confirm:${p.id}`)] });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(confirmed());
    if (on) next.add(id);
    else next.delete(id);
    setConfirmed(next);
    state.edited(`confirm:${id}`);
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!ready()) return state.show({ [FORM]: t('publish.needsPreview') });
    const payload = await state.submit(
      () => ({
        reason: requiredProblem(reason(), t('publish.reasonRequired')),
        ...Object.fromEntries(placeholders().map((p) => [`confirm:${p.id}`, confirmed().has(p.id) ? undefined : t('publish.confirmAll')])),
      }),
      async () => {
        const result = await client
          .mutation(PublishDraftMutation, { province: props.province, examYear: props.year, reason: reason().trim(), confirmPlaceholders: placeholders().map((p) => p.id).filter((id) => confirmed().has(id)) })
          .toPromise();
        return { error: result.error, payload: result.data?.publishRuleSetDraft };
      },
    );
    if (!payload?.ruleSetHash) return;
    setDone(t('publish.done', { hash: shortHash(payload.ruleSetHash), compared: payload.compared ?? 0, changed: payload.changedOutcomes ?? 0 }));
    props.onPublished();
  };
  return (
    <section class="card" aria-labelledby="publish-heading">
      <h2 class="card__title" id="publish-heading">
        {t('publish.title')}
      </h2>
      <p class="card__lead">{t('publish.lead')}</p>
      <Show
        when={!done()}
        fallback={
          <>
            <p class="alert alert--success" role="status" tabindex="-1" data-testid="published" ref={(el) => queueMicrotask(() => el.focus())}>
              {done()}
            </p>
            {props.children}
          </>
        }
      >
        <form ref={state.ref} onSubmit={submit} novalidate>
          <FormAlert message={state.errors[FORM] ?? (ready() ? undefined : t('publish.needsPreview'))} tone={state.errors[FORM] ? 'error' : 'info'} />
          <TextAreaField name="reason" label={t('publish.reason')} value={reason()} onValue={(v) => (setReason(v), state.edited('reason'))} error={state.errors.reason} hint={t('publish.reasonHint')} maxLength={1000} />
          <For each={placeholders()}>
            {(p) => (
              <CheckboxField
                name={`confirm:${p.id}`}
                label={t('publish.confirm', { id: p.id })}
                checked={confirmed().has(p.id)}
                onChecked={(on) => toggle(p.id, on)}
                error={state.errors[`confirm:${p.id}`]}
                hint={`${p.section ? `${p.section}：` : ''}${p.choice}`}
              />
            )}
          </For>
          <SubmitButton busy={state.busy()} label={t('publish.submit')} busyLabel={t('publish.busy')} />
        </form>
      </Show>
    </section>
  );
}
