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
import { displayValue } from './model.ts';

const CHANGE_STATUS: Record<string, string> = { PENDING: '待审核', APPROVED: '已同意', REJECTED: '未同意', APPLIED: '已修改' };
const ROLE: Record<string, string> = { COLLEGE_REVIEWER: '院校', PROVINCE_REVIEWER: '省级招生考试机构' };

/**
 * 申请修改: the locked values the rules let change now (an edit made at once, or a change request a reviewer decides),
 * and the changes asked so far with their answers.
 */
export default function ChangesPage() {
  const policy = usePolicy();
  const client = useClient();
  const { registration, replace } = useRegistration();
  usePageTitle(() => '申请修改');
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
      () => ({ field: requiredProblem(field(), '请选择要修改的信息'), value: requiredProblem(value(), '请填写修改后的内容') }),
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
    setDone(payload.changeRequests.some((c) => c.status === 'PENDING') ? '修改申请已提交，请等待审核' : '信息已修改');
    setValue('');
  };

  return (
    <Show when={registration()} fallback={<Navigate href={overview()} />}>
      {(current) => (
        <div class="layout">
          <section class="card" aria-labelledby="changes-heading">
            <A class="back-link" href={overview()}>
              返回报名步骤
            </A>
            <h1 class="card__title" id="changes-heading">
              申请修改
            </h1>
            <Show when={changeable().length > 0} fallback={<p class="card__lead">目前没有可以修改的信息。</p>}>
              <form ref={state.ref} onSubmit={submit} novalidate>
                <FormAlert message={state.errors[FORM] ?? done()} tone={state.errors[FORM] ? 'error' : 'success'} />
                <SelectField
                  name="field"
                  label="要修改的信息"
                  value={field()}
                  placeholder="请选择"
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
                        当前：{target().display ?? displayValue(target().value)}；
                        {target().changeable?.route === 'CHANGE_REQUEST'
                          ? `提交后由${ROLE[target().changeable?.decidedBy ?? ''] ?? '审核人员'}审核`
                          : '提交后立即生效'}
                        {target().changeable?.window ? `（${target().changeable!.window.message}）` : ''}
                      </p>
                      <TextField
                        name="value"
                        label={`修改后的${target().label}`}
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
                <SubmitButton busy={state.busy()} label="提交" busyLabel="正在提交…" />
              </form>
            </Show>
            <Show when={current().changeRequests.length > 0}>
              <h2 class="card__subtitle">修改记录</h2>
              <ul class="change-list">
                <For each={current().changeRequests}>
                  {(change) => (
                    <li class="change-list__item">
                      <strong>{change.label}</strong>
                      <span class="tag">{CHANGE_STATUS[change.status] ?? change.status}</span>
                      <br />
                      {displayValue(change.oldValue)} → {displayValue(change.newValue)}
                      <Show when={change.reason}>{(reason) => <span class="facts__note">审核意见：{reason()}</span>}</Show>
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
