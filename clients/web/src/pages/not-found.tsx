import { A } from '@solidjs/router';
import { PLATFORM_TITLE, Shell } from '../components/shell.tsx';

/** The 404 card: inside a province's frame for an unknown path under it, or on its own. */
export function NotFound() {
  document.title = '页面不存在';
  return (
    <div class="layout">
      <section class="card" aria-labelledby="not-found-heading">
        <h1 class="card__title" id="not-found-heading">
          页面不存在
        </h1>
        <p class="card__lead">您访问的页面不存在，请检查网址，或返回首页选择报考省份。</p>
        <A class="button button--primary button--block" href="/">
          返回首页
        </A>
      </section>
    </div>
  );
}

export default function NotFoundPage() {
  return (
    <Shell title={PLATFORM_TITLE}>
      <NotFound />
    </Shell>
  );
}
