import { Show, type JSX } from 'solid-js';
import { DevSmsHint } from './dev-sms-hint.tsx';
import { DemoClockBanner } from './demo-clock-banner.tsx';
import { ConnectionBanner } from './connection-banner.tsx';

/** The title of pages that belong to no one province (the province picker, errors). */
export const PLATFORM_TITLE = '普通高等教育专升本考试报名';

/** The frame of every page: the exam's title on top (and a simulated clock, said plainly), the page, and a footer. */
export function Shell(props: { title: string; eyebrow?: string; province?: string; children: JSX.Element }) {
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
          <p class="masthead__title">{props.title}</p>
        </div>
      </header>
      <main class="main" id="main">
        {props.children}
      </main>
      <footer class="footer">
        <p>请使用本人证件办理，妥善保管账号密码。</p>
        <DevSmsHint />
      </footer>
    </div>
  );
}
