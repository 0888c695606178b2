import type { JSX } from 'solid-js';
import type { RouteSectionProps } from '@solidjs/router';
import { Shell } from '../components/shell.tsx';
import { commonMessages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/locale.ts';
import { StaffProvider } from '../staff/session.tsx';

// The staff session is shared with the policy console (src/staff/session.tsx).
export { STAFF_SCOPE, STAFF_SESSION_KEY, useStaffSession } from '../staff/session.tsx';

/** `/review/*`: the review console for college and province reviewers, in its own frame and with the staff session. */
export function ReviewSection(props: RouteSectionProps): JSX.Element {
  const common = useMessages(commonMessages);
  return (
    <StaffProvider>
      <Shell title={`${common('platformTitle')} · 资格审核`} eyebrow="审核工作台">
        {props.children}
      </Shell>
    </StaffProvider>
  );
}
