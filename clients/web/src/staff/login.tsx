import { createEffect, createSignal } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { FormAlert, SubmitButton, TextField } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requiredProblem } from '../forms/validate.ts';
import { useMessages } from '../i18n/locale.ts';
import { LogInStaffMutation } from './documents.ts';
import { staffMessages } from './messages.ts';
import { STAFF_SCOPE, useStaffSession } from './session.tsx';

/**
 * The staff sign-in (username and password; accounts are created by an administrator), into the staff session both
 * consoles share; then the console it was opened from.
 */
export function StaffLogin(props: { title: () => string; home: string }) {
  const client = useClient();
  const session = useStaffSession();
  const navigate = useNavigate();
  const t = useMessages(staffMessages);
  createEffect(() => (document.title = props.title()));
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const state = createMutationForm({ fields: ['username', 'password'] });
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({ username: requiredProblem(username(), t('login.usernameMissing')), password: requiredProblem(password(), t('login.passwordMissing')) }),
      async () => {
        const result = await client.mutation(LogInStaffMutation, { username: username().trim(), password: password() }).toPromise();
        return { error: result.error, payload: result.data?.logInStaff };
      },
      { failureMessage: t('login.failed') },
    );
    if (!payload?.tokens) return;
    session.start(STAFF_SCOPE, payload.tokens);
    navigate(props.home, { replace: true });
  };
  return (
    <div class="layout">
      <section class="card" aria-labelledby="staff-login-heading">
        <h1 class="card__title" id="staff-login-heading">
          {props.title()}
        </h1>
        <form ref={state.ref} onSubmit={submit} novalidate>
          <FormAlert message={state.errors[FORM]} />
          <TextField name="username" label={t('login.username')} value={username()} onValue={(v) => (setUsername(v), state.edited('username'))} error={state.errors.username} autocomplete="username" />
          <TextField
            name="password"
            label={t('login.password')}
            type="password"
            value={password()}
            onValue={(v) => (setPassword(v), state.edited('password'))}
            error={state.errors.password}
            autocomplete="current-password"
          />
          <SubmitButton busy={state.busy()} label={t('login.submit')} busyLabel={t('login.busy')} />
        </form>
      </section>
    </div>
  );
}
