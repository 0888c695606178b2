import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { LanguageSwitch } from './language-switch.tsx';
import { setLocale, useMessages } from '../i18n/locale.ts';
import { commonMessages } from '../i18n/messages.ts';

function Heading() {
  const t = useMessages(commonMessages);
  return <h1>{t('notFound.title')}</h1>;
}

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
  setLocale('zh');
  localStorage.clear();
});

describe('LanguageSwitch', () => {
  it('switches the interface between Chinese and English, remembers the choice and sets the document language', () => {
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(
      () => (
        <>
          <LanguageSwitch />
          <Heading />
        </>
      ),
      root,
    );
    const button = root.querySelector('button.language-switch') as HTMLButtonElement;
    expect(button.textContent).toBe('English');
    expect(button.getAttribute('lang')).toBe('en');
    expect(root.querySelector('h1')?.textContent?.trim()).toBe('页面不存在');

    button.click();
    expect(root.querySelector('h1')?.textContent?.trim()).toBe('Page not found');
    expect(button.textContent).toBe('中文');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('zsb.locale')).toBe('en');

    button.click();
    expect(root.querySelector('h1')?.textContent?.trim()).toBe('页面不存在');
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
