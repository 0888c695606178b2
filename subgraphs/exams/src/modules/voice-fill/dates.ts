import { readDigitRun, readNumber } from './chinese-numbers.ts';

/** A calendar date heard in a transcript. */
export interface HeardDate {
  /** YYYY-MM-DD. */
  iso: string;
  start: number;
  end: number;
  /** The year was said with two digits (〇三年) and the century was supplied. */
  twoDigitYear: boolean;
}

export interface HeardYear {
  year: number;
  start: number;
  end: number;
  twoDigitYear: boolean;
}

const DAY_MARKS = ['日', '号'];

/** Whether year-month-day names a day that exists (no 2月30日). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A two-digit year in the century that puts it at or before `today`'s year (〇三 → 2003, 九八 → 1998). */
export function centuryOf(twoDigits: number, today: Date): number {
  const now = today.getUTCFullYear();
  const candidate = 2000 + twoDigits;
  return candidate <= now ? candidate : 1900 + twoDigits;
}

/**
 * The year said at `start`, before 年 (2003年, 二零零三年, 两千零三年, 〇三年, 03年), or as four digits before a
 * date separator. `withMark` requires 年 after it.
 */
export function readYear(text: string, start: number, today: Date, withMark = true): HeardYear | undefined {
  const run = readDigitRun(text, start);
  let value: number | undefined;
  let end: number | undefined;
  let width = 0;
  if (run && run.groups.length >= 1 && !run.digits.includes('X')) {
    // A year may be read in two pauses (二零 零三); its digits end before 年.
    let digits = '';
    for (const g of run.groups) {
      digits += g.digits;
      end = g.end;
      if (digits.length >= 4) break;
    }
    if (digits.length === 4 || digits.length === 2) {
      value = Number(digits);
      width = digits.length;
    }
  }
  if (value === undefined) {
    const n = readNumber(text, start);
    if (n && n.value >= 1900 && n.value <= 2199) {
      value = n.value;
      end = n.end;
      width = 4;
    }
  }
  if (value === undefined || end === undefined) return undefined;
  let markEnd = end;
  while (text[markEnd] === ' ') markEnd++;
  const marked = text[markEnd] === '年';
  if (withMark && !marked) return undefined;
  if (width === 2 && !marked) return undefined;
  const twoDigitYear = width === 2;
  const year = twoDigitYear ? centuryOf(value, today) : value;
  if (year < 1900 || year > 2199) return undefined;
  return { year, start, end: marked ? markEnd + 1 : end, twoDigitYear };
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ') i++;
  return i;
}

/** 2003.5.6, 2003-05-06, 2003/5/6 (Arabic digits only: spoken dates use 年月日). */
function readSeparatedDate(text: string, start: number): HeardDate | undefined {
  const match = /^(\d{4})\s*([.\-/])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/.exec(text.slice(start, start + 16));
  if (!match) return undefined;
  const [whole, y, , m, d] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (!isRealDate(year, month, day)) return undefined;
  return { iso: iso(year, month, day), start, end: start + whole.length, twoDigitYear: false };
}

/**
 * The date said at `start`: 二零零三年五月六日, 2003年5月6日, 两千零三年五月六号, 〇三年五月六号, 2003.5.6, 2003-05-06.
 * A day that does not exist (2月30日) is not a date. Returns undefined when no whole date starts there.
 */
export function readDate(text: string, start: number, today: Date): HeardDate | undefined {
  const separated = readSeparatedDate(text, start);
  if (separated) return separated;
  const year = readYear(text, start, today);
  if (!year) return undefined;
  let i = skipSpaces(text, year.end);
  const month = readNumber(text, i);
  if (!month) return undefined;
  i = skipSpaces(text, month.end);
  if (text[i] !== '月') return undefined;
  i = skipSpaces(text, i + 1);
  const day = readNumber(text, i);
  if (!day) return undefined;
  i = skipSpaces(text, day.end);
  if (!DAY_MARKS.includes(text[i])) return undefined;
  // 3号楼: a number before 号 that goes on as a building is an address, not a day.
  if (text[i] === '号' && /[楼院栋]/.test(text[i + 1] ?? '')) return undefined;
  if (!isRealDate(year.year, month.value, day.value)) return undefined;
  return { iso: iso(year.year, month.value, day.value), start, end: i + 1, twoDigitYear: year.twoDigitYear };
}

/** 8 digits read as a date (生日20030506), only where a label said a date follows. */
export function readCompactDate(digits: string): string | undefined {
  if (!/^\d{8}$/.test(digits)) return undefined;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return year >= 1900 && isRealDate(year, month, day) ? iso(year, month, day) : undefined;
}

/** 2003年5月6日, as the form shows a date to a candidate. */
export function displayDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
