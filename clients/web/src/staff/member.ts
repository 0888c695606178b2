import { createEffect, createSignal } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { isSessionOver } from '../graphql/errors.ts';
import { LogOutMutation } from '../graphql/operations.ts';
import { CurrentStaffQuery } from './documents.ts';
import { useStaffSession } from './session.tsx';

/**
 * The signed-in member of staff for a console's pages: signed-out staff (or a session that ended) go to the console's
 * sign-in page, once.
 */
export function useStaffMember(loginPath: string) {
  const session = useStaffSession();
  const navigate = useNavigate();
  const signedIn = () => session.isSignedIn();
  const [staff] = createQuery({ query: CurrentStaffQuery, pause: () => !signedIn() });
  // Once: clearing the session changes what this effect reads, and a second navigation would be a redirect loop.
  let leaving = false;
  createEffect(() => {
    if (leaving) return;
    if (!signedIn() || (staff.data && !staff.data.currentStaff) || isSessionOver(staff.error)) {
      leaving = true;
      if (signedIn()) session.clear();
      navigate(loginPath, { replace: true });
    }
  });
  return { member: () => staff.data?.currentStaff ?? undefined, error: () => staff.error };
}

/** 退出: ends the staff session on the server and here, then the console's sign-in page. */
export function useStaffLogOut(loginPath: string) {
  const client = useClient();
  const session = useStaffSession();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);
  const logOut = async () => {
    setLeaving(true);
    await client.mutation(LogOutMutation, {}).toPromise();
    session.clear();
    navigate(loginPath, { replace: true });
  };
  return { leaving, logOut };
}
