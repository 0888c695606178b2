import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import { AuditEntry, dropPostgresDatabase, loadPersonalDataKeyring, openDatabase, Refusal, type DatabaseLocation } from '@zsb/platform';
import { RuleCatalog } from '@zsb/rules';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../../../test/support/databases.ts';
import { residentId, withWrongCheckChar } from '../../../test/support/identities.ts';
import { postgresServerUrl } from '../../../test/support/postgres.ts';
import { database } from '../src/database.ts';
import { RosterEntry, RosterImport } from '../src/modules/roster/roster-entry.entity.ts';
import { RosterService, type RosterImportProgress } from '../src/modules/roster/roster.service.ts';

const HEADER = '证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型';
const row = (id: string, college = '10427') => `${id},考生,${college},济南职业学院,620403,医学影像技术,普通`;
const csv = (lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'));
const ids = (n: number) => Array.from({ length: n }, () => residentId('370102'));
const SESSION = { province: 'CN-SD', examYear: 2023 };
const BY = { cli: 'test' };

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Refusal);
  return error as Refusal;
}

describe.each(DATABASES)('importing a large roster (%s)', (dialect) => {
  let orm: MikroORM;
  let location: DatabaseLocation;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-roster-'));
  const rules = RuleCatalog.load();
  const service = (maxRows = 200_000) => new RosterService(orm.em.fork(), rules, maxRows);
  const counts = async () => {
    const em = orm.em.fork();
    return { entries: await em.count(RosterEntry, SESSION), imports: await em.count(RosterImport, SESSION), audits: await em.count(AuditEntry, { action: 'roster.import' }) };
  };

  beforeAll(async () => {
    if (dialect === 'postgresql') {
      const url = new URL(postgresServerUrl());
      url.pathname = `/zsbtest_roster_${randomBytes(4).toString('hex')}`;
      location = { dialect, url: url.toString() };
    } else {
      location = { dialect, file: path.join(dataDir, 'candidates.sqlite') };
    }
    orm = await openDatabase(database, location, { keyring: loadPersonalDataKeyring({ mode: 'test', dataDir }, {}) });
  });
  afterAll(async () => {
    await orm?.close();
    if (location?.dialect === 'postgresql') await dropPostgresDatabase(location.url);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await orm.em.fork().nativeDelete(RosterEntry, {});
  });

  it('a 20,000-row file whose last row is wrong is refused whole with that row named, and nothing is written', async () => {
    const before = await counts();
    const lines = ids(20_000).map((id) => row(id));
    lines[lines.length - 1] = row(withWrongCheckChar(residentId('370102')));
    const progress: RosterImportProgress[] = [];
    const refusal = await refusalOf(service().import({ ...SESSION, fileName: 'big.csv', content: csv(lines) }, BY, {}, (p) => progress.push({ ...p })));
    expect(refusal.error.code).toBe('ROSTER_ROWS_INVALID');
    expect(refusal.details.rowErrors).toEqual([{ row: 20_001, column: '证件号码', message: '证件号码校验位不正确，请核对后重新输入' }]);
    expect(await counts()).toEqual({ ...before, entries: 0 });
    // Checked throughout (a report every 1,000 rows and one at the end), never written.
    expect(progress.filter((p) => p.phase === 'checking')).toHaveLength(21);
    expect(progress.at(-1)).toMatchObject({ phase: 'checking', rowsRead: 20_000, totalRows: 20_000 });
    expect(progress.some((p) => p.phase === 'writing')).toBe(false);
  });

  it('lists the first 200 problems and counts them all', async () => {
    const lines = ids(1000).map((id, i) => row(i % 3 ? id : withWrongCheckChar(id)));
    const refusal = await refusalOf(service().import({ ...SESSION, fileName: 'r.csv', content: csv(lines) }, BY));
    expect(refusal.details.rowErrors).toHaveLength(200);
    expect(refusal.error.message).toBe('名单有334处错误，未导入任何数据（另有134处未列出）');
  });

  it('a valid file is written in batches, reported as it goes, and leaves no rows held in the unit of work', async () => {
    const before = await counts();
    const em = orm.em.fork();
    const progress: RosterImportProgress[] = [];
    const result = await new RosterService(em, rules).import({ ...SESSION, fileName: 'r.csv', content: csv(ids(2_000).map((id) => row(id))) }, BY, {}, (p) => progress.push({ ...p }));
    expect(result).toMatchObject({ rowCount: 2_000, created: 2_000, updated: 0 });
    expect(await counts()).toEqual({ entries: 2_000, imports: before.imports + 1, audits: before.audits + 1 });
    expect(progress.filter((p) => p.phase === 'writing').map((p) => p.rowsWritten)).toEqual([500, 1000, 1500, 2000]);
    expect(progress.at(-1)).toMatchObject({ phase: 'writing', rowsRead: 2_000, totalRows: 2_000 });
    const held = [...em.getUnitOfWork().getIdentityMap().values()].filter((e) => e instanceof RosterEntry);
    expect(held).toHaveLength(0);
  });

  it('a file past the row cap is refused at the first row past it, with nothing written', async () => {
    let pulled = 0;
    const content = () =>
      Readable.from(
        (function* () {
          yield Buffer.from(`${HEADER}\n`);
          for (; pulled < 100_000; pulled++) yield Buffer.from(`${row(residentId('370102'))}\n`);
        })(),
      );
    const refusal = await refusalOf(service(100).import({ ...SESSION, fileName: 'huge.csv', content }, BY));
    expect(refusal.details.rowErrors).toEqual([{ row: 102, message: '一次最多导入100行，请分批导入' }]);
    expect(pulled).toBeLessThan(1_000);
    expect((await counts()).entries).toBe(0);
  });

  it('a file that changes between the check and the write is refused, and the batches already written are undone', async () => {
    const before = await counts();
    const lines = ids(1_800).map((id) => row(id));
    let opened = 0;
    // Checked as it was; by the time it is written its last row repeats the first.
    const content = () => {
      opened++;
      return Readable.from([opened === 1 ? csv(lines) : csv([...lines.slice(0, -1), lines[0]])]);
    };
    const progress: RosterImportProgress[] = [];
    const refusal = await refusalOf(service().import({ ...SESSION, fileName: 'r.csv', content }, BY, {}, (p) => progress.push({ ...p })));
    expect(refusal.details.rowErrors).toEqual([{ row: 1_801, column: '证件号码', message: '与文件中前面的一行重复（文件在导入过程中被修改，请重新导入）' }]);
    expect(progress.filter((p) => p.phase === 'writing').map((p) => p.rowsWritten)).toEqual([500, 1000, 1500]);
    expect(await counts()).toEqual({ ...before, entries: 0 });
  });

  it("a college reviewer's file that reaches another college's entry near its end is refused, and nothing is kept", async () => {
    const lines = ids(1_200).map((id) => row(id));
    const taken = residentId('370102');
    await service().import({ ...SESSION, fileName: 'other.csv', content: csv([row(taken, '13000')]) }, BY);
    const refusal = await refusalOf(service().import({ ...SESSION, fileName: 'own.csv', content: csv([...lines, row(taken)]) }, BY, { collegeCode: '10427' }));
    expect(refusal.error.code).toBe('ROSTER_ROW_FORBIDDEN');
    expect((await counts()).entries).toBe(1);
  });
});
