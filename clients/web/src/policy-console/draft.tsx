import { batch, createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { A, useParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { FormAlert } from '../components/field.tsx';
import type { VariablesOf } from '../graphql/graphql.ts';
import { useMessages } from '../i18n/locale.ts';
import { DraftFilesQuery, DryRunQuery, SaveDraftMutation, type DryRun } from './documents.ts';
import { FileEditor } from './editor.tsx';
import { policyMessages } from './messages.ts';
import { filesToSave, shortHash, uploadTarget } from './model.ts';
import { PreviewPanel } from './preview.tsx';
import { PublishPanel } from './publish.tsx';
import { SchemaChecker, type EditorProblem } from './schema-check.ts';
import { ConsoleHead, NotPolicyStaff, queryErrorMessage, usePolicyStaff } from './section.tsx';
import { TryDecisionPanel } from './try-decision.tsx';

type Sample = VariablesOf<typeof DryRunQuery>['samples'][number];

interface DraftFile {
  name: string;
  schema: string;
  text: string;
  saved: string;
  problems: number;
}

/**
 * A province-year's draft (`/policy/drafts/:province/:year`): its files, edited in the browser with the schema's
 * checks as they are typed, or replaced by uploaded files; saved through `saveRuleSetDraft` with the server's findings
 * by file and JSON path; the year-on-year preview; tries of a decision; and publishing with a reason.
 */
export default function DraftPage() {
  const t = useMessages(policyMessages);
  const params = useParams<{ province: string; year: string }>();
  const province = () => params.province.toUpperCase();
  const year = () => Number(params.year);
  const client = useClient();
  const staff = usePolicyStaff();
  createEffect(() => (document.title = `${t('draft.title', { province: province(), year: year() })} - ${t('section.title')}`));

  const [loaded] = createQuery({ query: DraftFilesQuery, variables: () => ({ province: province(), examYear: year() }), pause: () => !staff.allowed(), requestPolicy: 'network-only' });
  const checker = createMemo(() => (loaded.data ? new SchemaChecker(loaded.data.ruleFileSchemas) : undefined));
  const [files, setFiles] = createStore<DraftFile[]>([]);
  const [source, setSource] = createSignal<string>();
  const [selected, setSelected] = createSignal<string>();
  createEffect(() => {
    const data = loaded.data?.ruleSetDraftFiles;
    if (!data || files.length) return;
    batch(() => {
      setFiles(data.files.map((f) => ({ name: f.name, schema: f.schema, text: f.content, saved: f.content, problems: 0 })));
      setSource(data.source);
      setSelected(data.files.find((f) => f.name === 'parameters.json')?.name ?? data.files[0]?.name);
    });
  });
  const current = () => files.find((f) => f.name === selected());
  const setText = (name: string, text: string) => setFiles((f) => f.name === name, 'text', text);
  const setProblems = (name: string, problems: EditorProblem[]) => setFiles((f) => f.name === name, 'problems', problems.length);
  const unsaved = () => source() !== 'DRAFT' || files.some((f) => f.text !== f.saved);

  // Upload: each file replaces the draft's file of its name.
  const [uploadMessage, setUploadMessage] = createSignal<{ tone: 'success' | 'error'; text: string }>();
  const upload = async (event: Event & { currentTarget: HTMLInputElement }) => {
    const input = event.currentTarget;
    const chosen = [...(input.files ?? [])];
    const names = files.map((f) => f.name);
    const placed: string[] = [];
    const unknown: string[] = [];
    for (const file of chosen) {
      const target = uploadTarget(file.name, names);
      if (!target) {
        unknown.push(file.name);
        continue;
      }
      const text = await file.text();
      setText(target, text);
      // Marked in the file list at once, before the file is opened.
      setFiles((f) => f.name === target, 'problems', checker()?.check(text, files.find((f) => f.name === target)!.schema).length ?? 0);
      placed.push(target);
    }
    input.value = '';
    if (placed.length) setSelected(placed[0]);
    setUploadMessage(unknown.length ? { tone: 'error', text: t('draft.uploadUnknown', { files: unknown.join('、') }) } : { tone: 'success', text: t('draft.uploaded', { files: placed.join('、') }) });
  };

  // Saving, and the server's findings.
  const [saving, setSaving] = createSignal(false);
  const [saveError, setSaveError] = createSignal<string>();
  const [findings, setFindings] = createSignal<{ file: string; path: string; message: string }[]>();
  const [savedHash, setSavedHash] = createSignal<string>();
  let findingsHeading: HTMLHeadingElement | undefined;
  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    const sent = filesToSave(files, source() === 'DRAFT');
    const result = await client.mutation(SaveDraftMutation, { province: province(), examYear: year(), files: sent.length ? sent : filesToSave(files.slice(0, 1), false) }).toPromise();
    setSaving(false);
    const payload = result.data?.saveRuleSetDraft;
    if (!payload?.ok) {
      setSaveError(payload?.error?.message ?? (result.error ? queryErrorMessage(result.error) : t('draft.saveFailed')));
      return;
    }
    batch(() => {
      setFiles(produce((list) => list.forEach((f) => (f.saved = f.text))));
      setSource('DRAFT');
      setFindings(payload.problems ?? []);
      setSavedHash(payload.draftHash ?? undefined);
    });
    queueMicrotask(() => findingsHeading?.focus());
    await runPreview();
  };

  // The preview, with the samples the tries added.
  const [samples, setSamples] = createSignal<Sample[]>([]);
  const [preview, setPreview] = createSignal<DryRun>();
  const [previewing, setPreviewing] = createSignal(false);
  const [previewError, setPreviewError] = createSignal<string>();
  const [previewedAt, setPreviewedAt] = createSignal<string>();
  const runPreview = async () => {
    setPreviewing(true);
    setPreviewError(undefined);
    const result = await client.query(DryRunQuery, { province: province(), examYear: year(), samples: samples() }, { requestPolicy: 'network-only' }).toPromise();
    setPreviewing(false);
    if (result.error) {
      setPreview(undefined);
      return setPreviewError(queryErrorMessage(result.error));
    }
    setPreview(result.data?.dryRunRuleSetDraft);
    setPreviewedAt(files.map((f) => f.saved).join('\u0000'));
  };
  // The preview is of the draft as saved: an edit since makes it stale until saved again.
  const stale = () => unsaved() || previewedAt() !== files.map((f) => f.saved).join('\u0000');
  const [published, setPublished] = createSignal(false);

  return (
    <div class="layout layout--wide policy">
      <section class="card" aria-labelledby="draft-heading">
        <ConsoleHead headingId="draft-heading" title={t('draft.title', { province: province(), year: year() })} member={staff.member} />
        <NotPolicyStaff show={!!staff.member && !staff.allowed()} />
        <p>
          <A href="/policy">{t('common.back')}</A>
        </p>
        <Show when={loaded.error}>
          <p class="alert alert--error" role="alert">
            {queryErrorMessage(loaded.error!)}
          </p>
        </Show>
        <Show when={files.length && checker()} fallback={<Show when={!loaded.error && staff.allowed()}><p class="loading" role="status">{t('common.loading')}</p></Show>}>
          <p class="card__lead" data-testid="draft-source">
            {source() === 'DRAFT'
              ? t('draft.sourceDraft')
              : source() === 'NEW_YEAR'
                ? t('draft.sourceNewYear', { ruleSet: loaded.data?.ruleSetDraftFiles.ruleSetId ?? '', year: year() })
                : t('draft.sourceVersion', { ruleSet: loaded.data?.ruleSetDraftFiles.ruleSetId ?? '' })}
          </p>
          <div class="draft">
            <nav class="draft__files" aria-labelledby="files-heading">
              <h2 class="subheading" id="files-heading">
                {t('draft.files')}
              </h2>
              <ul class="file-list">
                <For each={files}>
                  {(f) => (
                    <li>
                      <button type="button" class="file-list__item" aria-current={selected() === f.name ? 'true' : undefined} data-file={f.name} onClick={() => setSelected(f.name)}>
                        <span class="file-list__name">{f.name}</span>
                        <Show when={f.text !== f.saved}>
                          <span class="tag tag--current">{t('draft.edited')}</span>
                        </Show>
                        <Show when={f.problems > 0}>
                          <span class="tag tag--blocked">{t('draft.errors', { count: f.problems })}</span>
                        </Show>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
              <div class="field">
                <label class="field__label" for="rule-upload">
                  {t('draft.upload')}
                </label>
                <input id="rule-upload" class="input" type="file" name="upload" accept=".json,application/json" multiple aria-describedby="rule-upload-hint" onChange={upload} />
                <p class="field__hint" id="rule-upload-hint">
                  {t('draft.uploadHint')}
                </p>
                <div aria-live="polite">
                  <Show when={uploadMessage()}>{(m) => <p class={`alert alert--${m().tone}`}>{m().text}</p>}</Show>
                </div>
              </div>
            </nav>
            <div class="draft__editor">
              <Show when={current()} keyed>
                {(file) => <FileEditor name={file.name} schema={file.schema} text={current()?.text ?? ''} checker={checker()!} onText={(text) => setText(file.name, text)} onProblems={(p) => setProblems(file.name, p)} />}
              </Show>
              <FormAlert message={saveError()} />
              <div class="actions">
                <button type="button" class="button button--primary" onClick={save} disabled={saving()} aria-busy={saving()}>
                  {saving() ? t('draft.saving') : t('draft.save')}
                </button>
                <Show when={unsaved()}>
                  <span class="muted">{t('draft.unsaved')}</span>
                </Show>
              </div>
            </div>
          </div>
          <Show when={findings()}>
            {(list) => (
              <div class="findings" data-testid="findings">
                <h2 class="subheading" id="findings-heading" tabindex="-1" ref={findingsHeading}>
                  {t('draft.serverFindings')}
                </h2>
                <p class={`alert ${list().length ? 'alert--error' : 'alert--success'}`} role="status">
                  {list().length ? t('draft.savedWithProblems', { count: list().length }) : t('draft.saved', { hash: shortHash(savedHash()) })}
                </p>
                <Show when={list().length}>
                  <table class="queue">
                    <caption class="visually-hidden">{t('draft.serverFindings')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('draft.findingFile')}</th>
                        <th scope="col">{t('draft.findingPath')}</th>
                        <th scope="col">{t('draft.findingMessage')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={list()}>
                        {(p) => (
                          <tr data-file={p.file} data-path={p.path}>
                            <td>
                              <Show when={files.some((f) => f.name === p.file)} fallback={p.file}>
                                <button type="button" class="link-button" aria-label={t('draft.openFile', { file: p.file })} onClick={() => setSelected(p.file)}>
                                  {p.file}
                                </button>
                              </Show>
                            </td>
                            <td>
                              <code>{p.path || '/'}</code>
                            </td>
                            <td>{p.message}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Show>
              </div>
            )}
          </Show>
        </Show>
      </section>
      <Show when={files.length && !published()}>
        <PreviewPanel result={preview()} busy={previewing()} error={previewError()} samples={samples().length} onRun={runPreview} />
        <TryDecisionPanel province={province()} year={year()} onSample={(s) => setSamples([...samples(), s])} />
      </Show>
      <Show when={files.length}>
        <PublishPanel province={province()} year={year()} preview={preview()} stale={stale()} onPublished={() => setPublished(true)}>
          <A class="button button--primary" href="/policy">
            {t('common.back')}
          </A>
        </PublishPanel>
      </Show>
    </div>
  );
}
