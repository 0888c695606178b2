import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A, useNavigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { CaptchaField, createCaptchaChallenge } from '../components/captcha-field.tsx';
import { FormAlert, SubmitButton, TextField } from '../components/field.tsx';
import { IdFields } from '../components/id-fields.tsx';
import { SmsCodeField } from '../components/sms-code-field.tsx';
import { createFormErrors, focusFirstError, FORM, mutationFailure } from '../forms/form-errors.ts';
import { requestSmsCode } from '../forms/sms.ts';
import { problems, requiredProblem, smsCodeProblem } from '../forms/validate.ts';
import { LogInCandidateMutation } from '../graphql/operations.ts';
import type { LoginFactor } from '../graphql/types.ts';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';

const FIELDS = ['idType', 'idNumber', 'password', 'captchaAnswer', 'smsCode'] as const;

/** 考生登录: ID and password, plus the image captcha and SMS code where the province asks for them. */
export default function LoginPage() {
  const policy = usePolicy();
  const session = useSession();
  const client = useClient();
  const navigate = useNavigate();
  usePageTitle(() => '考生登录');

  const needs = (factor: LoginFactor) => policy().loginFactors.includes(factor);
  const smsCaptcha = () => needs('SMS') && policy().smsCaptchaBeforeSending;
  const captcha = createCaptchaChallenge(() => needs('CAPTCHA') || smsCaptcha());
  const [form, setForm] = createStore({ idType: policy().idTypes[0]?.code ?? '', idNumber: '', password: '', captchaAnswer: '', smsCode: '' });
  const errors = createFormErrors();
  const [busy, setBusy] = createSignal(false);
  let formElement: HTMLFormElement | undefined;

  const update = (field: keyof typeof form) => (value: string) => {
    setForm(field, value);
    errors.clear(field);
    errors.clear(FORM);
  };
  const show = (next: Record<string, string>) => {
    errors.replace(next);
    queueMicrotask(() => focusFirstError(formElement, errors.errors, [...FIELDS, FORM]));
  };
  const captchaInput = () => ({ captchaId: captcha.id(), captchaAnswer: form.captchaAnswer.trim() });
  const spendCaptcha = () => {
    setForm('captchaAnswer', '');
    void captcha.refresh();
  };

  const sendSms = async () => {
    const local = problems({
      idNumber: requiredProblem(form.idNumber, '请先输入证件号码'),
      captchaAnswer: smsCaptcha() ? requiredProblem(form.captchaAnswer, '请先输入图片验证码') : undefined,
    });
    if (Object.keys(local).length) return void show(local);
    const { outcome, failure } = await requestSmsCode(
      client,
      { province: policy().province, purpose: 'LOGIN', idType: form.idType, idNumber: form.idNumber.trim(), ...(smsCaptcha() ? captchaInput() : {}) },
      FIELDS,
      '验证码已发送至账号绑定的手机，请注意查收',
    );
    if (smsCaptcha()) spendCaptcha();
    if (failure) show({ [failure.field]: failure.message });
    else errors.replace({});
    return outcome;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const local = problems({
      idNumber: requiredProblem(form.idNumber, '请输入证件号码'),
      password: requiredProblem(form.password, '请输入密码'),
      captchaAnswer: needs('CAPTCHA') ? requiredProblem(form.captchaAnswer, '请输入图片验证码') : undefined,
      smsCode: needs('SMS') ? smsCodeProblem(form.smsCode) : undefined,
    });
    if (Object.keys(local).length) return show(local);
    setBusy(true);
    const result = await client
      .mutation(LogInCandidateMutation, {
        input: {
          province: policy().province,
          idType: form.idType,
          idNumber: form.idNumber.trim(),
          password: form.password,
          ...(needs('SMS') ? { smsCode: form.smsCode.trim() } : {}),
          ...(needs('CAPTCHA') ? captchaInput() : {}),
        },
      })
      .toPromise();
    setBusy(false);
    if (needs('CAPTCHA')) spendCaptcha();
    const payload = result.data?.logInCandidate;
    const failure = mutationFailure(result, payload, FIELDS);
    if (failure || !payload?.tokens) return show({ [failure?.field ?? FORM]: failure?.message ?? '登录未成功，请稍后重试' });
    session.start(policy().province, payload.tokens);
    navigate(`/${policy().province}/home`, { replace: true });
  };

  return (
    <div class="layout" classList={{ 'layout--aside': policy().loginNotices.length > 0 }}>
      <section class="card" aria-labelledby="login-heading">
        <h1 class="card__title" id="login-heading">
          考生登录
        </h1>
        <form ref={formElement} onSubmit={submit} novalidate>
          <FormAlert message={errors.errors[FORM]} />
          <IdFields
            idTypes={policy().idTypes}
            idType={form.idType}
            idNumber={form.idNumber}
            onIdType={update('idType')}
            onIdNumber={update('idNumber')}
            errors={errors.errors}
          />
          <TextField
            name="password"
            label="密码"
            type="password"
            value={form.password}
            onValue={update('password')}
            error={errors.errors.password}
            placeholder="请输入密码"
            autocomplete="current-password"
          />
          <Show when={needs('CAPTCHA') || smsCaptcha()}>
            <CaptchaField challenge={captcha} value={form.captchaAnswer} onValue={update('captchaAnswer')} error={errors.errors.captchaAnswer} />
          </Show>
          <Show when={needs('SMS')}>
            <SmsCodeField value={form.smsCode} onValue={update('smsCode')} error={errors.errors.smsCode} onSend={sendSms} />
          </Show>
          <SubmitButton busy={busy()} label="登录" busyLabel="正在登录…" />
        </form>
        <nav class="links" aria-label="账号">
          <A href={`/${policy().province}/register`}>注册账号</A>
          <A href={`/${policy().province}/forgot`}>忘记密码?</A>
        </nav>
      </section>
      <Show when={policy().loginNotices.length > 0}>
        <aside class="card card--notice" aria-labelledby="notices-heading">
          <h2 class="card__subtitle" id="notices-heading">
            注意事项
          </h2>
          <ul class="notices">
            <For each={policy().loginNotices}>{(notice) => <li>{notice}</li>}</For>
          </ul>
        </aside>
      </Show>
    </div>
  );
}
