import { createSignal, For, Show } from 'solid-js';
import { useClient } from '@urql/solid';
import { SelectField, TextAreaField } from '../components/field.tsx';
import type { VariablesOf } from '../graphql/graphql.ts';
import { useMessages } from '../i18n/locale.ts';
import { InForceDecisionQuery, TryDecisionQuery } from './documents.ts';
import { policyMessages } from './messages.ts';
import { parseFacts } from './model.ts';
import { queryErrorMessage } from './section.tsx';

type DecisionName = VariablesOf<typeof TryDecisionQuery>['decision'];
/** In the order of a registration; the schema's `DecisionName`. */
const DECISIONS: readonly DecisionName[] = ['applicationEligibility', 'examRequirement', 'dualApplication', 'requiredMaterials', 'feeQuote', 'paymentChannel'];

interface Tried {
  label: string;
  outcome?: Record<string, unknown>;
  explanation?: string;
  ruleSetId?: string;
  error?: string;
}

/**
 * 试算: one decision on facts typed as JSON, taken by the draft and by the version in force side by side, each with
 * its outcome and the explanation in Chinese; the facts can join the preview's samples.
 */
export function TryDecisionPanel(props: { province: string; year: number; onSample: (sample: { decision: DecisionName; facts: Record<string, unknown>; name: string }) => void }) {
  const t = useMessages(policyMessages);
  const client = useClient();
  const [decision, setDecision] = createSignal<DecisionName>('paymentChannel');
  const [factsText, setFactsText] = createSignal('{"examCity": "370200"}');
  const [factsError, setFactsError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [results, setResults] = createSignal<Tried[]>([]);
  const [added, setAdded] = createSignal(false);

  const run = async (event: SubmitEvent) => {
    event.preventDefault();
    const facts = parseFacts(factsText());
    if (!facts) {
      setFactsError(t('tryDecision.factsInvalid'));
      (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[name="facts"]')?.focus();
      return;
    }
    setBusy(true);
    setAdded(false);
    const variables = { province: props.province, examYear: props.year, decision: decision(), facts };
    const [draft, inForce] = await Promise.all([
      client.query(TryDecisionQuery, variables, { requestPolicy: 'network-only' }).toPromise(),
      client.query(InForceDecisionQuery, { province: props.province, decision: decision(), facts }, { requestPolicy: 'network-only' }).toPromise(),
    ]);
    setBusy(false);
    const tried = (label: string, data: { outcome: Record<string, unknown>; explanationText: string; ruleSetId: string } | undefined, error: Parameters<typeof queryErrorMessage>[0] | undefined): Tried =>
      data ? { label, outcome: data.outcome, explanation: data.explanationText, ruleSetId: data.ruleSetId } : { label, error: error ? queryErrorMessage(error) : undefined };
    setResults([tried(t('tryDecision.draft'), draft.data?.draft, draft.error), tried(t('tryDecision.inForce'), inForce.data?.decide, inForce.error)]);
  };

  return (
    <section class="card" aria-labelledby="try-heading">
      <h2 class="card__title" id="try-heading">
        {t('tryDecision.title')}
      </h2>
      <p class="card__lead">{t('tryDecision.lead')}</p>
      <form onSubmit={run} novalidate>
        <SelectField
          name="decision"
          label={t('tryDecision.decision')}
          value={decision()}
          options={DECISIONS.map((d) => ({ value: d, label: `${t(`tryDecision.decisions.${d}`)}（${d}）` }))}
          onValue={(v) => setDecision(v as DecisionName)}
        />
        <TextAreaField name="facts" label={t('tryDecision.facts')} value={factsText()} onValue={(v) => (setFactsText(v), setFactsError(undefined))} error={factsError()} hint={t('tryDecision.factsHint')} />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy()} aria-busy={busy()}>
            {busy() ? t('tryDecision.busy') : t('tryDecision.submit')}
          </button>
          <button
            type="button"
            class="button button--outline"
            onClick={() => {
              const facts = parseFacts(factsText());
              if (!facts) return setFactsError(t('tryDecision.factsInvalid'));
              props.onSample({ decision: decision(), facts, name: `${t(`tryDecision.decisions.${decision()}`)} ${JSON.stringify(facts)}` });
              setAdded(true);
            }}
          >
            {t('tryDecision.addSample')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        <Show when={added()}>
          <p class="alert alert--info">{t('tryDecision.sampleAdded')}</p>
        </Show>
        <div class="tries" data-testid="tries">
          <For each={results()}>
            {(r) => (
              <article class="try">
                <h3 class="subheading">
                  {r.label}
                  {r.ruleSetId ? `（${r.ruleSetId}）` : ''}
                </h3>
                <Show when={r.error}>
                  <p class="alert alert--error">{r.error}</p>
                </Show>
                <Show when={r.explanation}>
                  <pre class="explanation" lang="zh-CN">
                    {r.explanation}
                  </pre>
                </Show>
              </article>
            )}
          </For>
        </div>
      </div>
    </section>
  );
}
