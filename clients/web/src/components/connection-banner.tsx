import { createSignal, onCleanup, Show } from 'solid-js';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

/**
 * Says plainly when the device has lost its connection (candidates register on weak mobile networks): what was typed
 * stays on the page and in this tab's drafts, and the next press of a button tries again.
 */
export function ConnectionBanner() {
  const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
  const up = () => setOnline(true);
  const down = () => setOnline(false);
  window.addEventListener('online', up);
  window.addEventListener('offline', down);
  onCleanup(() => {
    window.removeEventListener('online', up);
    window.removeEventListener('offline', down);
  });
  return (
    <div aria-live="assertive">
      <Show when={!online()}>
        <p class="connection-lost" role="alert">
          {t('connectionLost')}
        </p>
      </Show>
    </div>
  );
}
