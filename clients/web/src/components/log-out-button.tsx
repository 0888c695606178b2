import { createSignal } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { useSession } from '../auth/session-context.ts';
import { LogOutMutation } from '../graphql/operations.ts';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

/** 退出: ends the session on the server and forgets it on this device whatever the answer (the candidate asked to leave). */
export function LogOutButton(props: { province: string }) {
  const session = useSession();
  const client = useClient();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);
  const logOut = async () => {
    if (leaving()) return;
    setLeaving(true);
    await client.mutation(LogOutMutation, {}).toPromise();
    session.clear();
    navigate(`/${props.province}/login`, { replace: true });
  };
  return (
    <button type="button" class="button button--outline button--block" onClick={logOut} disabled={leaving()}>
      {leaving() ? t('logOut.busy') : t('logOut.label')}
    </button>
  );
}
