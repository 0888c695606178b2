import { createEffect, createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { SelectField } from '../components/field.tsx';
import { isSessionOver, transportErrorMessage } from '../graphql/errors.ts';
import { locale, useMessages } from '../i18n/locale.ts';
import { ConsoleNav, useStaffMember } from './console-nav.tsx';
import { ReviewOptionsQuery, type QueueItem } from './documents.ts';
import { reviewMessages } from './messages.ts';
import { createQueueQuery, pageTrail, queueQueryString, readQueueSearch, turnPage, withFilter, type QueueSearch } from './queue-state.ts';
import { useShortcuts } from './shortcuts.ts';

const STATUSES = ['IN_REVIEW', 'RETURNED', 'REJECTED', 'COMPLETE', 'IN_PROGRESS'] as const;
const PAGE_SIZE = 50;

const displayOf = (item: QueueItem, code: string) => item.fields.find((f) => f.code === code)?.display ?? '—';

/** A date and time as Beijing shows it, in the interface's language. */
export function beijingTime(iso: string): string {
  return new Date(iso).toLocaleString(locale() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' });
}

/**
 * 审核工作台: the registrations waiting at the reviewer's stage (oldest first), or those in one status, narrowed by
 * college, exam city and candidate type (names from the province's rules), with the count in each status and pages
 * of 50. The address holds it all, so a reload or the back button shows the same list. J and K move through the
 * rows, O (or Enter) opens one.
 */
export default function QueuePage() {
  const t = useMessages(reviewMessages);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const staff = useStaffMember();
  const member = staff.member;
  const ownCollege = () => (member()?.role === 'COLLEGE_REVIEWER' ? (member()?.collegeCode ?? undefined) : undefined);
  // A college reviewer's college is fixed (the server refuses another): a college in the address is not theirs to pick.
  const search = createMemo(() => {
    const read = readQueueSearch(params);
    return ownCollege() ? { ...read, college: undefined } : read;
  });
  document.title = t('section.title');
  const examSessionId = () => search().session ?? staff.sessions()[0]?.id;
  const province = () => member()?.province ?? undefined;
  const [options] = createQuery({ query: ReviewOptionsQuery, variables: () => ({ province: province() ?? '' }), pause: () => !province() });
  const rules = () => options.data?.registrationRules;
  const list = createQueueQuery(search, examSessionId);
  const error = () => staff.error() ?? list.error() ?? options.error;
  const statusLabel = (status: string) => t(`statuses.${status as 'IN_REVIEW'}`) ?? status;

  /** Writes the list's search to the address: a new history entry, so back returns to the list before. */
  const go = (next: QueueSearch) => {
    const cleared: Record<string, string | undefined> = {};
    for (const key of ['session', 'status', 'college', 'city', 'type', 'pages'] as const) cleared[key] = next[key];
    setParams(cleared);
  };
  const filter = (key: 'session' | 'status' | 'college' | 'city' | 'type') => (value: string) => go(withFilter(search(), key, value));
  const filtered = () => !!(search().college || search().city || search().type);
  const page = list.page;
  const firstNumber = () => pageTrail(search()).length * PAGE_SIZE + 1;

  // J/K move the focus through the rows' links (the row shows it); O opens the focused one.
  const [selected, setSelected] = createSignal(-1);
  let table: HTMLTableSectionElement | undefined;
  const rowLinks = () => (table ? [...table.querySelectorAll<HTMLAnchorElement>('a[data-row-link]')] : []);
  const move = (delta: number) => {
    const links = rowLinks();
    if (links.length === 0) return;
    const focused = links.indexOf(document.activeElement as HTMLAnchorElement);
    const from = focused >= 0 ? focused : selected();
    const next = from < 0 ? (delta > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, from + delta));
    setSelected(next);
    links[next].focus();
  };
  createEffect(() => {
    page();
    setSelected(-1);
  });
  useShortcuts({
    next: () => move(1),
    previous: () => move(-1),
    open: () => {
      const links = rowLinks();
      const focused = links.indexOf(document.activeElement as HTMLAnchorElement);
      const at = focused >= 0 ? focused : selected();
      if (links[at]) navigate(links[at].getAttribute('href')!);
    },
  });

  return (
    <div class="layout layout--wide">
      <section class="card" aria-labelledby="queue-heading">
        <ConsoleNav member={member()} />
        <div class="console-head">
          <div>
            <p class="card__eyebrow">{t('section.title')}</p>
            <h1 class="card__title" id="queue-heading">
              {search().status ? t('queue.statusTitle', { status: statusLabel(search().status!) }) : t('queue.title')}
            </h1>
          </div>
        </div>
        <Show when={error() && !isSessionOver(error())}>
          <p class="alert alert--error" role="alert">
            {transportErrorMessage(error()!)}
          </p>
        </Show>
        <div class="console-filters" role="group" aria-label={t('queue.filters')}>
          <Show when={staff.sessions().length > 1}>
            <SelectField
              name="session"
              label={t('queue.session')}
              value={examSessionId() ?? ''}
              options={staff.sessions().map((s) => ({ value: s.id, label: s.title }))}
              onValue={filter('session')}
              required={false}
            />
          </Show>
          <SelectField
            name="status"
            label={t('queue.show')}
            value={search().status ?? ''}
            options={[{ value: '', label: t('queue.mine') }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
            onValue={filter('status')}
            required={false}
          />
          <Show
            when={!ownCollege()}
            fallback={
              <p class="facts__note" data-testid="own-college">
                {t('queue.ownCollege', { college: rules()?.colleges.find((c) => c.code === ownCollege())?.name ?? ownCollege()! })}
              </p>
            }
          >
            <Show when={(rules()?.colleges.length ?? 0) > 0}>
              <SelectField
                name="college"
                label={t('queue.college')}
                value={search().college ?? ''}
                options={[{ value: '', label: t('queue.all') }, ...rules()!.colleges.map((c) => ({ value: c.code, label: c.name }))]}
                onValue={filter('college')}
                required={false}
              />
            </Show>
          </Show>
          <Show when={(rules()?.examCities.length ?? 0) > 0}>
            <SelectField
              name="city"
              label={t('queue.city')}
              value={search().city ?? ''}
              options={[{ value: '', label: t('queue.all') }, ...rules()!.examCities.map((c) => ({ value: c.code, label: c.name }))]}
              onValue={filter('city')}
              required={false}
            />
          </Show>
          <Show when={(rules()?.candidateTypes.length ?? 0) > 0}>
            <SelectField
              name="type"
              label={t('queue.candidateType')}
              value={search().type ?? ''}
              options={[{ value: '', label: t('queue.all') }, ...rules()!.candidateTypes.map((c) => ({ value: c.code, label: c.name }))]}
              onValue={filter('type')}
              required={false}
            />
          </Show>
        </div>
        <Show when={filtered()}>
          <p>
            <button type="button" class="button button--outline" onClick={() => go({ session: search().session, status: search().status })}>
              {t('queue.clear')}
            </button>
          </p>
        </Show>
        <ul class="counts" aria-label={t('queue.counts')} data-testid="counts">
          <For each={list.counts()}>
            {(count) => (
              <li class="counts__item" classList={{ 'counts__item--current': search().status === count.status }} data-status={count.status}>
                <button
                  type="button"
                  class="counts__button"
                  aria-pressed={search().status === count.status}
                  aria-label={t('queue.countsShow', { status: statusLabel(count.status), count: count.count })}
                  onClick={() => filter('status')(count.status)}
                >
                  <span class="counts__label">{statusLabel(count.status)}</span>
                  <strong class="counts__value">{count.count}</strong>
                </button>
              </li>
            )}
          </For>
        </ul>
        <Switch fallback={<p class="loading" role="status">{t('loading')}</p>}>
          {/* Refused or failed: the alert above (or the navigation's) says why; nothing is loading any more. */}
          <Match when={error() && !page()}>{null}</Match>
          <Match when={page() && page()!.nodes.length === 0 && pageTrail(search()).length === 0}>
            <p class="card__lead" data-testid="queue-empty">
              {t('queue.empty')}
            </p>
          </Match>
          <Match when={page()}>
            {(found) => (
              <>
                <p class="card__lead" role="status">
                  <span data-testid="queue-count">{t('queue.total', { total: found().totalCount })}</span>
                  <Show when={found().totalCount > PAGE_SIZE && found().nodes.length > 0}>
                    {' · '}
                    <span data-testid="queue-range">{t('queue.range', { from: firstNumber(), to: firstNumber() + found().nodes.length - 1 })}</span>
                  </Show>
                </p>
                <table class="queue">
                  <caption class="visually-hidden">{t('queue.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('queue.name')}</th>
                      <th scope="col">{t('queue.idNumber')}</th>
                      <th scope="col">{t('queue.candidateType')}</th>
                      <th scope="col">{t('queue.status')}</th>
                      <th scope="col">{t('queue.submittedAt')}</th>
                    </tr>
                  </thead>
                  <tbody ref={table}>
                    <For each={found().nodes}>
                      {(item, index) => (
                        <tr data-registration={item.id} aria-current={selected() === index() ? 'true' : undefined}>
                          <td>
                            <A href={`/review/registrations/${item.id}${queueQueryString(search())}`} data-row-link onFocus={() => setSelected(index())}>
                              {displayOf(item, 'name')}
                            </A>
                          </td>
                          <td>{displayOf(item, 'idNumber')}</td>
                          <td>{displayOf(item, 'candidateType')}</td>
                          <td>{statusLabel(item.status)}</td>
                          <td>{item.submittedAt ? beijingTime(item.submittedAt) : '—'}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <Show when={found().hasNextPage || pageTrail(search()).length > 0}>
                  <nav class="pager" aria-label={t('queue.paging')}>
                    <Show when={pageTrail(search()).length > 1}>
                      <button type="button" class="button button--outline" onClick={() => go({ ...search(), pages: undefined })}>
                        {t('queue.firstPage')}
                      </button>
                    </Show>
                    <button type="button" class="button button--outline" disabled={pageTrail(search()).length === 0} onClick={() => go(turnPage(search(), 'previous'))}>
                      {t('queue.previous')}
                    </button>
                    <button type="button" class="button button--outline" disabled={!found().hasNextPage} onClick={() => go(turnPage(search(), 'next', found().endCursor))}>
                      {t('queue.next')}
                    </button>
                  </nav>
                </Show>
              </>
            )}
          </Match>
        </Switch>
        <div class="actions">
          <button type="button" class="button button--secondary" onClick={() => list.refetch()}>
            {t('refresh')}
          </button>
        </div>
      </section>
    </div>
  );
}
