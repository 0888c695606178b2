import { createSignal } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { FormAlert, SubmitButton, TextField } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requiredProblem } from '../forms/validate.ts';
import { LogInStaffMutation } from './documents.ts';
import { STAFF_SCOPE, useStaffSession } from './section.tsx';

/** 审核人员登录: username and password (staff accounts are created by an administrator). */
export default function StaffLoginPage() {
  const client = useClient();
  const session = useStaffSession();
  const navigate = useNavigate();
  document.title = '审核人员登录';
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const state = createMutationForm({ fields: ['username', 'password'] });
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({ username: requiredProblem(username(), '请输入用户名'), password: requiredProblem(password(), '请输入密码') }),
      async () => {
        const result = await client.mutation(LogInStaffMutation, { username: username().trim(), password: password() }).toPromise();
        return { error: result.error, payload: result.data?.logInStaff };
      },
      { failureMessage: '登录未成功，请稍后重试' },
    );
    if (!payload?.tokens) return;
    session.start(STAFF_SCOPE, payload.tokens);
    navigate('/review', { replace: true });
  };
  return (
    <div class="layout">
      <section class="card" aria-labelledby="staff-login-heading">
        <h1 class="card__title" id="staff-login-heading">
          审核人员登录
        </h1>
        <form ref={state.ref} onSubmit={submit} novalidate>
          <FormAlert message={state.errors[FORM]} />
          <TextField name="username" label="用户名" value={username()} onValue={(v) => (setUsername(v), state.edited('username'))} error={state.errors.username} autocomplete="username" />
          <TextField
            name="password"
            label="密码"
            type="password"
            value={password()}
            onValue={(v) => (setPassword(v), state.edited('password'))}
            error={state.errors.password}
            autocomplete="current-password"
          />
          <SubmitButton busy={state.busy()} label="登录" busyLabel="正在登录…" />
        </form>
      </section>
    </div>
  );
}
