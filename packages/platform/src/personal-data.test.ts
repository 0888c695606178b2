import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { addDevelopmentDataKey, newDataKeyEntry } from './keys.ts';
import { loadPersonalDataKeyring, PersonalDataError, PersonalDataKeyring } from './personal-data.ts';

const key = () => randomBytes(32);
const lookup = randomBytes(32);
const ID = '370102200101011015';
const COLUMN = 'roster_entry.id_number';

describe('the personal-data keyring', () => {
  const old = { id: 'k2025', key: key() };
  const current = { id: 'k2026', key: key() };
  const before = new PersonalDataKeyring([old], lookup);
  const after = new PersonalDataKeyring([current, old], lookup);

  it('a value encrypted for a column opens for that column, and the stored form shows nothing of it', () => {
    const sealed = after.encrypt(ID, COLUMN);
    expect(sealed).toMatch(/^v1\.k2026\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(ID);
    expect(sealed).not.toContain(ID.slice(0, 6));
    expect(after.decrypt(sealed, COLUMN)).toBe(ID);
    expect(after.decrypt(after.encrypt('张三', 'roster_entry.name'), 'roster_entry.name')).toBe('张三');
  });

  it('encrypting the same value twice gives different ciphertexts (fresh IV each time)', () => {
    expect(after.encrypt(ID, COLUMN)).not.toBe(after.encrypt(ID, COLUMN));
  });

  it('a ciphertext changed anywhere is refused, naming the column but not the value', () => {
    const sealed = after.encrypt(ID, COLUMN);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    const tamperedBody = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    const iv = Buffer.from(parts[2], 'base64url');
    iv[0] ^= 1;
    const tamperedIv = [parts[0], parts[1], iv.toString('base64url'), parts[3]].join('.');
    for (const tampered of [tamperedBody, tamperedIv]) {
      expect(() => after.decrypt(tampered, COLUMN)).toThrow(PersonalDataError);
      expect(() => after.decrypt(tampered, COLUMN)).toThrow(/roster_entry\.id_number .*fails authentication/);
    }
    expect(() => after.decrypt(`${sealed.slice(0, -30)}`, COLUMN)).toThrow(PersonalDataError);
    expect(() => after.decrypt(ID, COLUMN)).toThrow(/not encrypted personal data/);
    try {
      after.decrypt(tamperedBody, COLUMN);
    } catch (error) {
      expect((error as Error).message).not.toContain(ID);
    }
  });

  it('a value moved to another column does not open there', () => {
    const sealed = after.encrypt(ID, 'candidate_account.id_number');
    expect(() => after.decrypt(sealed, 'roster_entry.id_number')).toThrow(/fails authentication/);
    const phone = after.encrypt('13912345678', 'candidate_account.phone');
    expect(() => after.decrypt(phone, 'candidate_account.name')).toThrow(/fails authentication/);
  });

  it('relabelling a ciphertext with another key id does not open it, even when both keys are known', () => {
    const sealed = before.encrypt(ID, COLUMN);
    expect(() => after.decrypt(sealed.replace('.k2025.', '.k2026.'), COLUMN)).toThrow(/fails authentication/);
  });

  it('after rotation, values sealed under the old key still open, and new values use the new key', () => {
    const oldValue = before.encrypt(ID, COLUMN);
    expect(after.decrypt(oldValue, COLUMN)).toBe(ID);
    expect(after.keyIdOf(oldValue)).toBe('k2025');
    const reencrypted = after.encrypt(after.decrypt(oldValue, COLUMN), COLUMN);
    expect(after.keyIdOf(reencrypted)).toBe('k2026');
    expect(after.currentKeyId).toBe('k2026');
    expect(after.keyIds).toEqual(['k2026', 'k2025']);
    // Once the old key is removed, only re-encrypted values open.
    const withoutOld = new PersonalDataKeyring([current], lookup);
    expect(withoutOld.decrypt(reencrypted, COLUMN)).toBe(ID);
    expect(() => withoutOld.decrypt(oldValue, COLUMN)).toThrow('roster_entry.id_number was encrypted with data key "k2025", which is not among the configured keys (k2026)');
  });

  it('blind indexes are stable across data-key rotation, differ by kind, and depend on the lookup key', () => {
    expect(before.digest('id-number', ID)).toBe(after.digest('id-number', ID));
    expect(after.digest('id-number', ID)).toMatch(/^[0-9a-f]{64}$/);
    expect(after.digest('id-number', ID)).not.toBe(after.digest('phone', ID));
    expect(new PersonalDataKeyring([current], randomBytes(32)).digest('id-number', ID)).not.toBe(after.digest('id-number', ID));
  });

  it('bad keys are refused with the setting to fix', () => {
    expect(() => new PersonalDataKeyring([], lookup)).toThrow(/at least one data key/);
    expect(() => new PersonalDataKeyring([{ id: 'a', key: randomBytes(16) }], lookup)).toThrow(/32 bytes/);
    expect(() => new PersonalDataKeyring([{ id: 'a.b', key: key() }], lookup)).toThrow(/letters, digits/);
    expect(() => new PersonalDataKeyring([{ id: 'a', key: key() }, { id: 'a', key: key() }], lookup)).toThrow(/twice/);
    expect(() => PersonalDataKeyring.parse('nokey', lookup.toString('base64'))).toThrow(/ZSB_DATA_KEYS entries must look like/);
    expect(() => PersonalDataKeyring.parse(`a:${randomBytes(8).toString('base64')}`, lookup.toString('base64'))).toThrow(/ZSB_DATA_KEYS: .*32 bytes/);
    expect(() => PersonalDataKeyring.parse(`a:${key().toString('base64')}`, 'c2hvcnQ=')).toThrow(/ZSB_LOOKUP_KEY must be at least 32 bytes/);
  });

  it('settings list keys separated by commas or new lines, the first being current', () => {
    const a = newDataKeyEntry();
    const b = newDataKeyEntry();
    const keyring = PersonalDataKeyring.parse(`${a},\n ${b}\n`, lookup.toString('base64'));
    expect(keyring.keyIds).toEqual([a.split(':')[0], b.split(':')[0]]);
  });
});

describe('loading the personal-data keys', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-keys-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('production refuses to start without ZSB_DATA_KEYS and ZSB_LOOKUP_KEY, and generates nothing', () => {
    const config = { mode: 'production' as const, dataDir };
    expect(() => loadPersonalDataKeyring(config, {})).toThrow('ZSB_DATA_KEYS is required in production');
    expect(() => loadPersonalDataKeyring(config, { ZSB_DATA_KEYS: newDataKeyEntry() })).toThrow('ZSB_LOOKUP_KEY is required in production');
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
    const keyring = loadPersonalDataKeyring(config, { ZSB_DATA_KEYS: newDataKeyEntry(), ZSB_LOOKUP_KEY: randomBytes(32).toString('base64') });
    expect(keyring.decrypt(keyring.encrypt(ID, COLUMN), COLUMN)).toBe(ID);
  });

  it('development generates the keys once, and a rotation adds a new current key while the old one still opens', () => {
    const config = { mode: 'development' as const, dataDir };
    const first = loadPersonalDataKeyring(config, {});
    const again = loadPersonalDataKeyring(config, {});
    expect(again.keyIds).toEqual(first.keyIds);
    const sealed = first.encrypt(ID, COLUMN);
    const added = addDevelopmentDataKey(config);
    const rotated = loadPersonalDataKeyring(config, {});
    expect(rotated.keyIds).toEqual([added, ...first.keyIds]);
    expect(rotated.decrypt(sealed, COLUMN)).toBe(ID);
    expect(rotated.digest('id-number', ID)).toBe(first.digest('id-number', ID));
    expect(fs.statSync(path.join(dataDir, 'keys', 'data.keys')).mode & 0o077).toBe(0);
  });
});
