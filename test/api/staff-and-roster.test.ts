import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '@zsb/platform';
import { idNumberDigest } from '../../subgraphs/candidates/src/modules/account/blind-index.ts';
import { RosterEntry } from '../../subgraphs/candidates/src/modules/roster/roster-entry.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { gb18030Bytes } from '../support/gb18030.ts';
import { residentId, withWrongCheckChar } from '../support/identities.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, rosterCsv } from './flows.ts';

const IMPORT = `mutation($input: ImportRosterInput!) { importRoster(input: $input) { ok error { code message field } rowCount created updated rowErrors { row column message } } }`;

interface ImportResult {
  ok: boolean;
  error: { code: string; message: string } | null;
  rowCount: number | null;
  created: number | null;
  updated: number | null;
  rowErrors: { row: number; column: string | null; message: string }[];
}

describe.each(DATABASES)('staff and the roster (%s)', (dialect) => {
  let p: TestPlatform;
  const tokens: Record<string, string> = {};
  const signIn = async (username: string, password: string) => {
    const r = await p.graphql<{ logInStaff: { ok: boolean; error: { code: string } | null; member: { role: string } | null; tokens: { accessToken: string } | null } }>(
      'mutation($u: String!, $p: String!) { logInStaff(username: $u, password: $p) { ok error { code } member { role } tokens { accessToken } } }',
      { u: username, p: password },
    );
    return r.data!.logInStaff;
  };
  const importFile = async (token: string, fileName: string, content: Buffer, examSessionId = 'CN-SD-2023') =>
    (await p.graphql<{ importRoster: ImportResult }>(IMPORT, { input: { examSessionId, fileName, contentBase64: content.toString('base64') } }, bearer(token))).data!.importRoster;

  beforeAll(async () => {
    p = await startPlatform(dialect);
    for (const [key, member] of Object.entries({
      province: { username: 'sd.province', role: 'PROVINCE_REVIEWER', province: 'CN-SD' },
      college: { username: 'sd.college', role: 'COLLEGE_REVIEWER', province: 'CN-SD', collegeCode: '10427' },
      nm: { username: 'nm.province', role: 'PROVINCE_REVIEWER', province: 'CN-NM' },
    } as const)) {
      const { password } = await p.createStaff(member);
      tokens[key] = (await signIn(member.username, password)).tokens!.accessToken;
    }
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('staff sign in with username and password; a wrong password is refused without saying which part was wrong', async () => {
    const { password } = await p.createStaff({ username: 'sd.policy', role: 'POLICY_STAFF', province: 'CN-SD' });
    expect(await signIn('sd.policy', password)).toMatchObject({ ok: true, member: { role: 'POLICY_STAFF' } });
    expect((await signIn('sd.policy', 'wrong')).error?.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn('nobody', 'wrong')).error?.code).toBe('INVALID_CREDENTIALS');
  });

  it('a roster file with bad rows is refused whole, with every problem by row and column, and nothing is imported', async () => {
    const good = residentId('370102');
    const csv = [
      '证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型',
      `${good},张三,10427,济南职业学院,620403,医学影像技术,普通`,
      `${withWrongCheckChar(residentId('370102'))},李四,10427,济南职业学院,620403,医学影像技术,普通`,
      `${good},王五,10427,济南职业学院,620403,医学影像技术,3+2`,
      `${residentId('370102')},,10427,济南职业学院,620403,医学影像技术,专升本`,
    ].join('\n');
    const result = await importFile(tokens.province, 'roster.csv', Buffer.from(csv));
    expect(result).toMatchObject({ ok: false, error: { code: 'ROSTER_ROWS_INVALID' }, created: null });
    expect(result.rowErrors).toEqual([
      { row: 3, column: '证件号码', message: '证件号码校验位不正确，请核对后重新输入' },
      { row: 4, column: '证件号码', message: '与第2行重复' },
      { row: 5, column: '姓名', message: '姓名为空' },
      { row: 5, column: '考生类型', message: '考生类型“专升本”不在本省规则中（可选：普通考生、3+2考生、退役大学生士兵免试考生）' },
    ]);
    const em = p.subgraphs.candidates.orm.em.fork();
    expect(await em.count(RosterEntry, { idNumberDigest: idNumberDigest(em, good) })).toBe(0);
  });

  it('a file without the required columns is refused with the missing column names', async () => {
    const result = await importFile(tokens.province, 'roster.csv', Buffer.from('证件号码,姓名\n370102200101011015,张三\n'));
    expect(result.rowErrors).toEqual([{ row: 1, column: null, message: '缺少列：院校代码、院校名称、专业代码、专业名称、考生类型（第一行须为表头）' }]);
  });

  it('a valid CSV, also in GB18030 as Excel saves it, is imported, and importing it again updates instead of duplicating', async () => {
    const ids = [residentId('370102'), residentId('370102')];
    const csv = rosterCsv(ids.map((idNumber, i) => ({ idNumber, name: `考生${i}`, track: i ? '3+2' : '普通' })));
    expect(await importFile(tokens.province, 'roster.csv', Buffer.from(csv))).toMatchObject({ ok: true, rowCount: 2, created: 2, updated: 0 });
    const gb18030 = gb18030Bytes(csv);
    expect(gb18030.equals(Buffer.from(csv))).toBe(false);
    expect(await importFile(tokens.province, 'roster.csv', gb18030)).toMatchObject({ ok: true, created: 0, updated: 2 });
    const em = p.subgraphs.candidates.orm.em.fork();
    const entry = await em.findOneOrFail(RosterEntry, { idNumberDigest: idNumberDigest(em, ids[1]) });
    expect(entry).toMatchObject({ name: '考生1', track: 'THREE_PLUS_TWO', collegeCode: '10427' });
  });

  it('an XLSX roster is imported like a CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['证件号码', '姓名', '院校代码', '院校名称', '专业代码', '专业名称', '考生类型']);
    const id = residentId('370102');
    sheet.addRow([id, '赵六', '13000', '青岛职业技术学院', '510201', '计算机应用技术', '普通']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await importFile(tokens.province, 'roster.xlsx', content)).toMatchObject({ ok: true, created: 1 });
    const rows = await p.graphql<{ rosterEntries: { totalCount: number; entries: { name: string }[] } }>(
      '{ rosterEntries(examSessionId: "CN-SD-2023", collegeCode: "13000") { totalCount entries { name } } }',
      undefined,
      bearer(tokens.province),
    );
    expect(rows.data!.rosterEntries.entries.map((e) => e.name)).toContain('赵六');
  });

  it('a college reviewer imports and sees only their own college, and other provinces\' staff cannot touch this roster', async () => {
    const other = rosterCsv([{ idNumber: residentId('370102'), name: '外校', college: '13000' }]);
    const refused = await importFile(tokens.college, 'roster.csv', Buffer.from(other));
    expect(refused.rowErrors[0]).toMatchObject({ column: '院校代码', message: '只能导入本院校（10427）的考生' });
    const own = rosterCsv([{ idNumber: residentId('370102'), name: '本校' }]);
    expect(await importFile(tokens.college, 'roster.csv', Buffer.from(own))).toMatchObject({ ok: true, created: 1 });
    const seen = await p.graphql<{ rosterEntries: { entries: { collegeCode: string }[] } }>('{ rosterEntries(examSessionId: "CN-SD-2023", limit: 200) { entries { collegeCode } } }', undefined, bearer(tokens.college));
    expect(new Set(seen.data!.rosterEntries.entries.map((e) => e.collegeCode))).toEqual(new Set(['10427']));
    const foreign = await p.graphql(IMPORT, { input: { examSessionId: 'CN-SD-2023', fileName: 'r.csv', contentBase64: Buffer.from(own).toString('base64') } }, bearer(tokens.nm));
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('candidates and anonymous callers cannot import a roster', async () => {
    const anonymous = await p.graphql(IMPORT, { input: { examSessionId: 'CN-SD-2023', fileName: 'r.csv', contentBase64: 'eA==' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('staff signing in, failing to and signing out are in the audit log', async () => {
    const { password } = await p.createStaff({ username: 'sd.audit', role: 'PROVINCE_REVIEWER', province: 'CN-SD' });
    await signIn('sd.audit', 'wrong');
    const token = (await signIn('sd.audit', password)).tokens!.accessToken;
    await p.graphql('mutation { logOut { ok } }', undefined, bearer(token));
    const actions = (await p.subgraphs.candidates.orm.em.fork().find(AuditEntry, { action: { $like: 'staff.sign%' } }, { orderBy: { at: 'asc' } })).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(['staff.sign-in-failed', 'staff.sign-in', 'staff.sign-out']);
  });

  it('every import is in the audit log with who did it and what it changed', async () => {
    const entries = await p.subgraphs.candidates.orm.em.fork().find(AuditEntry, { action: 'roster.import' }, { orderBy: { at: 'asc' } });
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries.at(-1)).toMatchObject({ actor: expect.stringMatching(/^staff:/), subjectType: 'RosterImport', details: { created: 1, province: 'CN-SD' } });
    expect(entries.at(-1)!.requestId).toBeTruthy();
  });
});
