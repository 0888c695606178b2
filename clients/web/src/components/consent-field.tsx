import { createUniqueId, For } from 'solid-js';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

export interface ConsentFieldProps {
  label: string;
  documents: { title: string; text: string }[];
  checked: boolean;
  onChecked: (checked: boolean) => void;
  error?: string;
}

/** The privacy-policy tick box, with each document readable in place before ticking. */
export function ConsentField(props: ConsentFieldProps) {
  const id = createUniqueId();
  return (
    <div class="field consent" classList={{ 'field--invalid': !!props.error }}>
      <div class="consent__row">
        <input
          id={id}
          type="checkbox"
          class="checkbox"
          name="acceptedPrivacyPolicy"
          checked={props.checked}
          onChange={(event) => props.onChecked(event.currentTarget.checked)}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={`${id}-error`}
        />
        <label for={id}>{props.label}</label>
      </div>
      <div class="consent__documents">
        <For each={props.documents}>
          {(document) => (
            <details class="document">
              <summary>{t('consent.read', { title: document.title })}</summary>
              <div class="document__text">{document.text}</div>
            </details>
          )}
        </For>
      </div>
      <p class="field__error" id={`${id}-error`} aria-live="polite">
        {props.error ?? ''}
      </p>
    </div>
  );
}
