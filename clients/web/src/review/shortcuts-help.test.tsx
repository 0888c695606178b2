import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { setLocale } from '../i18n/locale.ts';
import { ShortcutsHelp } from './shortcuts-help.tsx';
import { helpOpen, setHelpOpen, shortcutHandler } from './shortcuts.ts';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
  setHelpOpen(false);
  setLocale('zh');
  localStorage.clear();
});

describe('ShortcutsHelp', () => {
  it('lists every shortcut with its key in a labelled dialog, in the language chosen, opened by ? and closed by its button', () => {
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(() => <ShortcutsHelp />, root);
    const dialog = root.querySelector('dialog')!;
    expect(dialog.getAttribute('aria-labelledby')).toBe('shortcuts-heading');
    expect(root.querySelector('#shortcuts-heading')!.textContent!.trim()).toBe('键盘快捷键');
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => [row.querySelector('kbd')!.textContent, row.querySelectorAll('td')[1].textContent]);
    expect(rows.map(([key]) => key)).toEqual(['J', 'K', 'O', 'A', 'R', 'X', 'U', '?']);
    expect(rows.find(([key]) => key === 'X')![1]).toBe('选择“审核不通过”并填写原因');

    const handler = shortcutHandler({ help: () => setHelpOpen(!helpOpen()) });
    document.addEventListener('keydown', handler);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '?', shiftKey: true, bubbles: true, cancelable: true }));
    expect(helpOpen()).toBe(true);
    expect(dialog.open).toBe(true);
    (root.querySelector('dialog button') as HTMLButtonElement).click();
    expect(helpOpen()).toBe(false);
    expect(dialog.open).toBe(false);
    document.removeEventListener('keydown', handler);

    setLocale('en');
    expect(root.querySelector('#shortcuts-heading')!.textContent!.trim()).toBe('Keyboard shortcuts');
  });
});
