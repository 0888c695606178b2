import type { JSX } from 'solid-js';
import type { RouteSectionProps } from '@solidjs/router';
import { Shell } from '../components/shell.tsx';
import { commonMessages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/locale.ts';
import { reviewMessages } from './messages.ts';
import { ShortcutsHelp } from './shortcuts-help.tsx';
import { helpOpen, setHelpOpen, useShortcuts } from './shortcuts.ts';
import { StaffProvider } from '../staff/session.tsx';

// The staff session is shared with the policy console (src/staff/session.tsx).
export { STAFF_SCOPE, STAFF_SESSION_KEY, useStaffSession } from '../staff/session.tsx';

/**
 * `/review/*`: the review console for college and province reviewers, in its own frame and with the staff session;
 * `?` opens the list of keyboard shortcuts on every page of it.
 */
export function ReviewSection(props: RouteSectionProps): JSX.Element {
  const common = useMessages(commonMessages);
  const t = useMessages(reviewMessages);
  useShortcuts({ help: () => setHelpOpen(!helpOpen()) });
  return (
    <StaffProvider>
      <Shell title={`${common('platformTitle')} · ${t('section.title')}`} eyebrow={t('section.eyebrow')}>
        {props.children}
        <ShortcutsHelp />
      </Shell>
    </StaffProvider>
  );
}
