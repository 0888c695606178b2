import type { MikroORM } from '@mikro-orm/core';

/** Every row of every table of a database, as stored, in one string: what someone holding a copy of it would read. */
export async function everyStoredValue(orm: MikroORM): Promise<{ tables: string[]; text: string }> {
  const connection = orm.em.getConnection();
  const sqlite = orm.config.get('driver')?.name.toLowerCase().includes('sqlite');
  const tables = (
    await connection.execute(
      sqlite ? "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'" : "select table_name as name from information_schema.tables where table_schema = 'public'",
    )
  ).map((row: { name: string }) => row.name);
  const rows = await Promise.all(tables.map((table: string) => connection.execute(`select * from "${table}"`)));
  return { tables, text: JSON.stringify(rows) };
}
