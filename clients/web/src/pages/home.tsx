import { createEffect, Match, Switch } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { maskIdNumber, maskPhone } from '../components/id-fields.tsx';
import { isSessionOver, transportErrorMessage } from '../graphql/errors.ts';
import { MeQuery } from '../graphql/operations.ts';
import { LogOutButton } from '../components/log-out-button.tsx';
import { usePageTitle, usePolicy } from '../policy/policy-context.tsx';

/** The signed-in candidate's page; sends anyone not signed in (in this province) to the log-in page. */
export default function HomePage() {
  const policy = usePolicy();
  const session = useSession();
  const navigate = useNavigate();
  usePageTitle(() => '考生首页');

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
        <Switch fallback={<p class="loading" role="status">正在加载…</p>}>
          <Match when={account()}>
            {(candidate) => (
              <>
                <p class="card__eyebrow">考生首页</p>
                <h1 class="card__title" id="home-heading">
                  {candidate().name ? `${candidate().name}，您好` : '您好，欢迎登录'}
                </h1>
                <div class="exam">
                  <span class="exam__label">报考考试</span>
                  <strong class="exam__title" data-testid="exam-title">
                    {candidate().examSession?.title ?? policy().title}
                  </strong>
                </div>
                <dl class="facts">
                  <div class="facts__row">
                    <dt>证件类型</dt>
                    <dd>{idTypeName(candidate().idType)}</dd>
                  </div>
                  <div class="facts__row">
                    <dt>证件号码</dt>
                    <dd data-testid="id-number">{maskIdNumber(candidate().idNumber)}</dd>
                  </div>
                  <div class="facts__row">
                    <dt>绑定手机号</dt>
                    <dd data-testid="phone">{maskPhone(candidate().phone)}</dd>
                  </div>
                </dl>
              </>
            )}
          </Match>
          <Match when={me.error && !isSessionOver(me.error)}>
            <h1 class="card__title" id="home-heading">
              考生首页
            </h1>
            <p class="alert alert--error" role="alert">
              {transportErrorMessage(me.error!)}
            </p>
            <button type="button" class="button button--secondary" onClick={() => reload()}>
              重新加载
            </button>
          </Match>
        </Switch>
        <A class="button button--primary button--block" href={`/${policy().province}/registration`}>
          网上报名
        </A>
        <LogOutButton province={policy().province} />
      </section>
    </div>
  );
}
