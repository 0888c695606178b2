import { createEffect, createSignal, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { isSessionOver } from '../graphql/errors.ts';
import { LogOutMutation } from '../graphql/operations.ts';
import { useMessages } from '../i18n/locale.ts';
import { CurrentStaffQuery, ExamSessionsQuery } from './documents.ts';
import { reviewMessages } from './messages.ts';
import { useStaffSession } from './section.tsx';
import { setHelpOpen } from './shortcuts.ts';

/**
 * The signed-in member of staff and the exam sessions of their province; signed-out staff (or a session that ended)
 * go to the sign-in page.
 */
export function useStaffMember() {
  const session = useStaffSession();
  const navigate = useNavigate();
  const signedIn = () => session.isSignedIn();
  const [staff] = createQuery({ query: CurrentStaffQuery, pause: () => !signedIn() });
  const member = () => staff.data?.currentStaff ?? undefined;
  const [sessions] = createQuery({ query: ExamSessionsQuery, variables: () => ({ province: member()?.province ?? null }), pause: () => !member() });
  createEffect(() => {
    if (!signedIn() || (staff.data && !staff.data.currentStaff) || isSessionOver(staff.error)) {
      session.clear();
      navigate('/review/login', { replace: true });
    }
  });
  return { member, error: () => staff.error, sessions: () => sessions.data?.examSessions ?? [] };
}

/** The console's navigation: who is signed in, the registrations and the change requests, the shortcuts, signing out. */
export function ConsoleNav(props: { member?: { displayName: string; role: string } }) {
  const t = useMessages(reviewMessages);
  const client = useClient();
  const session = useStaffSession();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);
  const logOut = async () => {
    setLeaving(true);
    await client.mutation(LogOutMutation, {}).toPromise();
    session.clear();
    navigate('/review/login', { replace: true });
  };
  return (
    <nav class="console-nav" aria-label={t('nav.label')}>
      <Show when={props.member}>
        {(member) => (
          <span class="facts__note" data-testid="staff-member">
            {member().displayName} · {t(`roles.${member().role as 'ADMIN'}`) ?? member().role}
          </span>
        )}
      </Show>
      <A href="/review" end>
        {t('nav.queue')}
      </A>
      <A href="/review/changes">{t('nav.changes')}</A>
      <span class="console-nav__tools">
        <button type="button" class="button button--outline" onClick={() => setHelpOpen(true)} aria-keyshortcuts="Shift+?">
          {t('nav.shortcuts')}
        </button>
        <button type="button" class="button button--outline" onClick={logOut} disabled={leaving()}>
          {leaving() ? t('nav.leaving') : t('nav.logOut')}
        </button>
      </span>
    </nav>
  );
}
