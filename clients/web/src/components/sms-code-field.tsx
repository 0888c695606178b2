import { createSignal } from 'solid-js';
import { createCountdown } from './countdown.ts';
import { TextField } from './field.tsx';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

/** What asking for a code came to: seconds until another may be asked for, and a line to show under the field. */
export interface SmsSendOutcome {
  resendAfterSeconds?: number | null;
  notice?: string;
}

export interface SmsCodeFieldProps {
  value: string;
  onValue: (value: string) => void;
  error?: string;
  /** Sends the code; resolves `undefined` when it was refused (the page shows why beside the right field). */
  onSend: () => Promise<SmsSendOutcome | undefined>;
}

/** The SMS code input with its 获取验证码 button, which counts down until another code may be asked for. */
export function SmsCodeField(props: SmsCodeFieldProps) {
  const countdown = createCountdown();
  const [sending, setSending] = createSignal(false);
  const [notice, setNotice] = createSignal<string>();

  const send = async () => {
    if (sending() || countdown.running()) return;
    setSending(true);
    setNotice(undefined);
    try {
      const outcome = await props.onSend();
      if (outcome?.resendAfterSeconds) countdown.start(outcome.resendAfterSeconds);
      setNotice(outcome?.notice);
    } finally {
      setSending(false);
    }
  };

  const label = () => (sending() ? t('sms.sending') : countdown.running() ? t('sms.resendIn', { seconds: countdown.remaining() }) : t('sms.send'));

  return (
    <TextField
      name="smsCode"
      label={t('sms.label')}
      value={props.value}
      onValue={props.onValue}
      error={props.error}
      hint={notice() ?? ''}
      placeholder={t('sms.placeholder')}
      inputMode="numeric"
      autocomplete="one-time-code"
      maxLength={6}
      addon={
        <button type="button" class="button button--secondary sms-button" onClick={send} disabled={sending() || countdown.running()}>
          {label()}
        </button>
      }
    />
  );
}
