import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import { dropPostgresDatabase, newDataKeyEntry, openDatabase, PersonalDataKeyring, reencryptPersonalData, type DatabaseLocation } from '@zsb/platform';
import { DATABASES } from '../../../test/support/databases.ts';
import { postgresServerUrl } from '../../../test/support/postgres.ts';
import { everyStoredValue } from '../../../test/support/stored-text.ts';
import { migrations } from '../migrations/index.ts';
import { database } from '../src/database.ts';
import { CandidateAccount } from '../src/modules/account/account.entity.ts';
import { idDocumentLookup } from '../src/modules/account/blind-index.ts';
import { RosterEntry } from '../src/modules/roster/roster-entry.entity.ts';

const CONVERSION = 'Migration20261122190530_personal_data_at_rest';
const before = { ...database, migrations: migrations.slice(0, migrations.findIndex((m) => m.name === CONVERSION)) };

describe.each(DATABASES)('personal data at rest: conversion and key rotation (%s)', (dialect) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-migrate-'));
  const location: DatabaseLocation =
    dialect === 'sqlite' ? { dialect, file: path.join(dataDir, 'candidates.sqlite') } : { dialect, url: Object.assign(new URL(postgresServerUrl()), { pathname: `/zsbtest_${randomBytes(4).toString('hex')}` }).toString() };
  const firstKey = newDataKeyEntry();
  const secondKey = newDataKeyEntry();
  const lookupKey = randomBytes(32).toString('base64');
  const keyring = PersonalDataKeyring.parse(firstKey, lookupKey);
  const keyId = (entry: string) => entry.slice(0, entry.indexOf(':'));
  const people = [
    { id: randomUUID(), idNumber: '370102200101011015', phone: '13912345678', name: '孔令辉' },
    { id: randomUUID(), idNumber: '11010519491231002x', phone: '13787654321', name: '欧阳娜娜' },
  ];
  afterAll(async () => {
    if (location.dialect === 'postgresql') await dropPostgresDatabase(location.url);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('existing accounts and roster entries are encrypted in place, found by blind index, and nothing stays in clear', async () => {
    const old = await openDatabase(before, location);
    const now = dialect === 'sqlite' ? Date.now() : new Date();
    const connection = old.em.getConnection() as AbstractSqlConnection;
    const knex = connection.getKnex();
    for (const [i, person] of people.entries()) {
      const rosterId = randomUUID();
      await connection.execute(
        knex('roster_entry').insert({ id: rosterId, province: 'CN-SD', exam_year: 2023, id_type: 'RESIDENT_ID', id_number: person.idNumber, name: person.name, college_code: '10427', college_name: '济南职业学院', major_code: '620403', major_name: '医学影像技术', track: 'GENERAL', import_id: randomUUID(), updated_at: now }),
      );
      await connection.execute(
        knex('candidate_account').insert({ id: person.id, province: 'CN-SD', id_type: 'RESIDENT_ID', id_number: person.idNumber, phone: person.phone, password_hash: `$argon2id$${i}`, name: person.name, roster_entry_id: rosterId, created_at: now }),
      );
    }
    await connection.execute(knex('sms_challenge').insert({ id: randomUUID(), province: 'CN-SD', target: `id:RESIDENT_ID:${people[0].idNumber}`, phone: people[0].phone, purpose: 'LOGIN', code_hash: 'x', attempts: 0, expires_at: now, created_at: now }));
    await connection.execute(knex('rate_counter').insert({ bucket: `login:CN-SD:RESIDENT_ID:${people[0].idNumber}`, window_start: 0, hits: 3, expires_at: Date.now() + 60_000 }));
    await old.close();

    // Without the keys the conversion is refused as a whole: the rows stay as they were, nothing half-done.
    await expect(openDatabase(database, location)).rejects.toThrow(/hold personal data in clear: open the database with the personal-data keys/);
    const untouched = await openDatabase(before, location);
    expect((await everyStoredValue(untouched)).text).toContain(people[0].idNumber);
    await untouched.close();

    const orm = await openDatabase(database, location, { keyring });
    try {
      const raw = (await everyStoredValue(orm)).text;
      for (const person of people) {
        for (const value of [person.idNumber, person.idNumber.toUpperCase(), person.phone, person.name]) expect(raw).not.toContain(value);
      }
      const em = orm.em.fork();
      for (const person of people) {
        const account = await em.findOneOrFail(CandidateAccount, { province: 'CN-SD', ...idDocumentLookup(em, { idType: 'RESIDENT_ID', idNumber: person.idNumber }) });
        expect(account).toMatchObject({ id: person.id, idNumber: person.idNumber, phone: person.phone, name: person.name });
        expect(account.createdAt).toBeInstanceOf(Date);
        expect(Math.abs(account.createdAt.getTime() - Date.now())).toBeLessThan(600_000);
        const entry = await em.findOneOrFail(RosterEntry, { province: 'CN-SD', examYear: 2023, ...idDocumentLookup(em, { idType: 'RESIDENT_ID', idNumber: person.idNumber }) });
        expect(entry).toMatchObject({ idNumber: person.idNumber, name: person.name, collegeName: '济南职业学院' });
      }
      // The lower-case check character was stored as typed; its blind index is of the normalised number.
      expect((await em.findOneOrFail(CandidateAccount, idDocumentLookup(em, { idType: 'RESIDENT_ID', idNumber: '11010519491231002X' }))).id).toBe(people[1].id);
      const counts = await orm.em.getConnection().execute('select (select count(*) from sms_challenge) as challenges, (select count(*) from rate_counter) as counters');
      expect(Number(counts[0].challenges) + Number(counts[0].counters)).toBe(0);
    } finally {
      await orm.close();
    }
  });

  it('unchanged encrypted values are not written again; a changed one is, alone', async () => {
    const orm = await openDatabase(database, location, { keyring });
    try {
      const em = orm.em.fork();
      const [account, entries] = await Promise.all([em.findOneOrFail(CandidateAccount, { id: people[1].id }), em.find(RosterEntry, {})]);
      const unitOfWork = em.getUnitOfWork();
      // (SQLite date columns of loaded rows always compare as changed in MikroORM; only personal columns matter here.)
      const personal = ['idNumber', 'idNumberDigest', 'phone', 'name'];
      const written = () => {
        unitOfWork.computeChangeSets();
        return unitOfWork.getChangeSets().flatMap((c) => Object.keys(c.payload).filter((key) => personal.includes(key) || key === 'collegeName').map((key) => `${c.name}.${key}`));
      };
      expect(written()).toEqual([]);
      entries[0].collegeName = '济南职业学院（新）';
      account.name = '欧阳娜';
      expect(written().sort()).toEqual(['CandidateAccount.name', 'RosterEntry.collegeName']);
      await em.flush();
      expect((await orm.em.fork().findOneOrFail(CandidateAccount, { id: people[1].id })).name).toBe('欧阳娜');
      account.name = people[1].name;
      await em.flush();
    } finally {
      await orm.close();
    }
  });

  it('after a new key becomes current, re-encryption moves every value to it in batches, and the old key can go', async () => {
    const rotated = await openDatabase(database, location, { keyring: PersonalDataKeyring.parse(`${secondKey},${firstKey}`, lookupKey) });
    try {
      // Values written after the rotation are sealed with the new key at once.
      const em = rotated.em.fork();
      const account = await em.findOneOrFail(CandidateAccount, { id: people[0].id });
      account.phone = '13900001111';
      await em.flush();
      const reports = await reencryptPersonalData(rotated, 1);
      const byTable = Object.fromEntries(reports.map((r) => [r.table, r]));
      expect(byTable.candidate_account).toMatchObject({ rows: 2, found: { [keyId(firstKey)]: 5, [keyId(secondKey)]: 1 }, reencrypted: 5, skipped: 0, reindexed: 0 });
      expect(byTable.roster_entry).toMatchObject({ rows: 2, found: { [keyId(firstKey)]: 4 }, reencrypted: 4, skipped: 0 });
      const again = await reencryptPersonalData(rotated);
      // Every table with personal data is covered (uploads' analyses too, none here), and nothing is left to move.
      expect(again.map((r) => [r.table, r.reencrypted]).sort()).toEqual([['candidate_account', 0], ['roster_entry', 0], ['upload', 0]]);
    } finally {
      await rotated.close();
    }

    const newOnly = await openDatabase(database, location, { keyring: PersonalDataKeyring.parse(secondKey, lookupKey) });
    try {
      expect((await everyStoredValue(newOnly)).text).not.toContain(`.${keyId(firstKey)}.`);
      const em = newOnly.em.fork();
      expect(await em.findOneOrFail(CandidateAccount, { id: people[0].id })).toMatchObject({ idNumber: people[0].idNumber, phone: '13900001111', name: people[0].name });
      expect((await em.find(RosterEntry, {})).map((e) => e.name).sort()).toEqual(people.map((p) => p.name).sort());
    } finally {
      await newOnly.close();
    }

    // A keyring without the key that sealed the data says which key is missing.
    const oldOnly = await openDatabase(database, location, { keyring: PersonalDataKeyring.parse(firstKey, lookupKey) });
    try {
      await expect(oldOnly.em.fork().find(CandidateAccount, {})).rejects.toThrow(`candidate_account.id_number was encrypted with data key "${keyId(secondKey)}", which is not among the configured keys (${keyId(firstKey)})`);
    } finally {
      await oldOnly.close();
    }
  });

  it('after the lookup key changes, the blind indexes are recomputed and rows are found again', async () => {
    const orm = await openDatabase(database, location, { keyring: PersonalDataKeyring.parse(secondKey, randomBytes(32).toString('base64')) });
    try {
      const find = () => orm.em.fork().findOne(CandidateAccount, idDocumentLookup(orm.em, { idType: 'RESIDENT_ID', idNumber: people[1].idNumber }));
      expect(await find()).toBeNull();
      const reports = await reencryptPersonalData(orm);
      expect(reports.map((r) => [r.table, r.reindexed]).sort()).toEqual([['candidate_account', 2], ['roster_entry', 2], ['upload', 0]]);
      expect((await find())?.id).toBe(people[1].id);
    } finally {
      await orm.close();
    }
  });
});
