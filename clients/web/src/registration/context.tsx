import { createContext, createEffect, createSignal, Match, Switch, useContext, type Accessor, type JSX } from 'solid-js';
import { useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { isSessionOver, transportErrorMessage } from '../graphql/errors.ts';
import { usePolicy } from '../policy/policy-context.tsx';
import { MyRegistrationQuery, type Registration } from './documents.ts';
import { useMessages } from '../i18n/locale.ts';
import { registrationMessages } from './messages.ts';

const t = useMessages(registrationMessages);

export interface RegistrationState {
  /** The registration as the server last answered it; `null` before it is started. */
  registration: Accessor<Registration | null>;
  /** Keeps the registration a mutation answered with (every payload carries it), so no second request is needed. */
  replace: (registration: Registration) => void;
  /** Asks the server again (after a refusal such as REGISTRATION_CHANGED, or to see a review's answer). */
  reload: () => void;
  /** Milliseconds to add to this device's clock to read the platform's (which may be a demonstration clock). */
  clockOffset: Accessor<number>;
  /** Takes a fresh reading of the platform clock (a countdown is read against the latest one). */
  observeClock: (now: string) => void;
}

const RegistrationContext = createContext<RegistrationState>();

export function useRegistration(): RegistrationState {
  const state = useContext(RegistrationContext);
  if (!state) throw new Error('useRegistration outside the registration routes');
  return state;
}

/**
 * `/:province/registration/*`: only for a candidate signed in in this province (others go to the log-in page). Loads
 * the registration once for all its pages; each mutation's answer replaces it.
 */
export function RegistrationSection(props: RouteSectionProps) {
  const policy = usePolicy();
  const session = useSession();
  const navigate = useNavigate();
  const signedIn = () => session.isSignedIn(policy().province);
  const [result, refetch] = createQuery({
    query: MyRegistrationQuery,
    variables: () => ({ province: policy().province }),
    pause: () => !signedIn(),
  });
  const [latest, setLatest] = createSignal<Registration | null>();
  const [offset, setOffset] = createSignal(0);

  createEffect(() => {
    if (!signedIn()) navigate(`/${policy().province}/login`, { replace: true });
  });
  createEffect(() => {
    if (!result.fetching && isSessionOver(result.error)) session.clear();
  });
  createEffect(() => {
    const data = result.data;
    if (!data) return;
    setLatest(() => data.myRegistration ?? null);
    setOffset(Date.parse(data.platformClock.now) - Date.now());
  });

  const state: RegistrationState = {
    registration: () => latest() ?? null,
    replace: (registration) => setLatest(() => registration),
    reload: () => refetch({ requestPolicy: 'network-only' }),
    clockOffset: offset,
    observeClock: (now) => setOffset(Date.parse(now) - Date.now()),
  };

  return (
    <Switch fallback={<Loading />}>
      <Match when={latest() !== undefined}>
        <RegistrationContext.Provider value={state}>{props.children}</RegistrationContext.Provider>
      </Match>
      <Match when={result.error && !result.fetching && !isSessionOver(result.error)}>
        <div class="layout">
          <section class="card" aria-labelledby="registration-problem">
            <h1 class="card__title" id="registration-problem">
              {t('title')}
            </h1>
            <p class="alert alert--error" role="alert">
              {transportErrorMessage(result.error!)}
            </p>
            <button type="button" class="button button--secondary" onClick={() => state.reload()}>
              {t('reload')}
            </button>
          </section>
        </div>
      </Match>
    </Switch>
  );
}

function Loading(): JSX.Element {
  return (
    <div class="layout">
      <section class="card">
        <p class="loading" role="status">
          {t('loading')}
        </p>
      </section>
    </div>
  );
}
