import { createEffect, createSignal, onCleanup, Show, type Accessor } from 'solid-js';
import { useClient } from '@urql/solid';
import type { Client } from '@urql/core';
import { CreateCaptchaMutation } from '../graphql/operations.ts';
import { transportErrorMessage } from '../graphql/errors.ts';
import type { Captcha } from '../graphql/types.ts';
import { TextField } from './field.tsx';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

export interface CaptchaChallenge {
  /** The id to send as `captchaId`; `undefined` until an image has arrived. */
  id: Accessor<string | undefined>;
  image: Accessor<string | undefined>;
  loading: Accessor<boolean>;
  /** Why no image could be had, if so. */
  problem: Accessor<string | undefined>;
  /** Asks for a new image: after every submit that used one (each image allows one guess), on a click, on expiry. */
  refresh: () => Promise<void>;
}

/**
 * An image captcha (图片验证码) while `enabled` is true: fetched at once, replaced when it expires (five minutes) and on
 * demand. Only the newest request's answer is kept, so quick clicks cannot leave an older image on screen.
 */
export function createCaptchaChallenge(enabled: Accessor<boolean>, client: Client = useClient()): CaptchaChallenge {
  const [captcha, setCaptcha] = createSignal<Captcha>();
  const [loading, setLoading] = createSignal(false);
  const [problem, setProblem] = createSignal<string>();
  let latest = 0;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const refresh = async () => {
    const request = ++latest;
    setLoading(true);
    const result = await client.mutation(CreateCaptchaMutation, {}).toPromise();
    if (request !== latest) return;
    setLoading(false);
    const payload = result.data?.createCaptcha;
    if (payload?.ok && payload.captcha) {
      setCaptcha(payload.captcha);
      setProblem(undefined);
      clearTimeout(expiryTimer);
      const lifetime = Date.parse(payload.captcha.expiresAt) - Date.now();
      // Renew a little early; a clock far off would make the lifetime nonsense, so then keep the image for 4 minutes.
      const renewIn = lifetime > 10_000 && lifetime < 3_600_000 ? lifetime - 5_000 : 240_000;
      expiryTimer = setTimeout(() => void refresh(), renewIn);
    } else {
      setCaptcha(undefined);
      setProblem(payload?.error?.message ?? (result.error ? transportErrorMessage(result.error) : t('captcha.failed')));
    }
  };

  createEffect(() => {
    if (enabled()) void refresh();
    else {
      latest++;
      clearTimeout(expiryTimer);
      setCaptcha(undefined);
    }
  });
  onCleanup(() => {
    latest++;
    clearTimeout(expiryTimer);
  });

  return { id: () => captcha()?.id, image: () => captcha()?.imageDataUrl, loading, problem, refresh };
}

export interface CaptchaFieldProps {
  challenge: CaptchaChallenge;
  value: string;
  onValue: (value: string) => void;
  error?: string;
}

/** The answer input with its image beside it; clicking the image asks for another one. */
export function CaptchaField(props: CaptchaFieldProps) {
  const change = () => {
    props.onValue('');
    void props.challenge.refresh();
  };
  return (
    <TextField
      name="captchaAnswer"
      label={t('captcha.label')}
      value={props.value}
      onValue={props.onValue}
      error={props.error ?? props.challenge.problem()}
      placeholder={t('captcha.placeholder')}
      maxLength={8}
      autoCapitalize="off"
      hint={t('captcha.hint')}
      addon={
        <button type="button" class="captcha-image" onClick={change} aria-label={t('captcha.change')} title={t('captcha.changeTitle')}>
          <Show when={props.challenge.image()} fallback={<span class="captcha-image__placeholder">{props.challenge.loading() ? t('captcha.loading') : t('captcha.fetch')}</span>}>
            {(src) => <img src={src()} alt={t('captcha.image')} width="120" height="44" />}
          </Show>
        </button>
      }
    />
  );
}
