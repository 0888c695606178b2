import { Show, type JSX } from 'solid-js';
import type { RouteSectionProps } from '@solidjs/router';
import type { CombinedError } from '@urql/core';
import { Shell } from '../components/shell.tsx';
import { commonMessages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/locale.ts';
import { transportErrorCode, transportErrorMessage } from '../graphql/errors.ts';
import { StaffProvider } from '../staff/session.tsx';
import { useStaffLogOut, useStaffMember } from '../staff/member.ts';
import { policyMessages } from './messages.ts';
import './policy.css';

/** `/policy/*`: the policy console for a province's policy staff, in its own frame, with the staff session. */
export function PolicySection(props: RouteSectionProps): JSX.Element {
  const common = useMessages(commonMessages);
  const t = useMessages(policyMessages);
  return (
    <StaffProvider>
      <Shell title={`${common('platformTitle')} · ${t('section.title')}`} eyebrow={t('section.eyebrow')}>
        {props.children}
      </Shell>
    </StaffProvider>
  );
}

/** What to say about a failed query: the server's own words for a refusal (they are Chinese), else the usual message. */
export function queryErrorMessage(error: CombinedError): string {
  const code = transportErrorCode(error);
  const refusal = error.graphQLErrors.find((e) => e.extensions?.code === code);
  if (refusal && !['NETWORK', 'UNKNOWN', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'UNAUTHENTICATED', 'TOKEN_INVALID', 'SESSION_ENDED', 'FORBIDDEN'].includes(code)) return refusal.message;
  return transportErrorMessage(error);
}

export type PolicyStaff = NonNullable<ReturnType<typeof usePolicyStaff>['member']>;

/**
 * The signed-in member of staff, for the console's pages: signed-out staff (or a session that ended) go to the sign-in
 * page; `allowed` says whether the member manages rules (policy staff, administrators).
 */
export function usePolicyStaff() {
  const staff = useStaffMember('/policy/login');
  return {
    get member() {
      return staff.member();
    },
    allowed: () => !!staff.member() && (staff.member()!.role === 'POLICY_STAFF' || staff.member()!.role === 'ADMIN'),
    error: staff.error,
  };
}

/** The console's heading row: who is signed in, the page's title, and 退出. */
export function ConsoleHead(props: { headingId: string; title: string; member?: { displayName: string; role: string } }) {
  const t = useMessages(policyMessages);
  const { leaving, logOut } = useStaffLogOut('/policy/login');
  const role = (value: string) => (t(`roles.${value}` as 'roles.ADMIN') as string | undefined) ?? value;
  return (
    <div class="console-head">
      <div>
        <p class="card__eyebrow">{props.member ? `${props.member.displayName} · ${role(props.member.role)}` : t('section.title')}</p>
        <h1 class="card__title" id={props.headingId}>
          {props.title}
        </h1>
      </div>
      <button type="button" class="button button--outline" onClick={logOut} disabled={leaving()}>
        {leaving() ? t('common.loggingOut') : t('common.logOut')}
      </button>
    </div>
  );
}

/** The message for staff who are signed in but do not manage rules. */
export function NotPolicyStaff(props: { show: boolean }) {
  const t = useMessages(policyMessages);
  return (
    <Show when={props.show}>
      <p class="alert alert--error" role="alert">
        {t('notPolicyStaff')}
      </p>
    </Show>
  );
}
