import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { dropPostgresDatabase, newDataKeyEntry, openDatabase, PersonalDataKeyring, type DatabaseLocation } from '@zsb/platform';
import { DATABASES } from '../../../test/support/databases.ts';
import { postgresServerUrl } from '../../../test/support/postgres.ts';
import { migrations } from '../migrations/index.ts';
import { database } from '../src/database.ts';
import { CandidateAccount } from '../src/modules/account/account.entity.ts';
import { idDocumentLookup } from '../src/modules/account/blind-index.ts';
import { RosterEntry } from '../src/modules/roster/roster-entry.entity.ts';

const CONVERSION = 'Migration20261122190530_personal_data_at_rest';
const before = { ...database, migrations: migrations.slice(0, migrations.findIndex((m) => m.name === CONVERSION)) };

/** Every text value of every table, as the database holds it. */
async function everyValue(orm: MikroORM, dialect: string): Promise<string> {
  const connection = orm.em.getConnection();
  const tables = (
    dialect === 'sqlite'
      ? await connection.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      : await connection.execute("select table_name as name from information_schema.tables where table_schema = 'public'")
  ).map((row: { name: string }) => row.name);
  const rows = await Promise.all(tables.map((table: string) => connection.execute(`select * from ${table}`)));
  return JSON.stringify(rows);
}

describe.each(DATABASES)('converting a database that held personal data in clear (%s)', (dialect) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-migrate-'));
  const location: DatabaseLocation =
    dialect === 'sqlite' ? { dialect, file: path.join(dataDir, 'candidates.sqlite') } : { dialect, url: Object.assign(new URL(postgresServerUrl()), { pathname: `/zsbtest_${randomBytes(4).toString('hex')}` }).toString() };
  const keyring = PersonalDataKeyring.parse(newDataKeyEntry(), randomBytes(32).toString('base64'));
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
    const knex = old.em.getConnection().getKnex();
    const connection = old.em.getConnection();
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
    expect(await everyValue(untouched, dialect)).toContain(people[0].idNumber);
    await untouched.close();

    const orm = await openDatabase(database, location, keyring);
    try {
      const raw = await everyValue(orm, dialect);
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
});
