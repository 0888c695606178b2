import { createSignal, onCleanup, onMount } from 'solid-js';
import { createKeybindingsHandler } from 'tinykeys';

/**
 * The console's keyboard shortcuts for long sessions. Single keys, so they never fire while the reviewer types: not
 * in a text field, a select, an editable region, during an input method's composition (拼音 typing), nor with a
 * dialog open other than for the help itself.
 */
export type ShortcutAction = 'next' | 'previous' | 'open' | 'approve' | 'return' | 'reject' | 'back' | 'help';

/** Each action's keys in tinykeys' syntax, as the help dialog lists them (the first is the one shown). */
export const SHORTCUT_KEYS: Record<ShortcutAction, { keys: string[]; shown: string }> = {
  next: { keys: ['j'], shown: 'J' },
  previous: { keys: ['k'], shown: 'K' },
  open: { keys: ['o'], shown: 'O' },
  approve: { keys: ['a'], shown: 'A' },
  return: { keys: ['r'], shown: 'R' },
  reject: { keys: ['x'], shown: 'X' },
  back: { keys: ['u'], shown: 'U' },
  // `?` is Shift+/ on most layouts and a key of its own on some.
  help: { keys: ['Shift+?', '?'], shown: '?' },
};

/** The actions the help dialog lists, in order. */
export const SHORTCUT_ORDER: readonly ShortcutAction[] = ['next', 'previous', 'open', 'approve', 'return', 'reject', 'back', 'help'];

/** Whether a key pressed here is the reviewer typing (or choosing in a control), not a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  if (element.closest('textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"]')) return true;
  if (element instanceof HTMLInputElement) {
    // Radio buttons and check boxes take no text; every other input does.
    return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(element.type);
  }
  return false;
}

/** A keydown handler for these actions that stays quiet while typing, composing or with another dialog open. */
export function shortcutHandler(actions: Partial<Record<ShortcutAction, () => void>>): (event: KeyboardEvent) => void {
  const bindings: Record<string, (event: KeyboardEvent) => void> = {};
  for (const [action, run] of Object.entries(actions) as [ShortcutAction, () => void][]) {
    for (const key of SHORTCUT_KEYS[action].keys) {
      bindings[key] = (event) => {
        // The key acts, and is not then typed into whatever the action focuses.
        event.preventDefault();
        run();
      };
    }
  }
  const handle = createKeybindingsHandler(bindings);
  return (event) => {
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    if (isTypingTarget(event.target)) return;
    const dialog = typeof document === 'undefined' ? null : document.querySelector('dialog[open]');
    if (dialog && !dialog.hasAttribute('data-shortcuts-help')) return;
    handle(event);
  };
}

/** Binds the actions on the window while the calling component is shown. */
export function useShortcuts(actions: Partial<Record<ShortcutAction, () => void>>): void {
  onMount(() => {
    const handler = shortcutHandler(actions);
    window.addEventListener('keydown', handler);
    onCleanup(() => window.removeEventListener('keydown', handler));
  });
}

const [helpOpen, setHelpOpen] = createSignal(false);
/** Whether the shortcuts' help dialog is open (one for the whole console). */
export { helpOpen, setHelpOpen };
