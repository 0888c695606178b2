import { createEffect, createMemo, createSignal, createUniqueId, For, on, onCleanup } from 'solid-js';
import { JSON_SYNTAX_PROBLEMS } from '@zsb/rules/json-syntax';
import { locale, useMessages } from '../i18n/locale.ts';
import { policyMessages } from './messages.ts';
import type { EditorProblem, SchemaChecker } from './schema-check.ts';

/** How long typing pauses before the file is checked again. */
const CHECK_DELAY_MS = 250;

/**
 * One rule file's text, checked against its JSON Schema as it is typed: a labelled text area, and below it the
 * problems (line, column, JSON Pointer, what is wrong), each a button that puts the cursor there. The summary line is a
 * live region, so a screen reader hears when the file becomes invalid or valid again without losing its place.
 */
export function FileEditor(props: { name: string; schema: string; text: string; checker: SchemaChecker; onText: (text: string) => void; onProblems?: (problems: EditorProblem[]) => void }) {
  const t = useMessages(policyMessages);
  const id = createUniqueId();
  let area: HTMLTextAreaElement | undefined;
  const [checked, setChecked] = createSignal(props.text);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A new file, or a text replaced from outside (an upload): checked at once; typing is checked after a pause.
  createEffect(
    on(
      () => props.name,
      () => setChecked(props.text),
    ),
  );
  createEffect(
    on(
      () => props.text,
      (text) => {
        clearTimeout(timer);
        timer = setTimeout(() => setChecked(text), CHECK_DELAY_MS);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));
  const problems = createMemo(() => props.checker.check(checked(), props.schema));
  createEffect(() => props.onProblems?.(problems()));
  // A syntax error in the words the server's checks use (Chinese); in English, the parser's own name for it.
  const detail = (p: EditorProblem) => (p.code === 'syntax' && locale() === 'zh' ? (JSON_SYNTAX_PROBLEMS[p.detail] ?? p.detail) : p.detail);
  const describe = (p: EditorProblem) => `${t('draft.at', { line: p.line, column: p.column })}${p.path ? ` ${p.path}` : ''}：${t(`schema.${p.code}`, { detail: detail(p) })}`;
  const goTo = (p: EditorProblem) => {
    if (!area) return;
    const lines = area.value.split('\n');
    const offset = lines.slice(0, p.line - 1).reduce((n, line) => n + line.length + 1, 0) + p.column - 1;
    area.focus();
    area.setSelectionRange(offset, offset);
  };
  return (
    <div class="field editor" classList={{ 'field--invalid': problems().length > 0 }}>
      <label class="field__label" for={id}>
        {t('draft.editorLabel', { file: props.name })}
      </label>
      <p class="field__hint" id={`${id}-hint`}>
        {t('draft.editorHint')}
      </p>
      <textarea
        ref={area}
        id={id}
        class="input textarea editor__text"
        name="fileText"
        data-file={props.name}
        value={props.text}
        rows={24}
        spellcheck={false}
        wrap="off"
        autocomplete="off"
        autocapitalize="off"
        aria-invalid={problems().length ? 'true' : undefined}
        aria-describedby={`${id}-hint ${id}-status ${id}-problems`}
        onInput={(event) => props.onText(event.currentTarget.value)}
      />
      <p class="editor__status" id={`${id}-status`} role="status" aria-live="polite" data-testid="editor-status">
        {problems().length ? t('draft.clientProblems', { file: props.name, count: problems().length }) : t('draft.noClientProblems', { file: props.name })}
      </p>
      <ul class="problems" id={`${id}-problems`} data-testid="editor-problems">
        <For each={problems()}>
          {(p) => (
            <li class="problems__item">
              <button type="button" class="link-button" data-path={p.path} onClick={() => goTo(p)}>
                {describe(p)}
              </button>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
