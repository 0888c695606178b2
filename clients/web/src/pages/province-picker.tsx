import { createEffect, For, Match, Switch } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { Shell } from '../components/shell.tsx';
import { transportErrorMessage } from '../graphql/errors.ts';
import { ProvincesQuery } from '../graphql/operations.ts';
import { returnPageFor } from '../payments/hand-off.ts';
import { useMessages } from '../i18n/locale.ts';
import { accountMessages } from './messages.ts';

const t = useMessages(accountMessages);

/**
 * `/`: the provinces this platform serves; each leads to its own log-in page (or home, when signed in there). The
 * payment channels' return lands here too and is sent on to the payment page that opened the order.
 */
export default function ProvincePicker() {
  const session = useSession();
  const navigate = useNavigate();
  // The channel's return (`/?paymentOrder=<id>`): back to the page that sent the candidate to pay, which shows it.
  const back = returnPageFor(window.location.search);
  if (back) navigate(back, { replace: true });
  const [result, reload] = createQuery({ query: ProvincesQuery, pause: !!back });
  createEffect(() => {
    document.title = t('picker.documentTitle');
  });
  return (
    <Shell>
      <div class="layout">
        <section class="card" aria-labelledby="picker-heading">
          <h1 class="card__title" id="picker-heading">
            {t('picker.title')}
          </h1>
          <p class="card__lead">{t('picker.lead')}</p>
          <Switch fallback={<p class="loading" role="status">{t('loading')}</p>}>
            <Match when={result.data?.provinces}>
              {(provinces) => (
                <ul class="provinces">
                  <For each={provinces()}>
                    {(province) => (
                      <li>
                        <A class="province" href={`/${province.code}/${session.isSignedIn(province.code) ? 'home' : 'login'}`}>
                          <span class="province__name">{province.name}</span>
                          <span class="province__title">{province.title}</span>
                          <span class="province__go" aria-hidden="true">
                            ›
                          </span>
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              )}
            </Match>
            <Match when={result.error && !result.fetching}>
              <p class="alert alert--error" role="alert">
                {transportErrorMessage(result.error!)}
              </p>
              <button type="button" class="button button--secondary" onClick={() => reload()}>
                {t('reload')}
              </button>
            </Match>
          </Switch>
        </section>
      </div>
    </Shell>
  );
}
