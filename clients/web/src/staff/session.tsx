import { createContext, useContext, type JSX } from 'solid-js';
import { Provider } from '@urql/solid';
import type { Client } from '@urql/core';
import { SessionStore, type LockManagerLike } from '../auth/session.ts';
import { createApiClient } from '../graphql/client.ts';

/**
 * Staff (reviewers, policy staff) sign in apart from candidates: their own stored session, and a client whose auth
 * exchange renews it. The review console and the policy console share it, so one sign-in serves both; what a member
 * may do there is their account's role, read from `currentStaff`.
 */
export const STAFF_SESSION_KEY = 'zsb.staff-session';
/** The session store's "province" for staff: a member's reach is their account's, read from `currentStaff`. */
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
  if (!value) throw new Error('useStaffSession outside a staff console');
  return value.session;
}

/** Gives a staff console's pages the staff session and its API client (one for the whole tab). */
export function StaffProvider(props: { children: JSX.Element }): JSX.Element {
  const value = staffConsole();
  return (
    <StaffContext.Provider value={value}>
      <Provider value={value.client}>{props.children}</Provider>
    </StaffContext.Provider>
  );
}
