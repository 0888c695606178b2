import { createContext, createEffect, Match, Switch, useContext, type Accessor, type JSX } from 'solid-js';
import { A, useParams, type RouteSectionProps } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { AccountPolicyQuery } from '../graphql/operations.ts';
import { transportErrorMessage } from '../graphql/errors.ts';
import type { AccountPolicy } from '../graphql/types.ts';
import { Shell } from '../components/shell.tsx';
import { useMessages } from '../i18n/locale.ts';
import { commonMessages } from '../i18n/messages.ts';

const t = useMessages(commonMessages);

const PolicyContext = createContext<Accessor<AccountPolicy>>();

/** The account policy of the province in the address: everything that differs between provinces comes from here. */
export function usePolicy(): Accessor<AccountPolicy> {
  const policy = useContext(PolicyContext);
  if (!policy) throw new Error('usePolicy outside a province route');
  return policy;
}

/** Sets the browser tab's title: the page, then the exam. */
export function usePageTitle(page: Accessor<string>): void {
  const policy = useContext(PolicyContext);
  createEffect(() => {
    document.title = policy ? `${page()} - ${policy().title}` : page();
  });
}

/** `/:province/*`: loads the province's account policy once for all its pages and frames them with its exam title. */
export function ProvinceSection(props: RouteSectionProps) {
  const params = useParams<{ province: string }>();
  const [result, reload] = createQuery({ query: AccountPolicyQuery, variables: () => ({ province: params.province.toUpperCase() }) });
  return (
    <Switch fallback={<Loading />}>
      <Match when={result.data?.accountPolicy}>
        {(policy) => (
          <PolicyContext.Provider value={policy}>
            <Shell title={policy().title} eyebrow={t('province.eyebrow', { province: policy().provinceName })} province={policy().province}>
              {props.children}
            </Shell>
          </PolicyContext.Provider>
        )}
      </Match>
      <Match when={result.data && !result.data.accountPolicy}>
        <Problem heading={t('province.closedTitle')} message={t('province.closed')}>
          <A class="button button--primary" href="/">
            {t('province.choose')}
          </A>
        </Problem>
      </Match>
      <Match when={result.error && !result.fetching}>
        <Problem heading={t('province.failedTitle')} message={transportErrorMessage(result.error!)}>
          <button type="button" class="button button--primary" onClick={() => reload()}>
            {t('province.reload')}
          </button>
        </Problem>
      </Match>
    </Switch>
  );
}

function Loading() {
  return (
    <Shell>
      <div class="layout">
        <section class="card">
          <p class="loading" role="status">
            {t('loading')}
          </p>
        </section>
      </div>
    </Shell>
  );
}

function Problem(props: { heading: string; message: string; children: JSX.Element }) {
  return (
    <Shell>
      <div class="layout">
        <section class="card" aria-labelledby="problem-heading">
          <h1 class="card__title" id="problem-heading">
            {props.heading}
          </h1>
          <p class="alert alert--error" role="alert">
            {props.message}
          </p>
          <div class="actions">{props.children}</div>
        </section>
      </div>
    </Shell>
  );
}
