import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** Columns of a roster file, each with the header spellings accepted for it (Chinese as colleges write them). */
export const ROSTER_COLUMNS = {
  idType: ['证件类型', 'idType'],
  idNumber: ['证件号码', '身份证号', '身份证号码', 'idNumber'],
  name: ['姓名', 'name'],
  collegeCode: ['院校代码', '毕业院校代码', '学校代码', 'collegeCode'],
  collegeName: ['院校名称', '毕业院校名称', '学校名称', 'collegeName'],
  majorCode: ['专业代码', '毕业专业代码', 'majorCode'],
  majorName: ['专业名称', '毕业专业名称', 'majorName'],
  track: ['考生类型', '类型', 'track'],
} as const;
export type RosterColumn = keyof typeof ROSTER_COLUMNS;
const OPTIONAL_COLUMNS: ReadonlySet<RosterColumn> = new Set(['idType']);

export interface RosterRow {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  values: Partial<Record<RosterColumn, string>>;
}

export interface RowProblem {
  row: number;
  column?: string;
  message: string;
}

export class RosterFileError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(problems.map((p) => `row ${p.row}: ${p.message}`).join('; '));
  }
}

export const MAX_ROSTER_ROWS = 200_000;

/** Decodes CSV bytes: UTF-8 (with or without BOM), or GB18030 as Excel in China saves it. */
function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

async function readCells(fileName: string, content: Buffer): Promise<string[][]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    try {
      return parseCsv(decodeText(content), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      throw new RosterFileError([{ row: (error as CsvError & { lines?: number }).lines ?? 0, message: `CSV 格式错误（引号不成对或多余），请检查该行：${error.message.split(':')[0]}` }]);
    }
  }
  if (lower.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new RosterFileError([{ row: 0, message: '无法读取该 Excel 文件，请确认文件为 .xlsx 格式且未加密' }]);
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new RosterFileError([{ row: 0, message: 'Excel 文件中没有工作表' }]);
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cell.text?.trim() ?? '';
      });
      rows[number - 1] = Array.from(cells, (c) => c ?? '');
    });
    return Array.from(rows, (r) => r ?? []);
  }
  throw new RosterFileError([{ row: 0, message: '仅支持 .csv 或 .xlsx 格式的名单文件' }]);
}

/** Reads a roster file into rows keyed by column, or throws `RosterFileError` for a file that cannot be read. */
export async function readRosterFile(fileName: string, content: Buffer): Promise<RosterRow[]> {
  const cells = await readCells(fileName, content);
  const header = cells[0]?.map((h) => h.trim()) ?? [];
  const positions = new Map<RosterColumn, number>();
  const missing: string[] = [];
  for (const [column, names] of Object.entries(ROSTER_COLUMNS) as [RosterColumn, readonly string[]][]) {
    const index = header.findIndex((h) => names.includes(h));
    if (index >= 0) positions.set(column, index);
    else if (!OPTIONAL_COLUMNS.has(column)) missing.push(names[0]);
  }
  if (missing.length) throw new RosterFileError([{ row: 1, message: `缺少列：${missing.join('、')}（第一行须为表头）` }]);
  const rows = cells.slice(1).flatMap((line, i): RosterRow[] => {
    if (line.every((c) => !c?.trim())) return [];
    const values: Partial<Record<RosterColumn, string>> = {};
    for (const [column, index] of positions) values[column] = (line[index] ?? '').trim();
    return [{ row: i + 2, values }];
  });
  if (!rows.length) throw new RosterFileError([{ row: 2, message: '名单中没有数据行' }]);
  if (rows.length > MAX_ROSTER_ROWS) throw new RosterFileError([{ row: MAX_ROSTER_ROWS + 2, message: `一次最多导入${MAX_ROSTER_ROWS}行` }]);
  return rows;
}
