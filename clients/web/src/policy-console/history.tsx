import { For, Show } from 'solid-js';
import { useMessages } from '../i18n/locale.ts';
import type { RuleSetSummary } from './documents.ts';
import { policyMessages } from './messages.ts';
import { shortHash } from './model.ts';

/** A published rule set's publications, newest first: who (by name and role, else the actor: `files`, `cli:…`), when, why. */
export function History(props: { set: RuleSetSummary }) {
  const t = useMessages(policyMessages);
  const role = (value: string) => (t(`roles.${value}` as 'roles.ADMIN') as string | undefined) ?? value;
  return (
    <Show when={props.set.publications.length} fallback={<p class="muted">{t('versions.noHistory')}</p>}>
      <div class="table-scroll">
        <table class="queue history">
          <caption>{t('versions.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('versions.sequence')}</th>
              <th scope="col">{t('versions.publishedAt')}</th>
              <th scope="col">{t('versions.publishedBy')}</th>
              <th scope="col">{t('versions.reason')}</th>
              <th scope="col">{t('versions.hash')}</th>
              <th scope="col">{t('versions.previous')}</th>
              <th scope="col">{t('versions.outcomes')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.set.publications}>
              {(p) => (
                <tr>
                  <td>{p.sequence}</td>
                  <td>{new Date(p.publishedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</td>
                  {/* The name in JSX, so the words follow the language switch (Show runs its children untracked). */}
                  <td data-publisher={p.publishedBy}>
                    <Show when={p.publisher} fallback={<code>{p.publishedBy}</code>}>
                      {(member) => <>{t('versions.publisher', { name: member().displayName, role: role(member().role) })}</>}
                    </Show>
                  </td>
                  <td>{p.reason}</td>
                  <td>
                    <code>{shortHash(p.contentHash)}</code>
                  </td>
                  <td>
                    <code>{shortHash(p.previousHash)}</code>
                  </td>
                  <td>{p.compared === null || p.compared === undefined ? '—' : t('versions.outcomesValue', { changed: p.changedOutcomes ?? 0, compared: p.compared })}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
