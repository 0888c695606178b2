import type { EntityManager } from '@mikro-orm/core';
import { blindIndexColumn, keyringOf, type PersonalDataKeyring } from '@zsb/platform';
import { normaliseIdNumber } from './id-number.ts';

type WithKeys = Pick<EntityManager, 'config'>;

const digestIdNumber = (keyring: PersonalDataKeyring, idNumber: string) => keyring.digest('id-number', normaliseIdNumber(idNumber));

/** Blind index (keyed hash) of an ID number, as typed or as stored: how accounts and roster entries are found. */
export function idNumberDigest(em: WithKeys, idNumber: string): string {
  return digestIdNumber(keyringOf(em), idNumber);
}

/** Blind index of a mobile number. */
export function phoneDigest(em: WithKeys, phone: string): string {
  return keyringOf(em).digest('phone', phone.replace(/\s+/g, ''));
}

/** Where an ID document's row is found: its type and the blind index of its number. */
export function idDocumentLookup(em: WithKeys, id: { idType: string; idNumber: string }): { idType: string; idNumberDigest: string } {
  return { idType: id.idType, idNumberDigest: idNumberDigest(em, id.idNumber) };
}

/** Column options of an entity's ID-number blind index, kept in step with `idNumber` on every write. */
export function idNumberIndexColumn<T extends { idNumber: string }>() {
  return blindIndexColumn<T>((entity, keyring) => digestIdNumber(keyring, entity.idNumber));
}
