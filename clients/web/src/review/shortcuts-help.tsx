import { createEffect, For } from 'solid-js';
import { useMessages } from '../i18n/locale.ts';
import { reviewMessages } from './messages.ts';
import { helpOpen, setHelpOpen, SHORTCUT_KEYS, SHORTCUT_ORDER } from './shortcuts.ts';

/**
 * The shortcuts' list in a modal dialog (`?` opens and closes it, Esc or the button closes it): focus moves into it
 * and back where it was, and the page behind is inert while it is open.
 */
export function ShortcutsHelp() {
  const t = useMessages(reviewMessages);
  let dialog: HTMLDialogElement | undefined;
  createEffect(() => {
    if (!dialog || typeof dialog.showModal !== 'function') return;
    if (helpOpen() && !dialog.open) dialog.showModal();
    else if (!helpOpen() && dialog.open) dialog.close();
  });
  return (
    <dialog ref={dialog} class="shortcuts" data-shortcuts-help aria-labelledby="shortcuts-heading" aria-describedby="shortcuts-lead" onClose={() => setHelpOpen(false)}>
      <h2 class="summary__title" id="shortcuts-heading">
        {t('shortcuts.title')}
      </h2>
      <p id="shortcuts-lead">{t('shortcuts.lead')}</p>
      <table class="queue shortcuts__table">
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.key')}</th>
            <th scope="col">{t('shortcuts.action')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={SHORTCUT_ORDER}>
            {(action) => (
              <tr data-action={action}>
                <td>
                  <kbd>{SHORTCUT_KEYS[action].shown}</kbd>
                </td>
                <td>{t(`shortcuts.${action}`)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="button button--secondary" onClick={() => setHelpOpen(false)} autofocus>
          {t('shortcuts.close')}
        </button>
      </div>
    </dialog>
  );
}
