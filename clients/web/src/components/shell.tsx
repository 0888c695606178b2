import { Show, type JSX } from 'solid-js';
import { DevSmsHint } from './dev-sms-hint.tsx';
import { DemoClockBanner } from './demo-clock-banner.tsx';
import { ConnectionBanner } from './connection-banner.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { commonMessages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/locale.ts';

/**
 * The frame of every page: the exam's title on top (the platform's own where no province's is given), the language
 * switch, a simulated clock said plainly, the page, and a footer.
 */
export function Shell(props: { title?: string; eyebrow?: string; province?: string; children: JSX.Element }) {
  const t = useMessages(commonMessages);
  return (
    <div class="shell">
      {/* Above the masthead: the content card overlaps the masthead's foot, and must not hide this. */}
      <ConnectionBanner />
      <Show when={props.province}>{(province) => <DemoClockBanner province={province()} />}</Show>
      <header class="masthead">
        <div class="masthead__inner">
          <Show when={props.eyebrow}>
            <p class="masthead__eyebrow">{props.eyebrow}</p>
          </Show>
          <p class="masthead__title">{props.title ?? t('platformTitle')}</p>
        </div>
        <div class="masthead__tools">
          <LanguageSwitch />
        </div>
      </header>
      <main class="main" id="main">
        {props.children}
      </main>
      <footer class="footer">
        <p>{t('footer')}</p>
        <DevSmsHint />
      </footer>
    </div>
  );
}
