import { createSignal, onMount, Show } from 'solid-js';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

/**
 * In development the SMS codes are not sent but written to an outbox page. Shown when Vite runs in development, or
 * when the server answers `/dev/sms.json` with JSON (it does not outside development; asking for JSON keeps the
 * production server's index.html fallback from looking like an answer).
 */
export function DevSmsHint() {
  const [available, setAvailable] = createSignal(import.meta.env.DEV);
  onMount(async () => {
    if (available()) return;
    try {
      const response = await fetch('/dev/sms.json?phone=-', { headers: { accept: 'application/json' } });
      setAvailable(response.status === 200 && (response.headers.get('content-type') ?? '').includes('json'));
    } catch {
      // Not served: nothing to show.
    }
  });
  return (
    <Show when={available()}>
      <p class="dev-hint">
        {t('sms.devOutbox')}{' '}
        <a href="/dev/sms" target="_blank" rel="noopener">
          /dev/sms
        </a>
      </p>
    </Show>
  );
}
