import { createContext, useContext, type JSX } from 'solid-js';
import type { RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import type { Client } from '@urql/core';
import { SessionStore, type LockManagerLike } from '../auth/session.ts';
import { createApiClient } from '../graphql/client.ts';
import { Shell } from '../components/shell.tsx';
import { commonMessages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/locale.ts';
import { reviewMessages } from './messages.ts';
import { ShortcutsHelp } from './shortcuts-help.tsx';
import { helpOpen, setHelpOpen, useShortcuts } from './shortcuts.ts';

/** Staff sign in apart from candidates: their own stored session, and a client whose auth exchange renews it. */
export const STAFF_SESSION_KEY = 'zsb.staff-session';
/** The session store's "province" for staff: a reviewer's reach is their account's, read from `currentStaff`. */
export const STAFF_SCOPE = 'STAFF';

interface StaffConsole {
  session: SessionStore;
  client: Client;
}

let current: StaffConsole | undefined;

function staffConsole(): StaffConsole {
  if (current) return current;
  let storage: Storage | undefined;
  try {
    storage = window.localStorage;
  } catch {
    storage = undefined;
  }
  const session = new SessionStore({ storage, key: STAFF_SESSION_KEY, locks: (navigator as Navigator & { locks?: LockManagerLike }).locks });
  window.addEventListener('storage', (event) => session.handleStorageEvent(event));
  current = { session, client: createApiClient(session) };
  return current;
}

const StaffContext = createContext<StaffConsole>();

export function useStaffSession(): SessionStore {
  const value = useContext(StaffContext);
  if (!value) throw new Error('useStaffSession outside /review');
  return value.session;
}

/**
 * `/review/*`: the review console for college and province reviewers, in its own frame and with its own session;
 * `?` opens the list of keyboard shortcuts on every page of it.
 */
export function ReviewSection(props: RouteSectionProps): JSX.Element {
  const value = staffConsole();
  const common = useMessages(commonMessages);
  const t = useMessages(reviewMessages);
  useShortcuts({ help: () => setHelpOpen(!helpOpen()) });
  return (
    <StaffContext.Provider value={value}>
      <Provider value={value.client}>
        <Shell title={`${common('platformTitle')} · ${t('section.title')}`} eyebrow={t('section.eyebrow')}>
          {props.children}
          <ShortcutsHelp />
        </Shell>
      </Provider>
    </StaffContext.Provider>
  );
}
