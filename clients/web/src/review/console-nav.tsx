import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useMessages } from '../i18n/locale.ts';
import { useStaffLogOut, useStaffMember as useStaffMember_ } from '../staff/member.ts';
import { ExamSessionsQuery } from './documents.ts';
import { reviewMessages } from './messages.ts';
import { setHelpOpen } from './shortcuts.ts';

/**
 * The signed-in member of staff and the exam sessions of their province; signed-out staff (or a session that ended)
 * go to the sign-in page.
 */
export function useStaffMember() {
  const staff = useStaffMember_('/review/login');
  const [sessions] = createQuery({ query: ExamSessionsQuery, variables: () => ({ province: staff.member()?.province ?? null }), pause: () => !staff.member() });
  return { ...staff, sessions: () => sessions.data?.examSessions ?? [] };
}

/** Who reviews registrations and decides change requests (the API enforces it; the console says it). */
const REVIEW_ROLES = new Set(['COLLEGE_REVIEWER', 'PROVINCE_REVIEWER', 'ADMIN']);

/** The console's navigation: who is signed in, the registrations and the change requests, the shortcuts, signing out. */
export function ConsoleNav(props: { member?: { displayName: string; role: string } }) {
  const t = useMessages(reviewMessages);
  const { leaving, logOut } = useStaffLogOut('/review/login');
  // Policy staff share the staff session: signed in here, they are told the queue is not theirs instead of an empty one.
  const notReviewer = () => !!props.member && !REVIEW_ROLES.has(props.member.role);
  return (
    <>
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
      <Show when={notReviewer()}>
        <p class="alert alert--error" role="alert">
          {t('notReviewer')}
        </p>
      </Show>
    </>
  );
}
