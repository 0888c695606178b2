import { Readable, pipeline } from 'node:stream';
import { TextDecoder } from 'node:util';
import { CsvError, parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { makeValidator } from 'envalid';
import { readSettings } from '@zsb/platform';

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

/** Most data rows one import takes by default (`ZSB_ROSTER_MAX_ROWS` changes it); reading stops at the next one. */
export const MAX_ROSTER_ROWS = 200_000;

/** Roster import settings. */
export const ROSTER_SETTINGS = {
  ZSB_ROSTER_MAX_ROWS: makeValidator<number>((input) => {
    const value = /^\d+$/.test(input.trim()) ? Number(input) : NaN;
    if (!(Number.isSafeInteger(value) && value >= 1)) throw new Error(`must be a whole number of rows, at least 1, not "${input}"`);
    return value;
  })({ default: MAX_ROSTER_ROWS, desc: 'most data rows one roster import takes; the first row past it refuses the file' }),
};

/** The row cap in force: `ZSB_ROSTER_MAX_ROWS`, else MAX_ROSTER_ROWS. */
export function rosterMaxRows(env: NodeJS.ProcessEnv = process.env): number {
  return readSettings(env, ROSTER_SETTINGS).ZSB_ROSTER_MAX_ROWS;
}

/**
 * A roster file's bytes: whole (as an API request carries them), or a way to open them as a stream (a file on
 * disk), called once per reading.
 */
export type RosterContent = Buffer | (() => Readable);

export interface RosterReadOptions {
  /** Most data rows accepted: the row after it is refused without reading further. */
  maxRows: number;
  /** Budget for an XLSX file's shared strings (MAX_SHARED_STRING_BYTES). */
  maxSharedStringBytes?: number;
}

/** Bytes handed to the parsers at a time when the content is a buffer (views into it, not copies). */
const CHUNK_BYTES = 64 * 1024;
/** Bytes from the first non-ASCII byte on that decide a CSV file's encoding. */
const SNIFF_BYTES = 64 * 1024;
/** A CSV record longer than this is refused: an unclosed quote would otherwise swallow the rest of the file. */
const MAX_CSV_RECORD_CHARS = 64 * 1024;
/**
 * Estimated memory for an XLSX file's shared-string table (the text of its cells, which the sheet refers to by
 * number and which must be held while the sheet is read): MAX_ROSTER_ROWS rows with distinct ID numbers and names
 * need about a quarter of it.
 */
export const MAX_SHARED_STRING_BYTES = 96 * 1024 * 1024;

function openBytes(content: RosterContent): Readable {
  if (typeof content === 'function') return content();
  return Readable.from(
    (function* () {
      for (let start = 0; start < content.length; start += CHUNK_BYTES) yield content.subarray(start, start + CHUNK_BYTES);
    })(),
  );
}

/**
 * Decodes CSV bytes as they stream: UTF-8 (with or without BOM), or GB18030 as Excel in China saves it. ASCII is the
 * same in both and passes as it is; from the first other byte, SNIFF_BYTES are held and decide the encoding (UTF-8
 * if they are valid UTF-8). A file that then stops being valid UTF-8 mixes encodings and is refused.
 */
export async function* decodeCsvText(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let held: Buffer[] = [];
  let heldBytes = 0;
  const mixed = () => new RosterFileError([{ row: 0, message: '文件编码无法识别：请将名单另存为 UTF-8 或 GB18030（GBK）编码的 CSV 文件' }]);
  const decode = (chunk: Buffer, stream: boolean) => {
    try {
      return decoder!.decode(chunk, { stream });
    } catch {
      throw mixed();
    }
  };
  const decide = () => {
    const prefix = Buffer.concat(held);
    held = [];
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: true });
      decoder = new TextDecoder('utf-8', { fatal: true });
    } catch {
      decoder = new TextDecoder('gb18030');
    }
    return decode(prefix, true);
  };
  for await (const chunk of bytes) {
    if (decoder) {
      yield decode(chunk, true);
    } else if (!heldBytes && isAscii(chunk)) {
      yield chunk.toString('latin1');
    } else {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= SNIFF_BYTES) yield decide();
    }
  }
  if (!decoder && heldBytes) yield decide();
  if (decoder) yield decode(Buffer.alloc(0), false);
}

