import { For, Show } from 'solid-js';
import { useMessages } from '../i18n/locale.ts';
import type { DryRun } from './documents.ts';
import { policyMessages } from './messages.ts';

/**
 * 逐年对比预览: whether the draft may be published, what it is compared with, the outcomes compared and changed by
 * source (example cases, samples, recorded registrations), the policy changes and the outcome changes in Chinese as
 * the server words them, the failing cases and the placeholders.
 */
export function PreviewPanel(props: { result?: DryRun; busy: boolean; error?: string; samples: number; onRun: () => void }) {
  const t = useMessages(policyMessages);
  const source = (value: string) => t(`preview.sources.${value}` as 'preview.sources.CASE') ?? value;
  return (
    <section class="card" aria-labelledby="preview-heading" data-testid="preview">
      <div class="console-head">
        <h2 class="card__title" id="preview-heading">
          {t('preview.title')}
        </h2>
        <button type="button" class="button button--outline" onClick={() => props.onRun()} disabled={props.busy} aria-busy={props.busy}>
          {props.busy ? t('preview.running') : t('preview.run')}
        </button>
      </div>
      <p class="card__lead">{t('preview.lead')}</p>
      <p class="muted">{t('preview.samples', { count: props.samples })}</p>
      <div aria-live="polite">
        <Show when={props.error}>
          <p class="alert alert--error" role="alert">
            {props.error}
          </p>
        </Show>
        <Show when={props.result}>
          {(r) => (
            <>
              <p class={`alert ${r().valid ? 'alert--success' : 'alert--error'}`} data-testid="preview-validity">
                {r().valid ? t('preview.valid') : t('preview.invalid')}
              </p>
              <Show when={r().problems.length}>
                <ul class="plain-list" data-testid="preview-problems">
                  <For each={r().problems}>
                    {(p) => (
                      <li>
                        {p.file} <code>{p.path || '/'}</code>：{p.message}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={r().valid || r().comparedWithRuleSet}>
                <p>{r().comparedWithRuleSet ? t('preview.comparedWith', { ruleSet: r().comparedWithRuleSet! }) : t('preview.noBase')}</p>
              </Show>
              <Show when={r().failedCases.length}>
                <h3 class="subheading">{t('preview.failedCases')}</h3>
                <ul class="plain-list">
                  <For each={r().failedCases}>{(c) => <li>{c}</li>}</For>
                </ul>
              </Show>
              <Show when={r().counts.length}>
                <table class="queue counts-table">
                  <caption>{t('preview.counts')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('preview.source')}</th>
                      <th scope="col">{t('preview.compared')}</th>
                      <th scope="col">{t('preview.changed')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={r().counts}>
                      {(c) => (
                        <tr data-source={c.source}>
                          <th scope="row">{source(c.source)}</th>
                          <td>{c.compared}</td>
                          <td>{c.changed}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
              <Show when={r().comparedWithRuleSet}>
                <h3 class="subheading">{t('preview.policyChanges', { count: r().policyChanges.length })}</h3>
              </Show>
              <Show when={r().policyChanges.length} fallback={<Show when={r().comparedWithRuleSet}><p class="muted">{t('preview.noPolicyChanges')}</p></Show>}>
                <ul class="plain-list" data-testid="policy-changes">
                  <For each={r().policyChanges}>
                    {(c) => (
                      <li data-area={c.area} data-kind={c.kind}>
                        {c.text}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={r().changes.length}>
                <h3 class="subheading">{t('preview.outcomeChanges', { count: r().changedCount })}</h3>
                <ul class="plain-list" data-testid="outcome-changes">
                  <For each={r().changes}>{(c) => <li data-source={c.source}>{c.text}</li>}</For>
                </ul>
              </Show>
              <Show when={r().placeholders.length}>
                <h3 class="subheading">{t('preview.placeholders', { count: r().placeholders.length })}</h3>
                <ul class="plain-list">
                  <For each={r().placeholders}>
                    {(p) => (
                      <li>
                        <code>{p.id}</code>
                        {p.section ? `（${p.section}）` : ''}：{p.choice}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <details class="preview-text">
                <summary>{t('preview.fullText')}</summary>
                <pre>{r().text}</pre>
              </details>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
