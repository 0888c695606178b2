import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { gb18030Bytes } from '../../../../../test/support/gb18030.ts';
import { decodeCsvText, readRosterRows, RosterFileError, rosterMaxRows, MAX_ROSTER_ROWS, type RosterContent, type RosterRow } from './roster-file.ts';

const HEADER = '证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型';
const line = (i: number, name = `考生${i}`) => `37010219950101${String(1000 + i).slice(-4)},${name},10427,济南职业学院,620403,医学影像技术,普通`;

async function readAll(fileName: string, content: RosterContent, maxRows = 1000): Promise<RosterRow[]> {
  const rows: RosterRow[] = [];
  for await (const row of readRosterRows(fileName, content, { maxRows })) rows.push(row);
  return rows;
}

async function refusal(read: Promise<unknown>): Promise<RosterFileError['problems']> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RosterFileError);
  return (error as RosterFileError).problems;
}

/** A stream of a CSV of `rows` data rows, one row per chunk, made only as it is pulled; counts what was pulled. */
function lazyCsv(rows: number) {
  const pulled = { rows: 0, destroyed: false };
  const open = () => {
    const stream = Readable.from(
      (function* () {
        yield Buffer.from(`${HEADER}\n`);
        for (let i = 0; i < rows; i++) {
          pulled.rows++;
          yield Buffer.from(`${line(i)}\n`);
        }
      })(),
    );
    stream.on('close', () => (pulled.destroyed = true));
    return stream;
  };
  return { open, pulled };
}

describe('reading a roster file as it streams', () => {
  it('reads CSV rows keyed by column, numbered as a spreadsheet shows them (blank lines count, quoted line breaks do not)', async () => {
    const csv = [HEADER, line(1), '', line(2, '"王\n五"'), ' , , ', line(3)].join('\n');
    const rows = await readAll('r.csv', Buffer.from(csv));
    expect(rows.map((r) => [r.row, r.values.name])).toEqual([
      [2, '考生1'],
      [4, '王\n五'],
      [6, '考生3'],
    ]);
    expect(rows[0].values).toMatchObject({ idNumber: '370102199501011001', collegeCode: '10427', track: '普通' });
  });

  it('refuses at the first row past the cap, having read no more than that row of a much larger file, and closes the file', async () => {
    const cap = 1000;
    const { open, pulled } = lazyCsv(1_000_000);
    const consumed: number[] = [];
    const problems = await refusal(
      (async () => {
        for await (const row of readRosterRows('r.csv', open, { maxRows: cap })) consumed.push(row.row);
      })(),
    );
    expect(problems).toEqual([{ row: cap + 2, message: `一次最多导入${cap}行，请分批导入` }]);
    expect(consumed).toHaveLength(cap);
    // What the parser pulled beyond the refused row is only what the streams buffer (a few hundred short rows).
    expect(pulled.rows).toBeGreaterThanOrEqual(cap + 1);
    expect(pulled.rows).toBeLessThan(cap + 1000);
    await vi.waitFor(() => expect(pulled.destroyed).toBe(true), { timeout: 5000 });
  });

  it('decodes GB18030 as it streams, with two- and four-byte characters cut across chunks', async () => {
    const text = `${HEADER}\n${line(1, '张三')}\n${line(2, '𠀀明')}\n`;
    const bytes = gb18030Bytes(text);
    // Every chunk boundary, including inside each multi-byte character: one byte at a time.
    const oneByteChunks = () => Readable.from((function* () { for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1); })());
    const rows = await readAll('r.csv', oneByteChunks);
    expect(rows.map((r) => r.values.name)).toEqual(['张三', '𠀀明']);
    const fourByteStart = bytes.indexOf(Buffer.from([0x95, 0x32, 0x82, 0x36]));
    const chunks = [bytes.subarray(0, fourByteStart + 2), bytes.subarray(fourByteStart + 2, fourByteStart + 3), bytes.subarray(fourByteStart + 3)];
    let decoded = '';
    for await (const piece of decodeCsvText(Readable.from(chunks))) decoded += piece;
    expect(decoded).toBe(text);
  });

  it('decodes UTF-8 (with a byte-order mark) cut inside characters, and refuses a file that turns from UTF-8 to GB18030', async () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\n${line(1, '张三')}\n`)]);
    const pieces = () => Readable.from([utf8.subarray(0, 2), utf8.subarray(2, 9), utf8.subarray(9)]);
    expect((await readAll('r.csv', pieces)).map((r) => r.values.name)).toEqual(['张三']);
    // Far enough in that the UTF-8 start decided the encoding.
    const utf8Rows = Array.from({ length: 1000 }, (_, i) => line(i, '张三')).join('\n');
    const mixed = Buffer.concat([Buffer.from(`${HEADER}\n${utf8Rows}\n`), gb18030Bytes(`${line(1000, '李四')}\n`)]);
    expect(await refusal(readAll('r.csv', mixed, 2000))).toEqual([{ row: 0, message: expect.stringContaining('文件编码无法识别') }]);
  });

  it('names the missing columns, and refuses a file without data rows, an unclosed quote and an unknown format', async () => {
    expect(await refusal(readAll('r.csv', Buffer.from('\n证件号码,姓名\n1,2\n')))).toEqual([{ row: 2, message: '缺少列：院校代码、院校名称、专业代码、专业名称、考生类型（第一行须为表头）' }]);
    expect(await refusal(readAll('r.csv', Buffer.from(`${HEADER}\n\n`)))).toEqual([{ row: 2, message: '名单中没有数据行' }]);
    expect((await refusal(readAll('r.csv', Buffer.from(`${HEADER}\n${line(1)}\n"${line(2)}\n`))))[0]).toMatchObject({ row: 3, message: expect.stringContaining('引号') });
    expect((await refusal(readAll('r.xls', Buffer.from('x'))))[0].message).toBe('仅支持 .csv 或 .xlsx 格式的名单文件');
  });

  it('the row cap is a setting with a default', () => {
    expect(rosterMaxRows({})).toBe(MAX_ROSTER_ROWS);
    expect(rosterMaxRows({ ZSB_ROSTER_MAX_ROWS: '300000' })).toBe(300_000);
    expect(() => rosterMaxRows({ ZSB_ROSTER_MAX_ROWS: '0' })).toThrow(/ZSB_ROSTER_MAX_ROWS/);
  });
});

