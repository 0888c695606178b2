import type { Platform, TransformContext } from '@mikro-orm/core';
import { EncryptedString } from './personal-data.ts';

/**
 * A JSON column stored encrypted, like `EncryptedString` (same keyring, format and associated data, and re-encrypted
 * by `reencryptPersonalData` with the rest): for personal values kept as one document, such as a registration's
 * form. The entity holds the parsed value; the column holds `v1.<key>.<iv>.<ciphertext>` of its JSON text.
 */
export class EncryptedJson<T = unknown> extends EncryptedString {
  // The base type works on strings; these two convert the document at the boundary, once per read and write.
  override convertToDatabaseValue(value: unknown, platform: Platform, context?: TransformContext): string | null | undefined {
    if (value === null || value === undefined) return value;
    return super.convertToDatabaseValue(JSON.stringify(value), platform, context);
  }

  override convertToJSValue(value: string | null | undefined, platform: Platform): string | null | undefined {
    const text = super.convertToJSValue(value, platform);
    return (typeof text === 'string' ? (JSON.parse(text) as T) : text) as never;
  }
}
