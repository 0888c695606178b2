import { Show } from 'solid-js';
import type { IdTypeOption } from '../graphql/types.ts';
import { SelectField, TextField } from './field.tsx';
import { useMessages } from '../i18n/locale.ts';
import { componentMessages } from './messages.ts';

const t = useMessages(componentMessages);

export interface IdFieldsProps {
  idTypes: IdTypeOption[];
  idType: string;
  idNumber: string;
  onIdType: (code: string) => void;
  onIdNumber: (value: string) => void;
  errors: { idType?: string; idNumber?: string };
}

/** 证件类型 (only when the province accepts more than one) and 证件号码, with the chosen type's format as the hint. */
export function IdFields(props: IdFieldsProps) {
  const chosen = () => props.idTypes.find((t) => t.code === props.idType) ?? props.idTypes[0];
  return (
    <>
      <Show when={props.idTypes.length > 1}>
        <SelectField
          name="idType"
          label={t('id.type')}
          value={props.idType}
          options={props.idTypes.map((t) => ({ value: t.code, label: t.name }))}
          onValue={props.onIdType}
          error={props.errors.idType}
        />
      </Show>
      <TextField
        name="idNumber"
        label={t('id.number')}
        value={props.idNumber}
        onValue={props.onIdNumber}
        error={props.errors.idNumber}
        placeholder={t('id.placeholder', { type: chosen()?.name ?? '' })}
        hint={chosen()?.hint}
        autocomplete="username"
        autoCapitalize="characters"
        maxLength={32}
      />
    </>
  );
}

/** Shows an ID number with its middle hidden (3701**********123X), for screens others may see over a shoulder. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return value.length > 2 ? `${value[0]}${'*'.repeat(value.length - 2)}${value.slice(-1)}` : value;
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** 131****5678 */
export function maskPhone(value: string): string {
  return value.length === 11 ? `${value.slice(0, 3)}****${value.slice(-4)}` : value;
}
