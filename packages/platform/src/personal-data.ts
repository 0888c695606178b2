import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Type, type Configuration, type EntityManager, type MikroORM, type Platform, type TransformContext } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import type { PlatformConfig } from './config.ts';
import { DATA_KEYS_FILE, ensureDevelopmentKeys, LOOKUP_KEY_FILE } from './keys.ts';

/** One AES-256-GCM key of the personal-data keyring, named so ciphertexts say which key sealed them. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** Why a stored personal-data value could not be opened; names the column and key, never the value. */
export class PersonalDataError extends Error {
  override readonly name = 'PersonalDataError';
}

const FORMAT = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const SEALED = /^v1\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/**
 * The keys that protect personal data at rest (PIPL: ID numbers are sensitive personal information).
 * - Data keys (AES-256-GCM): the first encrypts, every one decrypts, so keys rotate without downtime. A value is
 *   `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url); the associated data binds the format, the key id and the column
 *   (`table.column`), so a value copied into another column does not open.
 * - The lookup key (HMAC-SHA256) makes blind indexes: a keyed hash per value, equal for equal values, so rows are
 *   found without decrypting and without storing anything an unkeyed hash would let one brute-force (an ID number
 *   has about 10^11 plausible values). It stays the same across data-key rotations.
 */
export class PersonalDataKeyring {
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly keys: readonly DataKey[],
    private readonly lookupKey: Buffer,
  ) {
    if (!keys.length) throw new PersonalDataError('the personal-data keyring needs at least one data key');
    this.byId = new Map();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new PersonalDataError(`data key id "${id}" must be 1-16 letters, digits, "_" or "-"`);
      if (key.length !== 32) throw new PersonalDataError(`data key "${id}" must be 32 bytes (AES-256), not ${key.length}`);
      if (this.byId.has(id)) throw new PersonalDataError(`data key id "${id}" appears twice`);
      this.byId.set(id, key);
    }
    if (lookupKey.length < 32) throw new PersonalDataError('the lookup key must be at least 32 bytes');
  }

  /** The key new values are encrypted with. */
  get currentKeyId(): string {
    return this.keys[0].id;
  }

  /** Every key id, the current one first. */
  get keyIds(): string[] {
    return this.keys.map((k) => k.id);
  }

  /** Encrypts `plaintext` for one column (`table.column`) under the current key. */
  encrypt(plaintext: string, column: string): string {
    const { id, key } = this.keys[0];
    const iv = freshIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(associatedData(id, column));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT}.${id}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  /** Opens a value of `column`; refuses anything not sealed for that column by a key of this keyring. */
  decrypt(value: string, column: string): string {
    const match = SEALED.exec(value);
    if (!match) throw new PersonalDataError(`${column} holds a value that is not encrypted personal data`);
    const [, id, iv, sealed] = match;
    const key = this.byId.get(id);
    if (!key) throw new PersonalDataError(`${column} was encrypted with data key "${id}", which is not among the configured keys (${[...this.byId.keys()].join(', ')})`);
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < 16) throw new PersonalDataError(`${column} holds a truncated encrypted value`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(associatedData(id, column));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new PersonalDataError(`${column} holds a value that fails authentication under key "${id}" (altered, or copied from another column)`);
    }
  }

  /** The id of the key a stored value was encrypted with, or `undefined` for anything else. */
  keyIdOf(value: string): string | undefined {
    return SEALED.exec(value)?.[1];
  }

  /** A blind index: the keyed hash of a value of one kind (`id-number`, `phone`, …), 64 hex characters. */
  digest(kind: string, value: string): string {
    return createHmac('sha256', this.lookupKey).update(`${kind}\u0000${value}`).digest('hex');
  }

  /**
   * Builds the keyring from its settings: data keys as `id:base64` separated by commas or new lines (the first is
   * current), the lookup key as base64.
   */
  static parse(dataKeys: string, lookupKey: string, names = { dataKeys: 'ZSB_DATA_KEYS', lookupKey: 'ZSB_LOOKUP_KEY' }): PersonalDataKeyring {
    const keys = dataKeys
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((entry) => {
        const colon = entry.indexOf(':');
        if (colon <= 0) throw new PersonalDataError(`${names.dataKeys} entries must look like "<key id>:<base64 key>"`);
        return { id: entry.slice(0, colon), key: Buffer.from(entry.slice(colon + 1), 'base64') };
      });
    if (!keys.length) throw new PersonalDataError(`${names.dataKeys} holds no key`);
    const lookup = Buffer.from(lookupKey.trim(), 'base64');
    if (lookup.length < 32) throw new PersonalDataError(`${names.lookupKey} must be at least 32 bytes, base64-encoded`);
    try {
      return new PersonalDataKeyring(keys, lookup);
    } catch (error) {
      throw new PersonalDataError(`${names.dataKeys}: ${(error as Error).message}`);
    }
  }
}

const associatedData = (keyId: string, column: string) => Buffer.from(`${FORMAT}.${keyId}.${column}`, 'utf8');

