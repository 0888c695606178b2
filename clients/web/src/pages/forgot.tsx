import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { CaptchaField, createCaptchaChallenge } from '../components/captcha-field.tsx';
import { FormAlert, SubmitButton, TextField } from '../components/field.tsx';
import { IdFields, maskIdNumber } from '../components/id-fields.tsx';
import { SmsCodeField } from '../components/sms-code-field.tsx';
import { normaliseIdNumber } from '@zsb/platform/id-number';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requestSmsCode } from '../forms/sms.ts';
import { confirmationProblem, idNumberProblem, passwordProblem, phoneProblem, problems, requiredProblem, smsCodeProblem } from '../forms/validate.ts';
import { ResetPasswordMutation, StartPasswordResetMutation } from '../graphql/operations.ts';
import type { AccountPolicy } from '../graphql/types.ts';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useMessages } from '../i18n/locale.ts';
import { accountMessages } from './messages.ts';

const t = useMessages(accountMessages);

/** 忘记密码, in the province's shape: one page (ID, phone, SMS code), or two (ID and captcha, then the masked phone). */
export default function ForgotPage() {
  const policy = usePolicy();
  usePageTitle(() => t('forgot.title'));
  const [done, setDone] = createSignal(false);
  return (
    <div class="layout">
      <section class="card" aria-labelledby="forgot-heading">
        <h1 class="card__title" id="forgot-heading">
          {t('forgot.title')}
        </h1>
        <Switch>
          <Match when={done()}>
            <div class="success" role="status">
              <p class="success__title">{t('forgot.doneTitle')}</p>
              <p>{t('forgot.done')}</p>
              <A class="button button--primary button--block" href={`/${policy().province}/login`}>
                {t('forgot.login')}
              </A>
            </div>
          </Match>
          <Match when={policy().passwordResetFlow === 'MASKED_PHONE'}>
            <MaskedPhoneReset onDone={() => setDone(true)} />
          </Match>
          <Match when={true}>
            <PhoneAndSmsReset onDone={() => setDone(true)} />
          </Match>
        </Switch>
        <Show when={!done()}>
          <nav class="links links--center" aria-label={t('account')}>
            <A href={`/${policy().province}/login`}>{t('forgot.back')}</A>
          </nav>
        </Show>
      </section>
    </div>
  );
}

function NewPasswordFields(props: {
  policy: AccountPolicy;
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  errors: Record<string, string | undefined>;
}) {
  return (
    <>
      <TextField
        name="newPassword"
        label={t('forgot.newPassword')}
        type="password"
        value={props.password}
        onValue={props.onPassword}
        error={props.errors.newPassword}
        hint={props.policy.password.description}
        placeholder={t('forgot.newPasswordPlaceholder')}
        autocomplete="new-password"
        maxLength={props.policy.password.maxLength}
      />
      <TextField
        name="newPasswordConfirmation"
        label={t('forgot.confirmation')}
        type="password"
        value={props.confirmation}
        onValue={props.onConfirmation}
        error={props.errors.newPasswordConfirmation}
        placeholder={t('forgot.confirmationPlaceholder')}
        autocomplete="new-password"
        maxLength={props.policy.password.maxLength}
      />
    </>
  );
}

const PHONE_FIELDS = ['idType', 'idNumber', 'phone', 'captchaAnswer', 'smsCode', 'newPassword', 'newPasswordConfirmation'] as const;