describe('reading an XLSX roster as it streams', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-roster-xlsx-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const stagedFiles = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));

  /** A workbook whose roster is the first tab but the second sheet stored, after a notes sheet. */
  async function workbook(rows: number): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('说明').addRow(['请勿修改表头']);
    const sheet = book.addWorksheet('名单');
    sheet.addRow(HEADER.split(','));
    for (let i = 0; i < rows; i++) {
      const [id, name, college, collegeName, major, majorName, track] = line(i).split(',');
      sheet.addRow([id, i === 0 ? { richText: [{ text: name.slice(0, 1) }, { text: name.slice(1) }] } : name, Number(college), collegeName, { formula: `"${major}"`, result: major }, majorName, track]);
    }
    sheet.addRow([]);
    sheet.addRow(line(rows).split(','));
    // Tab order is the workbook's, not the order sheets are stored in.
    (sheet as unknown as { orderNo: number }).orderNo = 0;
    (book.getWorksheet('说明') as unknown as { orderNo: number }).orderNo = 1;
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('reads the first tab with shared strings, rich text, numbers and formula results, from a buffer or a file stream', async () => {
    const content = await workbook(3);
    const file = path.join(dir, 'r.xlsx');
    fs.writeFileSync(file, content);
    for (const source of [content, () => fs.createReadStream(file)]) {
      const rows = await readAll('r.xlsx', source);
      expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 6]);
      expect(rows[0].values).toEqual({ idNumber: '370102199501011000', name: '考生0', collegeCode: '10427', collegeName: '济南职业学院', majorCode: '620403', majorName: '医学影像技术', track: '普通' });
    }
    await vi.waitFor(() => expect(stagedFiles()).toEqual([]), { timeout: 5000 });
  });

  it('refuses at the first row past the cap and leaves none of the reader’s temporary files behind', async () => {
    const content = await workbook(50);
    let consumed = 0;
    const problems = await refusal(
      (async () => {
        for await (const row of readRosterRows('r.xlsx', content, { maxRows: 10 })) consumed += row ? 1 : 0;
      })(),
    );
    expect(problems).toEqual([{ row: 12, message: '一次最多导入10行，请分批导入' }]);
    expect(consumed).toBe(10);
    await vi.waitFor(() => expect(stagedFiles()).toEqual([]), { timeout: 5000 });
  });

  it('refuses a workbook whose shared text is past its budget, and deletes the staged sheets', async () => {
    const content = await workbook(200);
    const read = (async () => {
      for await (const row of readRosterRows('r.xlsx', content, { maxRows: 1000, maxSharedStringBytes: 10_000 })) void row;
    })();
    expect(await refusal(read)).toEqual([{ row: 0, message: 'Excel 文件中的文字内容过多，请删去无关的列或工作表，或分批导入' }]);
    expect(await readAll('r.xlsx', content)).toHaveLength(201);
    await vi.waitFor(() => expect(stagedFiles()).toEqual([]), { timeout: 5000 });
  });

  it('refuses a file that is not a whole XLSX archive', async () => {
    const content = await workbook(3);
    for (const bad of [Buffer.from('not a workbook'), content.subarray(0, content.length - 100)]) {
      expect(await refusal(readAll('r.xlsx', bad))).toEqual([{ row: 0, message: '无法读取该 Excel 文件，请确认文件为 .xlsx 格式且未加密' }]);
    }
  });
});
