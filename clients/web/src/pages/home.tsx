import { createEffect, Match, Switch } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { maskIdNumber, maskPhone } from '../components/id-fields.tsx';
import { isSessionOver, transportErrorMessage } from '../graphql/errors.ts';
import { MeQuery } from '../graphql/operations.ts';
import { LogOutButton } from '../components/log-out-button.tsx';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';
import { useMessages } from '../i18n/locale.ts';
import { accountMessages } from './messages.ts';

const t = useMessages(accountMessages);

/** The signed-in candidate's page; sends anyone not signed in (in this province) to the log-in page. */
export default function HomePage() {
  const policy = usePolicy();
  const session = useSession();
  const navigate = useNavigate();
  usePageTitle(() => t('home.title'));

  const signedIn = () => session.isSignedIn(policy().province);
  const [me, reload] = createQuery({ query: MeQuery, pause: () => !signedIn() });

  createEffect(() => {
    if (!signedIn()) navigate(`/${policy().province}/login`, { replace: true });
  });
  createEffect(() => {
    if (!me.fetching && isSessionOver(me.error)) session.clear();
  });

  const account = () => me.data?.me ?? undefined;
  const idTypeName = (code: string) => policy().idTypes.find((t) => t.code === code)?.name ?? code;


  return (
    <div class="layout">
      <section class="card" aria-labelledby="home-heading">
        <Switch fallback={<p class="loading" role="status">{t('loading')}</p>}>
          <Match when={account()}>
            {(candidate) => (
              <>
                <p class="card__eyebrow">{t('home.title')}</p>
                <h1 class="card__title" id="home-heading">
                  {candidate().name ? t('home.greeting', { name: candidate().name! }) : t('home.welcome')}
                </h1>
                <div class="exam">
                  <span class="exam__label">{t('home.exam')}</span>
                  <strong class="exam__title" data-testid="exam-title">
                    {candidate().examSession?.title ?? policy().title}
                  </strong>
                </div>
                <dl class="facts">
                  <div class="facts__row">
                    <dt>{t('idType')}</dt>
                    <dd>{idTypeName(candidate().idType)}</dd>
                  </div>
                  <div class="facts__row">
                    <dt>{t('idNumber')}</dt>
                    <dd data-testid="id-number">{maskIdNumber(candidate().idNumber)}</dd>
                  </div>
                  <div class="facts__row">
                    <dt>{t('boundPhone')}</dt>
                    <dd data-testid="phone">{maskPhone(candidate().phone)}</dd>
                  </div>
                </dl>
              </>
            )}
          </Match>
          <Match when={me.error && !isSessionOver(me.error)}>
            <h1 class="card__title" id="home-heading">
              {t('home.title')}
            </h1>
            <p class="alert alert--error" role="alert">
              {transportErrorMessage(me.error!)}
            </p>
            <button type="button" class="button button--secondary" onClick={() => reload()}>
              {t('reload')}
            </button>
          </Match>
        </Switch>
        <A class="button button--primary button--block" href={`/${policy().province}/registration`}>
          {t('home.register')}
        </A>
        <LogOutButton province={policy().province} />
      </section>
    </div>
  );
}