function isAscii(chunk: Uint8Array): boolean {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] > 0x7f) return false;
  return true;
}

/** One spreadsheet row: its number as the spreadsheet shows it, and its cells' text from column A on. */
interface CellRow {
  row: number;
  cells: string[];
}

async function* csvRows(bytes: Readable): AsyncGenerator<CellRow> {
  // Blank lines are kept as records so that row numbers match what a spreadsheet shows.
  const parser = parseCsv({ relax_column_count: true, trim: true, skip_empty_lines: false, max_record_size: MAX_CSV_RECORD_CHARS });
  const records = pipeline(Readable.from(decodeCsvText(bytes)), parser, () => undefined);
  let row = 0;
  try {
    for await (const record of records as AsyncIterable<string[]>) yield { row: ++row, cells: record };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The parser reads ahead of the rows taken, so its own count places the broken record.
    const at = ((error as CsvError & { records?: number }).records ?? row) + 1;
    const message =
      error.code === 'CSV_MAX_RECORD_SIZE'
        ? `该行过长（超过${MAX_CSV_RECORD_CHARS}个字符），可能是引号不成对`
        : `CSV 格式错误（引号不成对或多余），请检查该行：${error.message.split(':')[0]}`;
    throw new RosterFileError([{ row: at, message }]);
  } finally {
    records.destroy();
  }
}

type CellValue = string | number | boolean | Date | null | undefined | { sharedString?: number; result?: unknown; error?: string; richText?: { text: string }[]; text?: unknown };

function cellText(value: CellValue, sharedStrings: readonly string[]): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value).trim();
  if (value.sharedString !== undefined) return sharedStrings[value.sharedString] ?? '';
  if ('result' in value) return value.result === null || value.result === undefined ? '' : String(value.result).trim();
  if (value.richText) return value.richText.map((r) => r.text).join('').trim();
  if (value.error) return value.error;
  return typeof value.text === 'string' ? value.text.trim() : '';
}

const unreadable = () => new RosterFileError([{ row: 0, message: '无法读取该 Excel 文件，请确认文件为 .xlsx 格式且未加密' }]);

/**
 * Rows of the workbook's first sheet (in tab order), read with exceljs's streaming reader. Its shared strings are
 * kept here, within a budget, rather than in the reader. The reader stages each sheet in a temporary file until the
 * archive's end (Excel stores the shared strings after the sheets); an early stop still walks the remaining sheets
 * so that the reader deletes those files, reading no more of them than their first chunk.
 */
async function* xlsxRows(bytes: Readable, maxSharedStringBytes = MAX_SHARED_STRING_BYTES): AsyncGenerator<CellRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, { worksheets: 'emit', sharedStrings: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  const events = reader.parse() as AsyncIterator<{ eventType?: string; value?: ExcelJS.stream.xlsx.WorksheetReader; index?: number; text?: CellValue }>;
  const sharedStrings: string[] = [];
  let sharedBytes = 0;
  let done = false;
  let found = false;
  const next = async () => {
    try {
      const step = await events.next();
      done = Boolean(step.done);
      return step.done ? undefined : step.value;
    } catch {
      done = true;
      throw unreadable();
    }
  };
  try {
    for (let event = await next(); !done; event = await next()) {
      if (event?.index !== undefined) {
        const text = cellText(event.text, []);
        sharedBytes += 40 + 2 * text.length;
        if (sharedBytes > maxSharedStringBytes) throw new RosterFileError([{ row: 0, message: 'Excel 文件中的文字内容过多，请删去无关的列或工作表，或分批导入' }]);
        sharedStrings[event.index] = text;
        continue;
      }
      if (event?.eventType !== 'worksheet' || !event.value) continue;
      const sheet = event.value;
      // The first tab in the workbook's order; a sheet the reader could not place in that order is taken as it comes.
      const tabs = (reader as unknown as { model?: { sheets?: { id: number; name: string }[] } }).model?.sheets ?? [];
      const { id, name } = sheet as unknown as { id: number | string; name: string };
      const placed = tabs.some((t) => t.name === name);
      if (found || (placed && Number(id) !== tabs[0].id)) {
        await skip(sheet);
        continue;
      }
      found = true;
      try {
        for await (const row of sheet) {
          const values = row.values as CellValue[];
          yield { row: row.number, cells: Array.from(values.slice(1), (v) => cellText(v, sharedStrings)) };
        }
      } catch (error) {
        if (error instanceof RosterFileError) throw error;
        throw unreadable();
      }
    }
    if (!found) throw new RosterFileError([{ row: 0, message: 'Excel 文件中没有工作表' }]);
  } finally {
    // Walk what is left so the reader removes its temporary files.
    while (!done) {
      const event = await next().catch(() => undefined);
      if (event?.eventType === 'worksheet' && event.value) await skip(event.value).catch(() => undefined);
    }
  }
}