/** ID, the bound phone, an SMS code to it and the new password, on one page. */
function PhoneAndSmsReset(props: { onDone: () => void }) {
  const policy = usePolicy();
  const client = useClient();
  const smsCaptcha = () => policy().smsCaptchaBeforeSending;
  // The captcha guards sending the code, confirming the reset, or both, as the province's rules say.
  const resetCaptcha = () => policy().passwordResetCaptcha;
  const captcha = createCaptchaChallenge(() => smsCaptcha() || resetCaptcha());
  const [form, setForm] = createStore({ idType: policy().idTypes[0]?.code ?? '', idNumber: '', phone: '', captchaAnswer: '', smsCode: '', newPassword: '', newPasswordConfirmation: '' });
  const spendCaptcha = () => {
    setForm('captchaAnswer', '');
    void captcha.refresh();
  };
  const state = createMutationForm({ fields: PHONE_FIELDS, captcha: { spend: spendCaptcha } });
  const idType = () => policy().idTypes.find((t) => t.code === form.idType);
  const update = (field: keyof typeof form) => (value: string) => {
    setForm(field, value);
    state.edited(field);
  };

  const sendSms = async () => {
    const local = problems({
      idNumber: idNumberProblem(policy().idTypes.find((t) => t.code === form.idType), form.idNumber, t('idNumberFirst')),
      phone: phoneProblem(form.phone),
      captchaAnswer: smsCaptcha() ? requiredProblem(form.captchaAnswer, t('captchaFirst')) : undefined,
    });
    if (Object.keys(local).length) return void state.show(local);
    const { outcome, failure } = await requestSmsCode(
      client,
      {
        province: policy().province,
        purpose: 'RESET_PASSWORD',
        idType: form.idType,
        idNumber: normaliseIdNumber(form.idNumber),
        phone: form.phone.replace(/\s+/g, ''),
        ...(smsCaptcha() ? { captchaId: captcha.id(), captchaAnswer: form.captchaAnswer.trim() } : {}),
      },
      PHONE_FIELDS,
      t('forgot.smsSentIfMatches'),
    );
    if (smsCaptcha()) {
      setForm('captchaAnswer', '');
      void captcha.refresh();
    }
    if (failure) state.show({ [failure.field]: failure.message });
    else state.show({});
    return outcome;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({
        idNumber: idNumberProblem(idType(), form.idNumber),
        phone: phoneProblem(form.phone),
        smsCode: smsCodeProblem(form.smsCode),
        captchaAnswer: resetCaptcha() ? requiredProblem(form.captchaAnswer, t('captchaRequired')) : undefined,
        newPassword: passwordProblem(policy().password, form.newPassword, t('newPasswordRequired')),
        newPasswordConfirmation: confirmationProblem(form.newPassword, form.newPasswordConfirmation),
      }),
      async () => {
        const result = await client
          .mutation(ResetPasswordMutation, {
            input: {
              province: policy().province,
              idType: form.idType,
              idNumber: normaliseIdNumber(form.idNumber),
              phone: form.phone.replace(/\s+/g, ''),
              smsCode: form.smsCode.trim(),
              newPassword: form.newPassword,
              newPasswordConfirmation: form.newPasswordConfirmation,
              ...(resetCaptcha() ? { captchaId: captcha.id(), captchaAnswer: form.captchaAnswer.trim() } : {}),
            },
          })
          .toPromise();
        return { error: result.error, payload: result.data?.resetPassword };
      },
      { spendsCaptcha: resetCaptcha() },
    );
    if (payload) props.onDone();
  };

  return (
    <form ref={state.ref} onSubmit={submit} novalidate>
      <FormAlert message={state.errors[FORM]} />
      <IdFields
        idTypes={policy().idTypes}
        idType={form.idType}
        idNumber={form.idNumber}
        onIdType={update('idType')}
        onIdNumber={update('idNumber')}
        errors={state.errors}
      />
      <TextField
        name="phone"
        label={t('phone')}
        type="tel"
        value={form.phone}
        onValue={update('phone')}
        error={state.errors.phone}
        hint={t('forgot.phoneHint')}
        placeholder={t('phonePlaceholder')}
        inputMode="numeric"
        autocomplete="tel"
        maxLength={13}
      />
      <Show when={smsCaptcha() || resetCaptcha()}>
        <CaptchaField challenge={captcha} value={form.captchaAnswer} onValue={update('captchaAnswer')} error={state.errors.captchaAnswer} />
      </Show>
      <SmsCodeField value={form.smsCode} onValue={update('smsCode')} error={state.errors.smsCode} onSend={sendSms} />
      <NewPasswordFields
        policy={policy()}
        password={form.newPassword}
        confirmation={form.newPasswordConfirmation}
        onPassword={update('newPassword')}
        onConfirmation={update('newPasswordConfirmation')}
        errors={state.errors}
      />
      <SubmitButton busy={state.busy()} label={t('confirm')} busyLabel={t('submitting')} />
    </form>
  );
}

