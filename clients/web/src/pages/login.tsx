import { For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A, useNavigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { CaptchaField, createCaptchaChallenge } from '../components/captcha-field.tsx';
import { FormAlert, SubmitButton, TextField } from '../components/field.tsx';
import { IdFields } from '../components/id-fields.tsx';
import { SmsCodeField } from '../components/sms-code-field.tsx';
import { normaliseIdNumber } from '@zsb/platform/id-number';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requestSmsCode } from '../forms/sms.ts';
import { idNumberProblem, problems, requiredProblem, smsCodeProblem } from '../forms/validate.ts';
import { LogInCandidateMutation } from '../graphql/operations.ts';
import type { LoginFactor } from '../graphql/types.ts';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useMessages } from '../i18n/locale.ts';
import { accountMessages } from './messages.ts';

const t = useMessages(accountMessages);

const FIELDS = ['idType', 'idNumber', 'password', 'captchaAnswer', 'smsCode'] as const;

/** 考生登录: ID and password, plus the image captcha and SMS code where the province asks for them. */
export default function LoginPage() {
  const policy = usePolicy();
  const session = useSession();
  const client = useClient();
  const navigate = useNavigate();
  usePageTitle(() => t('login.title'));

  const needs = (factor: LoginFactor) => policy().loginFactors.includes(factor);
  const smsCaptcha = () => needs('SMS') && policy().smsCaptchaBeforeSending;
  const captcha = createCaptchaChallenge(() => needs('CAPTCHA') || smsCaptcha());
  const [form, setForm] = createStore({ idType: policy().idTypes[0]?.code ?? '', idNumber: '', password: '', captchaAnswer: '', smsCode: '' });
  const spendCaptcha = () => {
    setForm('captchaAnswer', '');
    void captcha.refresh();
  };
  const state = createMutationForm({ fields: FIELDS, captcha: { spend: spendCaptcha } });
  const idType = () => policy().idTypes.find((t) => t.code === form.idType);

  const update = (field: keyof typeof form) => (value: string) => {
    setForm(field, value);
    state.edited(field);
  };
  const captchaInput = () => ({ captchaId: captcha.id(), captchaAnswer: form.captchaAnswer.trim() });

  const sendSms = async () => {
    const local = problems({
      idNumber: idNumberProblem(idType(), form.idNumber, t('idNumberFirst')),
      captchaAnswer: smsCaptcha() ? requiredProblem(form.captchaAnswer, t('captchaFirst')) : undefined,
    });
    if (Object.keys(local).length) return void state.show(local);
    const { outcome, failure } = await requestSmsCode(
      client,
      { province: policy().province, purpose: 'LOGIN', idType: form.idType, idNumber: normaliseIdNumber(form.idNumber), ...(smsCaptcha() ? captchaInput() : {}) },
      FIELDS,
      t('login.smsSent'),
    );
    if (smsCaptcha()) spendCaptcha();
    state.show(failure ? { [failure.field]: failure.message } : {});
    return outcome;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const payload = await state.submit(
      () => ({
        idNumber: idNumberProblem(idType(), form.idNumber),
        password: requiredProblem(form.password, t('login.passwordRequired')),
        captchaAnswer: needs('CAPTCHA') ? requiredProblem(form.captchaAnswer, t('captchaRequired')) : undefined,
        smsCode: needs('SMS') ? smsCodeProblem(form.smsCode) : undefined,
      }),
      async () => {
        const result = await client
          .mutation(LogInCandidateMutation, {
            input: {
              province: policy().province,
              idType: form.idType,
              idNumber: normaliseIdNumber(form.idNumber),
              password: form.password,
              ...(needs('SMS') ? { smsCode: form.smsCode.trim() } : {}),
              ...(needs('CAPTCHA') ? captchaInput() : {}),
            },
          })
          .toPromise();
        return { error: result.error, payload: result.data?.logInCandidate };
      },
      { spendsCaptcha: needs('CAPTCHA'), failureMessage: t('login.failed') },
    );
    if (!payload?.tokens) return;
    session.start(policy().province, payload.tokens);
    navigate(`/${policy().province}/home`, { replace: true });
  };

  return (
    <div class="layout" classList={{ 'layout--aside': policy().loginNotices.length > 0 }}>
      <section class="card" aria-labelledby="login-heading">
        <h1 class="card__title" id="login-heading">
          {t('login.title')}
        </h1>
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
            name="password"
            label={t('login.password')}
            type="password"
            value={form.password}
            onValue={update('password')}
            error={state.errors.password}
            placeholder={t('login.passwordRequired')}
            autocomplete="current-password"
          />
          <Show when={needs('CAPTCHA') || smsCaptcha()}>
            <CaptchaField challenge={captcha} value={form.captchaAnswer} onValue={update('captchaAnswer')} error={state.errors.captchaAnswer} />
          </Show>
          <Show when={needs('SMS')}>
            <SmsCodeField value={form.smsCode} onValue={update('smsCode')} error={state.errors.smsCode} onSend={sendSms} />
          </Show>
          <SubmitButton busy={state.busy()} label={t('login.submit')} busyLabel={t('login.busy')} />
        </form>
        <nav class="links" aria-label={t('account')}>
          <A href={`/${policy().province}/register`}>{t('login.register')}</A>
          <A href={`/${policy().province}/forgot`}>{t('login.forgot')}</A>
        </nav>
      </section>
      <Show when={policy().loginNotices.length > 0}>
        <aside class="card card--notice" aria-labelledby="notices-heading">
          <h2 class="card__subtitle" id="notices-heading">
            {t('login.notices')}
          </h2>
          <ul class="notices">
            <For each={policy().loginNotices}>{(notice) => <li>{notice}</li>}</For>
          </ul>
        </aside>
      </Show>
    </div>
  );
}
