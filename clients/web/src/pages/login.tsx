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
      idNumber: idNumberProblem(idType(), form.idNumber, '请先输入证件号码'),
      captchaAnswer: smsCaptcha() ? requiredProblem(form.captchaAnswer, '请先输入图片验证码') : undefined,
    });
    if (Object.keys(local).length) return void state.show(local);
    const { outcome, failure } = await requestSmsCode(
      client,
      { province: policy().province, purpose: 'LOGIN', idType: form.idType, idNumber: normaliseIdNumber(form.idNumber), ...(smsCaptcha() ? captchaInput() : {}) },
      FIELDS,
      '验证码已发送至账号绑定的手机，请注意查收',
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
        password: requiredProblem(form.password, '请输入密码'),
        captchaAnswer: needs('CAPTCHA') ? requiredProblem(form.captchaAnswer, '请输入图片验证码') : undefined,
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
      { spendsCaptcha: needs('CAPTCHA'), failureMessage: '登录未成功，请稍后重试' },
    );
    if (!payload?.tokens) return;
    session.start(policy().province, payload.tokens);
    navigate(`/${policy().province}/home`, { replace: true });
  };

  return (
    <div class="layout" classList={{ 'layout--aside': policy().loginNotices.length > 0 }}>
      <section class="card" aria-labelledby="login-heading">
        <h1 class="card__title" id="login-heading">
          考生登录
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
            label="密码"
            type="password"
            value={form.password}
            onValue={update('password')}
            error={state.errors.password}
            placeholder="请输入密码"
            autocomplete="current-password"
          />
          <Show when={needs('CAPTCHA') || smsCaptcha()}>
            <CaptchaField challenge={captcha} value={form.captchaAnswer} onValue={update('captchaAnswer')} error={state.errors.captchaAnswer} />
          </Show>
          <Show when={needs('SMS')}>
            <SmsCodeField value={form.smsCode} onValue={update('smsCode')} error={state.errors.smsCode} onSend={sendSms} />
          </Show>
          <SubmitButton busy={state.busy()} label="登录" busyLabel="正在登录…" />
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