const START_FIELDS = ['idType', 'idNumber', 'captchaAnswer'] as const;
const FINISH_FIELDS = ['captchaAnswer', 'smsCode', 'newPassword', 'newPasswordConfirmation'] as const;

/** Step one: which account (ID and captcha). Step two: the masked phone, captcha, SMS code and the new password. */
function MaskedPhoneReset(props: { onDone: () => void }) {
  const policy = usePolicy();
  const [ticket, setTicket] = createSignal<{ resetTicket: string; maskedPhone: string; idType: string; idNumber: string }>();
  const [restartMessage, setRestartMessage] = createSignal<string>();
  return (
    <Show
      when={ticket()}
      fallback={
        <StartStep
          message={restartMessage()}
          onTicket={(next) => {
            setRestartMessage(undefined);
            setTicket(next);
          }}
        />
      }
    >
      {(current) => (
        <FinishStep
          ticket={current()}
          idTypeName={policy().idTypes.find((t) => t.code === current().idType)?.name ?? current().idType}
          onDone={props.onDone}
          onRestart={(message) => {
            setRestartMessage(message);
            setTicket(undefined);
          }}
        />
      )}
    </Show>
  );
}

function StepIndicator(props: { step: 1 | 2 }): JSX.Element {
  return (
    <ol class="steps" aria-label={t('forgot.steps')}>
      <li classList={{ 'steps__item--current': props.step === 1, steps__item: true }} aria-current={props.step === 1 ? 'step' : undefined}>
        {t('forgot.verify')}
      </li>
      <li classList={{ 'steps__item--current': props.step === 2, steps__item: true }} aria-current={props.step === 2 ? 'step' : undefined}>
        {t('forgot.reset')}
      </li>
    </ol>
  );
}

function StartStep(props: { message?: string; onTicket: (ticket: { resetTicket: string; maskedPhone: string; idType: string; idNumber: string }) => void }) {
  const policy = usePolicy();
  const client = useClient();
  const captcha = createCaptchaChallenge(() => policy().passwordResetCaptcha);
  const [form, setForm] = createStore({ idType: policy().idTypes[0]?.code ?? '', idNumber: '', captchaAnswer: '' });
  const spendCaptcha = () => {
    setForm('captchaAnswer', '');
    void captcha.refresh();
  };
  const state = createMutationForm({ fields: START_FIELDS, captcha: { spend: spendCaptcha } });
  const idType = () => policy().idTypes.find((t) => t.code === form.idType);
  if (props.message) state.show({ [FORM]: props.message });
  const update = (field: keyof typeof form) => (value: string) => {
    setForm(field, value);
    state.edited(field);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const idNumber = normaliseIdNumber(form.idNumber);
    const payload = await state.submit(
      () => ({
        idNumber: idNumberProblem(idType(), form.idNumber),
        captchaAnswer: policy().passwordResetCaptcha ? requiredProblem(form.captchaAnswer, t('captchaRequired')) : undefined,
      }),
      async () => {
        const result = await client
          .mutation(StartPasswordResetMutation, {
            input: {
              province: policy().province,
              idType: form.idType,
              idNumber,
              ...(policy().passwordResetCaptcha ? { captchaId: captcha.id(), captchaAnswer: form.captchaAnswer.trim() } : {}),
            },
          })
          .toPromise();
        return { error: result.error, payload: result.data?.startPasswordReset };
      },
      { spendsCaptcha: policy().passwordResetCaptcha },
    );
    if (payload?.resetTicket) props.onTicket({ resetTicket: payload.resetTicket, maskedPhone: payload.maskedPhone ?? '', idType: form.idType, idNumber });
  };

  return (
    <form ref={state.ref} onSubmit={submit} novalidate>
      <StepIndicator step={1} />
      <FormAlert message={state.errors[FORM]} />
      <IdFields
        idTypes={policy().idTypes}
        idType={form.idType}
        idNumber={form.idNumber}
        onIdType={update('idType')}
        onIdNumber={update('idNumber')}
        errors={state.errors}
      />
      <Show when={policy().passwordResetCaptcha}>
        <CaptchaField challenge={captcha} value={form.captchaAnswer} onValue={update('captchaAnswer')} error={state.errors.captchaAnswer} />
      </Show>
      <SubmitButton busy={state.busy()} label={t('forgot.next')} busyLabel={t('forgot.verifying')} />
    </form>
  );
}

