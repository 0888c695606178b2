import { commonMessages } from '../i18n/messages.ts';
import { locale, setLocale, useMessages } from '../i18n/locale.ts';

/** One button that switches between Chinese and English, labelled in the language it switches to. */
export function LanguageSwitch() {
  const t = useMessages(commonMessages);
  return (
    <button
      type="button"
      class="language-switch"
      lang={t('language.switchToLang')}
      onClick={() => setLocale(locale() === 'zh' ? 'en' : 'zh')}
    >
      {t('language.switchTo')}
    </button>
  );
}
