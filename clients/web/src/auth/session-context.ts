import { createContext, useContext } from 'solid-js';
import type { SessionStore } from './session.ts';

export const SessionContext = createContext<SessionStore>();

/** The session store the app was started with. */
export function useSession(): SessionStore {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext.Provider>');
  return session;
}