// Random 96-bit IVs, drawn from the CSPRNG 4096 at a time (one call per IV cost more than the encryption); each used once.
let ivPool: Buffer = Buffer.alloc(0);
let ivOffset = 0;
function freshIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = randomBytes(12 * 4096);
    ivOffset = 0;
  }
  ivOffset += 12;
  return ivPool.subarray(ivOffset - 12, ivOffset);
}

/**
 * The personal-data keyring: `ZSB_DATA_KEYS` and `ZSB_LOOKUP_KEY`, required in production; development and test
 * generate them once into the data folder (`keys/data.keys`, `keys/lookup.secret`) like the other keys.
 */
export function loadPersonalDataKeyring(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): PersonalDataKeyring {
  if (config.mode === 'production') {
    if (!env.ZSB_DATA_KEYS) throw new Error('ZSB_DATA_KEYS is required in production');
    if (!env.ZSB_LOOKUP_KEY) throw new Error('ZSB_LOOKUP_KEY is required in production');
  }
  const dir = path.join(config.dataDir, 'keys');
  if (!env.ZSB_DATA_KEYS || !env.ZSB_LOOKUP_KEY) ensureDevelopmentKeys(config);
  const dataKeys = env.ZSB_DATA_KEYS || fs.readFileSync(path.join(dir, DATA_KEYS_FILE), 'utf8');
  const lookupKey = env.ZSB_LOOKUP_KEY || fs.readFileSync(path.join(dir, LOOKUP_KEY_FILE), 'utf8');
  return PersonalDataKeyring.parse(dataKeys, lookupKey, {
    dataKeys: env.ZSB_DATA_KEYS ? 'ZSB_DATA_KEYS' : path.join(dir, DATA_KEYS_FILE),
    lookupKey: env.ZSB_LOOKUP_KEY ? 'ZSB_LOOKUP_KEY' : path.join(dir, LOOKUP_KEY_FILE),
  });
}

/** Name under which a database's keyring is registered with its ORM. */
const EXTENSION = '@zsb/personal-data';

/** Makes `keyring` the one the ORM's encrypted columns and blind indexes use. */
export function attachKeyring(config: Configuration, keyring: PersonalDataKeyring): void {
  config.registerExtension(EXTENSION, () => keyring);
}

/** The keyring of the database an EntityManager (or a migration, through its configuration) works on. */
export function keyringOf(source: { config: Configuration } | Configuration): PersonalDataKeyring {
  const config = 'getExtension' in source ? source : source.config;
  const keyring = config.getExtension<PersonalDataKeyring>(EXTENSION);
  if (!keyring) throw new PersonalDataError('this database holds personal data and was opened without the personal-data keys');
  return keyring;
}

/** Values a column's memo holds per generation (two generations: a few MB at most). */
const KNOWN_VALUES = 20_000;

/** A bounded memo: when full it starts afresh, keeping the previous generation readable (O(1), no scans). */
class Memo {
  private current = new Map<string, string>();
  private previous = new Map<string, string>();

  get(key: string): string | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }

  set(key: string, value: string): void {
    if (this.current.size >= KNOWN_VALUES) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}

/**
 * A string column stored encrypted (see `PersonalDataKeyring`); the entity holds the plain value in memory. Such a
 * column cannot be searched: look rows up by the blind index beside it, and a query on the column itself is refused.
 */
export class EncryptedString extends Type<string | null | undefined, string | null | undefined> {
  /**
   * Plain values of ciphertexts this process produced or opened, for change detection only (reads always decrypt
   * and authenticate). Every flush snapshots each managed entity anew, so without it an unchanged value would be
   * decrypted twice per entity per flush.
   */
  private readonly known = new Memo();

  /** `table.column`, bound into every value as associated data. */
  get column(): string {
    return `${this.meta?.tableName ?? '?'}.${this.prop?.fieldNames?.[0] ?? '?'}`;
  }

  override convertToDatabaseValue(value: string | null | undefined, platform: Platform, context?: TransformContext): string | null | undefined {
    if (value === null || value === undefined) return value;
    if (context?.mode === 'query') throw new PersonalDataError(`${this.column} is encrypted and cannot be searched; query its blind index`);
    const sealed = keyringOf(platform.getConfig()).encrypt(value, this.column);
    this.known.set(sealed, value);
    return sealed;
  }

  override convertToJSValue(value: string | null | undefined, platform: Platform): string | null | undefined {
    if (value === null || value === undefined) return value;
    const plain = keyringOf(platform.getConfig()).decrypt(value, this.column);
    this.known.set(value, plain);
    return plain;
  }

  /** Two encryptions of one value differ (fresh IV), so changes are detected on the plain values. */
  override compareValues(a: string | null | undefined, b: string | null | undefined): boolean {
    if (a === b) return true;
    if (typeof a !== 'string' || typeof b !== 'string' || !this.platform) return false;
    return this.plainOf(a) === this.plainOf(b);
  }

