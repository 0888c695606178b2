import { keyringOf, PortableMigration, type PersonalDataKeyring } from '@zsb/platform';

/** Columns that become encrypted, per table; the ID number also gets its blind index. */
const ENCRYPTED = {
  candidate_account: ['id_number', 'phone', 'name'],
  roster_entry: ['id_number', 'name'],
} as const;
const BATCH = 200;

/**
 * ID numbers, phones and names are encrypted at rest and found by blind indexes (keyed hashes). Existing accounts
 * and roster entries are set aside in a temporary table, the tables are changed while empty (SQLite cannot add a
 * NOT NULL column to a table with rows), and the rows are written back encrypted, all in the migration's transaction.
 * SMS challenges (ten minutes) and rate counters (their windows) held ID numbers and phones in clear and are
 * deleted rather than converted: codes in flight are asked again, counting starts afresh.
 */
export class Migration20261122190530_personal_data_at_rest extends PortableMigration {
  readonly statements = {
    sqlite: [
      "drop index `candidate_account_province_id_type_id_number_unique`",
      "drop index `candidate_account_id_number_index`",
      "alter table `candidate_account` add column `id_number_digest` text not null",
      "create unique index `candidate_account_province_id_type_id_number_digest_unique` on `candidate_account` (`province`, `id_type`, `id_number_digest`)",
      "drop index `roster_entry_province_exam_year_id_type_id_number_unique`",
      "alter table `roster_entry` add column `id_number_digest` text not null",
      "create unique index `roster_entry_province_exam_year_id_type_id_number_digest_unique` on `roster_entry` (`province`, `exam_year`, `id_type`, `id_number_digest`)",
      "drop index `sms_challenge_province_target_purpose_index`",
      "alter table `sms_challenge` rename column `target` to `target_digest`",
      "alter table `sms_challenge` rename column `phone` to `phone_digest`",
      "create index `sms_challenge_province_target_digest_purpose_index` on `sms_challenge` (`province`, `target_digest`, `purpose`)",
    ],
    postgresql: [
      "drop index \"candidate_account_id_number_index\"",
      "alter table \"candidate_account\" drop constraint \"candidate_account_province_id_type_id_number_unique\"",
      "alter table \"candidate_account\" add column \"id_number_digest\" varchar(64) not null",
      "alter table \"candidate_account\" alter column \"id_number\" type text using (\"id_number\"::text)",
      "alter table \"candidate_account\" alter column \"phone\" type text using (\"phone\"::text)",
      "alter table \"candidate_account\" alter column \"name\" type text using (\"name\"::text)",
      "alter table \"candidate_account\" add constraint \"candidate_account_province_id_type_id_number_digest_unique\" unique (\"province\", \"id_type\", \"id_number_digest\")",
      "alter table \"rate_counter\" alter column \"bucket\" type varchar(64) using (\"bucket\"::varchar(64))",
      "alter table \"roster_entry\" drop constraint \"roster_entry_province_exam_year_id_type_id_number_unique\"",
      "alter table \"roster_entry\" add column \"id_number_digest\" varchar(64) not null",
      "alter table \"roster_entry\" alter column \"id_number\" type text using (\"id_number\"::text)",
      "alter table \"roster_entry\" alter column \"name\" type text using (\"name\"::text)",
      "alter table \"roster_entry\" add constraint \"roster_entry_province_exam_year_id_type_id_number_digest_unique\" unique (\"province\", \"exam_year\", \"id_type\", \"id_number_digest\")",
      "drop index \"sms_challenge_province_target_purpose_index\"",
      "alter table \"sms_challenge\" drop column \"target\", drop column \"phone\"",
      "alter table \"sms_challenge\" add column \"target_digest\" varchar(64) not null, add column \"phone_digest\" varchar(64) null",
      "create index \"sms_challenge_province_target_digest_purpose_index\" on \"sms_challenge\" (\"province\", \"target_digest\", \"purpose\")",
    ],
  };

  override async up(): Promise<void> {
    await this.execute('delete from sms_challenge');
    await this.execute('delete from rate_counter');
    const kept: Record<string, number> = {};
    for (const table of Object.keys(ENCRYPTED)) {
      await this.execute(`create temporary table zsb_plain_${table} as select * from ${table}`);
      kept[table] = Number((await this.execute(`select count(*) as n from zsb_plain_${table}`))[0].n);
      await this.execute(`delete from ${table}`);
    }
    for (const sql of this.statements[this.dialect()]) await this.execute(sql);
    const keyring = Object.values(kept).some((n) => n > 0) ? this.keyring() : undefined;
    for (const [table, columns] of Object.entries(ENCRYPTED)) {
      let last = '';
      for (;;) {
        const rows = (await this.execute(`select * from zsb_plain_${table} where cast(id as text) > ? order by cast(id as text) limit ${BATCH}`, [last])) as Record<string, unknown>[];
        if (!rows.length) break;
        last = String(rows.at(-1)!.id);
        const sealed = rows.map((row) => {
          const out: Record<string, unknown> = { ...row };
          for (const column of columns) if (typeof row[column] === 'string') out[column] = keyring!.encrypt(row[column] as string, `${table}.${column}`);
          // The same normalisation as normaliseIdNumber, frozen here as it was when the rows were converted.
          out.id_number_digest = keyring!.digest('id-number', String(row.id_number).replace(/\s+/g, '').toUpperCase());
          return out;
        });
        await this.execute(this.getKnex().insert(sealed).into(table));
      }
      await this.execute(`drop table zsb_plain_${table}`);
    }
  }

  override async down(): Promise<void> {
    throw new Error('Encrypted personal data cannot be turned back into plain columns by a migration');
  }

  private keyring(): PersonalDataKeyring {
    try {
      return keyringOf(this.config);
    } catch {
      throw new Error('candidate_account and roster_entry hold personal data in clear: open the database with the personal-data keys (start the candidates subgraph) to encrypt it');
    }
  }
}
