import { Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A, useNavigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { CaptchaField, createCaptchaChallenge } from '../components/captcha-field.tsx';
import { ConsentField } from '../components/consent-field.tsx';
import { FormAlert, SubmitButton, TextField } from '../components/field.tsx';
import { IdFields } from '../components/id-fields.tsx';
import { SmsCodeField } from '../components/sms-code-field.tsx';
import { normaliseIdNumber } from '@zsb/platform/id-number';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { requestSmsCode } from '../forms/sms.ts';
import { confirmationProblem, idNumberProblem, passwordProblem, phoneProblem, problems, requiredProblem, smsCodeProblem } from '../forms/validate.ts';
import { RegisterCandidateMutation } from '../graphql/operations.ts';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useMessages } from '../i18n/locale.ts';
import { accountMessages } from './messages.ts';

const t = useMessages(accountMessages);

const FIELDS = ['idType', 'idNumber', 'password', 'passwordConfirmation', 'phone', 'captchaAnswer', 'smsCode', 'acceptedPrivacyPolicy'] as const;

/** 考生注册: the ID, a password, the phone proven by an SMS code, and a captcha and consent where the province asks. */
export default function RegisterPage() {
  const policy = usePolicy();
  const session = useSession();
  const client = useClient();
  const navigate = useNavigate();
  usePageTitle(() => t('register.title'));

  const registration = () => policy().registration;
  const smsCaptcha = () => policy().smsCaptchaBeforeSending;
  const captchaShown = () => registration().captcha || smsCaptcha();
  const captcha = createCaptchaChallenge(captchaShown);
  const [form, setForm] = createStore({
    idType: policy().idTypes[0]?.code ?? '',
    idNumber: '',
    password: '',
    passwordConfirmation: '',
    phone: '',
    captchaAnswer: '',
    smsCode: '',
    acceptedPrivacyPolicy: false,
  });
  const spendCaptcha = () => {
    setForm('captchaAnswer', '');
    void captcha.refresh();
  };
  const state = createMutationForm({ fields: FIELDS, captcha: { spend: spendCaptcha } });
  const idType = () => policy().idTypes.find((t) => t.code === form.idType);

  const update = (field: Exclude<keyof typeof form, 'acceptedPrivacyPolicy'>) => (value: string) => {
    setForm(field, value);
    state.edited(field);
  };
  const captchaInput = () => ({ captchaId: captcha.id(), captchaAnswer: form.captchaAnswer.trim() });

  const sendSms = async () => {
    const local = problems({
      phone: phoneProblem(form.phone),
      captchaAnswer: smsCaptcha() ? requiredProblem(form.captchaAnswer, t('captchaFirst')) : undefined,
    });
    if (Object.keys(local).length) return void state.show(local);
    const { outcome, failure } = await requestSmsCode(
      client,
      { province: policy().province, purpose: 'REGISTER', phone: form.phone.replace(/\s+/g, ''), ...(smsCaptcha() ? captchaInput() : {}) },
      FIELDS,
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
        password: passwordProblem(policy().password, form.password),
        passwordConfirmation: confirmationProblem(form.password, form.passwordConfirmation),
        phone: phoneProblem(form.phone),
        captchaAnswer: registration().captcha ? requiredProblem(form.captchaAnswer, t('captchaRequired')) : undefined,
        smsCode: smsCodeProblem(form.smsCode),
        acceptedPrivacyPolicy: registration().consentRequired && !form.acceptedPrivacyPolicy ? t('register.consentRequired', { consent: registration().consentLabel ?? t('register.agree') }) : undefined,
      }),
      async () => {
        const result = await client
          .mutation(RegisterCandidateMutation, {
            input: {
              province: policy().province,
              idType: form.idType,
              idNumber: normaliseIdNumber(form.idNumber),
              phone: form.phone.replace(/\s+/g, ''),
              smsCode: form.smsCode.trim(),
              password: form.password,
              passwordConfirmation: form.passwordConfirmation,
              ...(registration().captcha ? captchaInput() : {}),
              ...(registration().consentRequired ? { acceptedPrivacyPolicy: form.acceptedPrivacyPolicy } : {}),
            },
          })
          .toPromise();
        return { error: result.error, payload: result.data?.registerCandidate };
      },
      { spendsCaptcha: registration().captcha, failureMessage: t('register.failed') },
    );
    if (!payload?.tokens) return;
    session.start(policy().province, payload.tokens);
    navigate(`/${policy().province}/home`, { replace: true });
  };

  const captchaField = () => (
    <CaptchaField challenge={captcha} value={form.captchaAnswer} onValue={update('captchaAnswer')} error={state.errors.captchaAnswer} />
  );

  return (
    <div class="layout">
      <section class="card" aria-labelledby="register-heading">
        <h1 class="card__title" id="register-heading">
          {t('register.title')}
        </h1>
        <Show when={registration().notice}>
          <p class="notice">{registration().notice}</p>
        </Show>
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
            label={t('register.password')}
            type="password"
            value={form.password}
            onValue={update('password')}
            error={state.errors.password}
            hint={policy().password.description}
            placeholder={t('register.passwordPlaceholder')}
            autocomplete="new-password"
            maxLength={policy().password.maxLength}
          />
          <TextField
            name="passwordConfirmation"
            label={t('register.confirmation')}
            type="password"
            value={form.passwordConfirmation}
            onValue={update('passwordConfirmation')}
            error={state.errors.passwordConfirmation}
            placeholder={t('register.confirmationPlaceholder')}
            autocomplete="new-password"
            maxLength={policy().password.maxLength}
          />
          <TextField
            name="phone"
            label={t('boundPhone')}
            type="tel"
            value={form.phone}
            onValue={update('phone')}
            error={state.errors.phone}
            hint={t('register.phoneHint')}
            placeholder={t('phonePlaceholder')}
            inputMode="numeric"
            autocomplete="tel"
            maxLength={13}
          />
          {/* A captcha that unlocks the SMS code comes before it. */}
          <Show when={captchaShown() && smsCaptcha()}>{captchaField()}</Show>
          <SmsCodeField value={form.smsCode} onValue={update('smsCode')} error={state.errors.smsCode} onSend={sendSms} />
          <Show when={captchaShown() && !smsCaptcha()}>{captchaField()}</Show>
          <Show when={registration().consentRequired}>
            <ConsentField
              label={registration().consentLabel ?? t('register.consentLabel')}
              documents={registration().consentDocuments}
              checked={form.acceptedPrivacyPolicy}
              onChecked={(checked) => {
                setForm('acceptedPrivacyPolicy', checked);
                state.edited('acceptedPrivacyPolicy');
              }}
              error={state.errors.acceptedPrivacyPolicy}
            />
          </Show>
          <SubmitButton busy={state.busy()} label={t('register.submit')} busyLabel={t('register.busy')} />
        </form>
        <nav class="links links--center" aria-label={t('account')}>
          <A href={`/${policy().province}/login`}>{t('register.login')}</A>
        </nav>
      </section>
    </div>
  );
}
