import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { TextField } from '../components/field.tsx';
import { useMessages } from '../i18n/locale.ts';
import { RuleSetsQuery } from './documents.ts';
import { History } from './history.tsx';
import { policyMessages } from './messages.ts';
import { ConsoleHead, NotPolicyStaff, queryErrorMessage, usePolicyStaff } from './section.tsx';
import { groupByProvince, nextDraftYear, shortHash } from './model.ts';

const STATUS_TAGS: Record<string, string> = { IN_FORCE: 'tag--done', PUBLISHED: 'tag--available', DRAFT: 'tag--current', INVALID_DRAFT: 'tag--blocked' };

/**
 * 规则版本: the policy officer's province's rule sets, newest year first — the version in force and the other published
 * ones with their publication history (who, when, why, which version each replaced, what the dry run found), the
 * drafts — and the form that opens a year's draft.
 */
export default function PolicyHomePage() {
  const t = useMessages(policyMessages);
  const staff = usePolicyStaff();
  const navigate = useNavigate();
  createEffect(() => (document.title = `${t('versions.title')} - ${t('section.title')}`));
  const [sets] = createQuery({ query: RuleSetsQuery, pause: () => !staff.allowed(), requestPolicy: 'cache-and-network' });
  const provinces = createMemo(() => groupByProvince(sets.data?.ruleSets ?? [], staff.member?.role === 'ADMIN' ? undefined : (staff.member?.province ?? undefined)));
  const statusLabel = (status: string) =>
    ({ IN_FORCE: t('versions.inForce'), PUBLISHED: t('versions.published'), DRAFT: t('versions.draft'), INVALID_DRAFT: t('versions.invalidDraft') })[status] ?? status;

  const [province, setProvince] = createSignal('');
  const [year, setYear] = createSignal('');
  const [yearError, setYearError] = createSignal<string>();
  createEffect(() => {
    const first = provinces()[0];
    if (first && !province()) setProvince(first.province);
  });
  createEffect(() => {
    const group = provinces().find((p) => p.province === province());
    if (group && !year()) setYear(String(nextDraftYear(group.sets)));
  });
  const open = (event: SubmitEvent) => {
    event.preventDefault();
    const value = Number(year());
    if (!/^\d{4}$/.test(year().trim()) || value < 2000 || value > 2100) {
      setYearError(t('versions.yearInvalid'));
      document.querySelector<HTMLInputElement>('input[name="examYear"]')?.focus();
      return;
    }
    navigate(`/policy/drafts/${province()}/${value}`);
  };

  return (
    <div class="layout layout--wide policy">
      <section class="card" aria-labelledby="versions-heading">
        <ConsoleHead headingId="versions-heading" title={t('versions.title')} member={staff.member} />
        <NotPolicyStaff show={!!staff.member && !staff.allowed()} />
        <Show when={staff.allowed()}>
          <p class="card__lead">{t('versions.lead')}</p>
          <Show when={sets.error}>
            <p class="alert alert--error" role="alert">
              {queryErrorMessage(sets.error!)}
            </p>
          </Show>
          <Show when={sets.data} fallback={<p class="loading" role="status">{t('common.loading')}</p>}>
            <For each={provinces()}>
              {(group) => (
                <For each={group.sets}>
                  {(set) => (
                    <article class="rule-set" data-rule-set={`${set.province}/${set.examYear}`} data-status={set.status} aria-labelledby={`set-${set.province}-${set.examYear}-${set.status}`}>
                      <h2 class="rule-set__title" id={`set-${set.province}-${set.examYear}-${set.status}`}>
                        {set.title ?? `${set.province} ${set.examYear}`} <span class={`tag ${STATUS_TAGS[set.status] ?? ''}`}>{statusLabel(set.status)}</span>
                      </h2>
                      <dl class="facts">
                        <div>
                          <dt>{t('versions.hash')}</dt>
                          <dd>
                            <code>{shortHash(set.contentHash)}</code>
                          </dd>
                        </div>
                        <div>
                          <dt>{t('versions.effectiveFrom')}</dt>
                          <dd>{set.effectiveFrom ?? '—'}</dd>
                        </div>
                        <div>
                          <dt>{t('versions.cases')}</dt>
                          <dd>{set.caseCount}</dd>
                        </div>
                      </dl>
                      <Show when={set.status === 'DRAFT' || set.status === 'INVALID_DRAFT'}>
                        <A class="button button--outline" href={`/policy/drafts/${set.province}/${set.examYear}`}>
                          {t('versions.openDraft')}
                        </A>
                      </Show>
                      <Show when={set.status === 'IN_FORCE' || set.status === 'PUBLISHED'}>
                        <History set={set} />
                      </Show>
                    </article>
                  )}
                </For>
              )}
            </For>
          </Show>
        </Show>
      </section>
      <Show when={staff.allowed() && provinces().length}>
        <section class="card" aria-labelledby="open-draft-heading">
          <h2 class="card__title" id="open-draft-heading">
            {t('versions.newDraftTitle')}
          </h2>
          <p class="card__lead">{t('versions.newDraftLead')}</p>
          <form class="inline-form" onSubmit={open} novalidate>
            <Show when={provinces().length > 1}>
              <label class="field">
                <span class="field__label">{t('versions.province')}</span>
                <select class="input select" name="province" value={province()} onChange={(e) => setProvince(e.currentTarget.value)}>
                  <For each={provinces()}>{(p) => <option value={p.province}>{p.province}</option>}</For>
                </select>
              </label>
            </Show>
            <TextField name="examYear" label={t('versions.year')} value={year()} onValue={(v) => (setYear(v), setYearError(undefined))} error={yearError()} inputMode="numeric" maxLength={4} />
            <button type="submit" class="button button--primary">
              {t('versions.open')}
            </button>
          </form>
        </section>
      </Show>
    </div>
  );
}
