import { createSignal, For, Show } from 'solid-js';
import { A, Navigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { FormAlert, SelectField, SubmitButton, TextField } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requiredProblem } from '../forms/validate.ts';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useRegistration } from './context.tsx';
import { RequestRegistrationChangesMutation } from './documents.ts';
import { displayValue, labels } from './model.ts';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

const CHANGE_STATUS = labels(['PENDING', 'APPROVED', 'REJECTED', 'APPLIED'] as const, (code) => t(`changes.status.${code}`));
const ROLE = labels(['COLLEGE_REVIEWER', 'PROVINCE_REVIEWER'] as const, (code) => t(`changes.role.${code}`));

/**
 * 申请修改: the locked values the rules let change now (an edit made at once, or a change request a reviewer decides),
 * and the changes asked so far with their answers.
 */
export default function ChangesPage() {
  const policy = usePolicy();
  const client = useClient();
  const { registration, replace } = useRegistration();
  usePageTitle(() => t('changes.title'));
  const overview = () => `/${policy().province}/registration`;
  const changeable = () => registration()?.fields.filter((f) => f.changeable) ?? [];
  const [field, setField] = createSignal('');
  const [value, setValue] = createSignal('');
  const [done, setDone] = createSignal<string>();
  const chosen = () => changeable().find((f) => f.code === field());
  const state = createMutationForm({ fields: ['field', 'value'] });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(undefined);
    const current = registration();
    if (!current) return;
    const payload = await state.submit(
      () => ({ field: requiredProblem(field(), t('changes.chooseField')), value: requiredProblem(value(), t('changes.fillValue')) }),
      async () => {
        const result = await client
          .mutation(RequestRegistrationChangesMutation, { input: { registrationId: current.id, version: current.version, changes: [{ field: field(), value: value().trim() }] } })
          .toPromise();
        const answer = result.data?.requestRegistrationChanges;
        // The refusal names the registration's field; beside the form's value input is where it belongs.
        const errors = answer?.errors.map((e) => ({ ...e, field: e.field === field() ? 'value' : e.field }));
        return { error: result.error, payload: answer && { ...answer, errors, error: answer.error && { ...answer.error, field: answer.error.field === field() ? 'value' : answer.error.field } } };
      },
    );
    if (!payload?.registration) return;
    replace(payload.registration);
    setDone(payload.changeRequests.some((c) => c.status === 'PENDING') ? t('changes.requested') : t('changes.changed'));
    setValue('');
  };

  return (
    <Show when={registration()} fallback={<Navigate href={overview()} />}>
      {(current) => (
        <div class="layout">
          <section class="card" aria-labelledby="changes-heading">
            <A class="back-link" href={overview()}>
              {t('back')}
            </A>
            <h1 class="card__title" id="changes-heading">
              {t('changes.title')}
            </h1>
            <Show when={changeable().length > 0} fallback={<p class="card__lead">{t('changes.nothing')}</p>}>
              <form ref={state.ref} onSubmit={submit} novalidate>
                <FormAlert message={state.errors[FORM] ?? done()} tone={state.errors[FORM] ? 'error' : 'success'} />
                <SelectField
                  name="field"
                  label={t('changes.field')}
                  value={field()}
                  placeholder={t('changes.choose')}
                  options={changeable().map((f) => ({ value: f.code, label: f.label }))}
                  onValue={(next) => {
                    setField(next);
                    state.edited('field');
                  }}
                  error={state.errors.field}
                />
                <Show when={chosen()}>
                  {(target) => (
                    <>
                      <p class="field__hint">
                        {t('changes.current', { value: target().display ?? displayValue(target().value) })}
                        {target().changeable?.route === 'CHANGE_REQUEST'
                          ? t('changes.decidedBy', { role: ROLE[target().changeable?.decidedBy ?? ''] ?? t('changes.reviewers') })
                          : t('changes.immediate')}
                        {target().changeable?.window ? `（${target().changeable!.window.message}）` : ''}
                      </p>
                      <TextField
                        name="value"
                        label={t('changes.newValue', { label: target().label })}
                        value={value()}
                        onValue={(next) => {
                          setValue(next);
                          state.edited('value');
                        }}
                        error={state.errors.value}
                      />
                    </>
                  )}
                </Show>
                <SubmitButton busy={state.busy()} label={t('changes.submit')} busyLabel={t('submitting')} />
              </form>
            </Show>
            <Show when={current().changeRequests.length > 0}>
              <h2 class="card__subtitle">{t('changes.history')}</h2>
              <ul class="change-list">
                <For each={current().changeRequests}>
                  {(change) => (
                    <li class="change-list__item">
                      <strong>{change.label}</strong>
                      <span class="tag">{CHANGE_STATUS[change.status] ?? change.status}</span>
                      <br />
                      {displayValue(change.oldValue)} → {displayValue(change.newValue)}
                      <Show when={change.reason}>{(reason) => <span class="facts__note">{t('changes.reason', { reason: reason() })}</span>}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </section>
        </div>
      )}
    </Show>
  );
}