  private plainOf(sealed: string): string {
    const known = this.known.get(sealed);
    if (known !== undefined) return known;
    const plain = keyringOf(this.platform!.getConfig()).decrypt(sealed, this.column);
    this.known.set(sealed, plain);
    return plain;
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(): string {
    return 'text';
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const blindIndexes = new WeakSet<Function>();

/**
 * Column options of a blind index: `compute` derives it from the entity's plain values whenever the entity is
 * written, and `reindexPersonalData` recomputes it after the lookup key changed.
 */
export function blindIndexColumn<T>(compute: (entity: T, keyring: PersonalDataKeyring) => string) {
  const derive = (entity: T, em: EntityManager) => compute(entity, keyringOf(em));
  blindIndexes.add(derive);
  return { type: 'string', length: 64, onCreate: derive, onUpdate: derive } as const;
}

export interface ReencryptionReport {
  table: string;
  rows: number;
  /** Stored values per key id, as found. */
  found: Record<string, number>;
  reencrypted: number;
  /** Rows changed by someone else meanwhile, left for the next run. */
  skipped: number;
  /** Blind indexes rewritten because the lookup key changed. */
  reindexed: number;
}

/**
 * Rewrites every encrypted value not sealed under the current key, batch by batch (each batch one transaction, each
 * row only if unchanged since it was read), then recomputes every blind index with the current lookup key. Run
 * after a new data key became current in every process; afterwards the old keys can be dropped.
 */
export async function reencryptPersonalData(orm: MikroORM, batchSize = 500, progress?: (report: ReencryptionReport) => void): Promise<ReencryptionReport[]> {
  const keyring = keyringOf(orm.config);
  const connection = orm.em.getConnection() as AbstractSqlConnection;
  const knex = connection.getKnex();
  const reports: ReencryptionReport[] = [];
  for (const meta of Object.values(orm.getMetadata().getAll())) {
    const encrypted = meta.props.filter((p) => p.customType instanceof EncryptedString);
    const indexes = meta.props.filter((p) => p.onCreate && blindIndexes.has(p.onCreate));
    if (!encrypted.length && !indexes.length) continue;
    const pk = meta.properties[meta.primaryKeys[0]].fieldNames[0];
    const report: ReencryptionReport = { table: meta.tableName, rows: 0, found: {}, reencrypted: 0, skipped: 0, reindexed: 0 };
    let last: unknown;
    for (;;) {
      const query = knex(meta.tableName).select(pk, ...encrypted.map((p) => p.fieldNames[0])).orderBy(pk).limit(batchSize);
      if (last !== undefined) query.where(pk, '>', last as string);
      const rows = await connection.execute<Record<string, unknown>[]>(query);
      if (!rows.length) break;
      last = rows.at(-1)![pk];
      report.rows += rows.length;
      await connection.transactional(async (trx) => {
        for (const row of rows) {
          const fresh: Record<string, string> = {};
          for (const prop of encrypted) {
            const column = prop.fieldNames[0];
            const value = row[column];
            if (typeof value !== 'string') continue;
            const keyId = keyring.keyIdOf(value) ?? 'not encrypted';
            report.found[keyId] = (report.found[keyId] ?? 0) + 1;
            if (keyId === keyring.currentKeyId) continue;
            const label = (prop.customType as EncryptedString).column;
            fresh[column] = keyring.encrypt(keyring.decrypt(value, label), label);
          }
          if (!Object.keys(fresh).length) continue;
          const unchanged = Object.fromEntries(Object.keys(fresh).map((column) => [column, row[column]]));
          const update = knex(meta.tableName).update(fresh).where({ [pk]: row[pk], ...unchanged });
          const result = await connection.execute<{ affectedRows?: number; changes?: number }>(update, [], 'run', trx);
          if ((result.affectedRows ?? result.changes ?? 0) === 1) report.reencrypted += Object.keys(fresh).length;
          else report.skipped++;
        }
      });
    }
    if (indexes.length) report.reindexed = await reindex(orm, meta.class, meta.primaryKeys[0], indexes, batchSize);
    reports.push(report);
    progress?.(report);
  }
  return reports;
}

/** Recomputes blind indexes through the ORM (which decrypts the values they derive from). */
async function reindex(orm: MikroORM, entity: unknown, pk: string, indexes: { name: string; onCreate?: (entity: never, em: EntityManager) => unknown }[], batchSize: number): Promise<number> {
  let rewritten = 0;
  let last: unknown;
  for (;;) {
    const em = orm.em.fork();
    const rows = (await em.find(entity as never, (last === undefined ? {} : { [pk]: { $gt: last } }) as never, { orderBy: { [pk]: 'asc' } as never, limit: batchSize })) as Record<string, unknown>[];
    if (!rows.length) return rewritten;
    last = rows.at(-1)![pk];
    for (const row of rows) {
      for (const index of indexes) {
        const fresh = index.onCreate!(row as never, em);
        if (row[index.name] !== fresh) {
          row[index.name] = fresh;
          rewritten++;
        }
      }
    }
    await em.flush();
  }
}