function FinishStep(props: {
  ticket: { resetTicket: string; maskedPhone: string; idType: string; idNumber: string };
  idTypeName: string;
  onDone: () => void;
  onRestart: (message: string) => void;
}) {
  const policy = usePolicy();
  const client = useClient();
  const smsCaptcha = () => policy().smsCaptchaBeforeSending;
  const captcha = createCaptchaChallenge(smsCaptcha);
  const [form, setForm] = createStore({ captchaAnswer: '', smsCode: '', newPassword: '', newPasswordConfirmation: '' });
  const state = createMutationForm({ fields: FINISH_FIELDS });
  const update = (field: keyof typeof form) => (value: string) => {
    setForm(field, value);
    state.edited(field);
  };
  /** The ticket lasts 15 minutes; past that the server refuses it and the candidate starts again. */
  const handleFailure = (failure: { field: string; code: string; message: string }) => {
    if (failure.code === 'RESET_TICKET_INVALID') props.onRestart(failure.message);
    else state.show({ [failure.field]: failure.message });
  };

  const sendSms = async () => {
    const local = problems({ captchaAnswer: smsCaptcha() ? requiredProblem(form.captchaAnswer, t('captchaFirst')) : undefined });
    if (Object.keys(local).length) return void state.show(local);
    const { outcome, failure } = await requestSmsCode(
      client,
      {
        province: policy().province,
        purpose: 'RESET_PASSWORD',
        resetTicket: props.ticket.resetTicket,
        ...(smsCaptcha() ? { captchaId: captcha.id(), captchaAnswer: form.captchaAnswer.trim() } : {}),
      },
      FINISH_FIELDS,
      t('forgot.smsSentTo', { phone: props.ticket.maskedPhone }),
    );
    if (smsCaptcha()) {
      setForm('captchaAnswer', '');
      void captcha.refresh();
    }
    if (failure) handleFailure(failure);
    else state.show({});
    return outcome;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({
        smsCode: smsCodeProblem(form.smsCode),
        newPassword: passwordProblem(policy().password, form.newPassword, t('newPasswordRequired')),
        newPasswordConfirmation: confirmationProblem(form.newPassword, form.newPasswordConfirmation),
      }),
      async () => {
        const result = await client
          .mutation(ResetPasswordMutation, {
            input: {
              province: policy().province,
              idType: props.ticket.idType,
              resetTicket: props.ticket.resetTicket,
              smsCode: form.smsCode.trim(),
              newPassword: form.newPassword,
              newPasswordConfirmation: form.newPasswordConfirmation,
            },
          })
          .toPromise();
        return { error: result.error, payload: result.data?.resetPassword };
      },
      { onRefusal: (error) => error.code === 'RESET_TICKET_INVALID' && (props.onRestart(error.message), true) },
    );
    if (payload) props.onDone();
  };

  return (
    <form ref={state.ref} onSubmit={submit} novalidate>
      <StepIndicator step={2} />
      <FormAlert message={state.errors[FORM]} />
      <Show when={policy().idTypes.length > 1}>
        <TextField name="idTypeShown" label={t('idType')} value={props.idTypeName} readOnly />
      </Show>
      <TextField name="idNumberShown" label={t('idNumber')} value={maskIdNumber(props.ticket.idNumber)} readOnly />
      <TextField name="maskedPhone" label={t('phone')} value={props.ticket.maskedPhone} readOnly hint={t('forgot.smsGoesTo')} />
      <Show when={smsCaptcha()}>
        <CaptchaField challenge={captcha} value={form.captchaAnswer} onValue={update('captchaAnswer')} error={state.errors.captchaAnswer} />
      </Show>
      <SmsCodeField value={form.smsCode} onValue={update('smsCode')} error={state.errors.smsCode} onSend={sendSms} />
      <NewPasswordFields
        policy={policy()}
        password={form.newPassword}
        confirmation={form.newPasswordConfirmation}
        onPassword={update('newPassword')}
        onConfirmation={update('newPasswordConfirmation')}
        errors={state.errors}
      />
      <SubmitButton busy={state.busy()} label={t('confirm')} busyLabel={t('submitting')} />
    </form>
  );
}