/** Whether a buffer starts like a ZIP archive and ends with its end-of-central-directory record. */
function isWholeZip(content: Buffer): boolean {
  const end = content.lastIndexOf(ZIP_END_SIGNATURE);
  return content.subarray(0, 4).equals(ZIP_START_SIGNATURE) && end >= 0 && end >= content.length - 65_557 && end <= content.length - 22;
}
const ZIP_START_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Passes over a sheet without reading it: starting and stopping its reader closes its temporary file. */
async function skip(sheet: ExcelJS.stream.xlsx.WorksheetReader): Promise<void> {
  for await (const row of sheet) {
    void row;
    break;
  }
}

/**
 * Reads a roster file row by row as it streams: the header first (refused with the missing columns named), then
 * each non-blank data row keyed by column. Throws `RosterFileError` for a file that cannot be read, one without data
 * rows, or one with more than `maxRows` data rows, which is refused at the first row past the cap.
 */
export async function* readRosterRows(fileName: string, content: RosterContent, { maxRows, maxSharedStringBytes }: RosterReadOptions): AsyncGenerator<RosterRow> {
  const lower = fileName.toLowerCase();
  const read = lower.endsWith('.csv') || lower.endsWith('.txt') ? csvRows : lower.endsWith('.xlsx') ? xlsxRows : undefined;
  if (!read) throw new RosterFileError([{ row: 0, message: '仅支持 .csv 或 .xlsx 格式的名单文件' }]);
  // A cut-off upload is refused before the reader stages its sheets in temporary files it would not delete.
  if (read === xlsxRows && Buffer.isBuffer(content) && !isWholeZip(content)) throw unreadable();
  const bytes = openBytes(content);
  try {
    let positions: Map<RosterColumn, number> | undefined;
    let count = 0;
    for await (const { row, cells } of read === xlsxRows ? xlsxRows(bytes, maxSharedStringBytes) : csvRows(bytes)) {
      if (cells.every((c) => !c)) continue;
      if (!positions) {
        positions = headerPositions(row, cells);
        continue;
      }
      if (++count > maxRows) throw new RosterFileError([{ row, message: `一次最多导入${maxRows}行，请分批导入` }]);
      const values: Partial<Record<RosterColumn, string>> = {};
      for (const [column, index] of positions) values[column] = cells[index] ?? '';
      yield { row, values };
    }
    if (!positions) throw new RosterFileError([{ row: 1, message: '文件为空（第一行须为表头）' }]);
    if (!count) throw new RosterFileError([{ row: 2, message: '名单中没有数据行' }]);
  } finally {
    bytes.destroy();
  }
}

function headerPositions(row: number, cells: string[]): Map<RosterColumn, number> {
  const positions = new Map<RosterColumn, number>();
  const missing: string[] = [];
  for (const [column, names] of Object.entries(ROSTER_COLUMNS) as [RosterColumn, readonly string[]][]) {
    const index = cells.findIndex((h) => names.includes(h));
    if (index >= 0) positions.set(column, index);
    else if (!OPTIONAL_COLUMNS.has(column)) missing.push(names[0]);
  }
  if (missing.length) throw new RosterFileError([{ row, message: `缺少列：${missing.join('、')}（第一行须为表头）` }]);
  return positions;
}
