import { A } from '@solidjs/router';
import { createEffect } from 'solid-js';
import { Shell } from '../components/shell.tsx';
import { commonMessages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/locale.ts';

/** The 404 card: inside a province's frame for an unknown path under it, or on its own. */
export function NotFound() {
  const t = useMessages(commonMessages);
  createEffect(() => (document.title = t('notFound.title')));
  return (
    <div class="layout">
      <section class="card" aria-labelledby="not-found-heading">
        <h1 class="card__title" id="not-found-heading">
          {t('notFound.title')}
        </h1>
        <p class="card__lead">{t('notFound.lead')}</p>
        <A class="button button--primary button--block" href="/">
          {t('notFound.home')}
        </A>
      </section>
    </div>
  );
}

export default function NotFoundPage() {
  return (
    <Shell>
      <NotFound />
    </Shell>
  );
}
