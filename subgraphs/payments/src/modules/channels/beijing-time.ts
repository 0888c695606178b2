/**
 * Channels read and write times in Beijing time (UTC+8, no daylight saving) whatever the server's time zone, so the
 * formatting is done with a fixed offset rather than the process's locale.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;

function parts(date: Date) {
  const shifted = new Date(date.getTime() + OFFSET_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    year: pad(shifted.getUTCFullYear(), 4),
    month: pad(shifted.getUTCMonth() + 1),
    day: pad(shifted.getUTCDate()),
    hour: pad(shifted.getUTCHours()),
    minute: pad(shifted.getUTCMinutes()),
    second: pad(shifted.getUTCSeconds()),
  };
}

/** `yyyyMMddHHmmss` (UnionPay `txnTime`, CEB `transDateTime`). */
export function compactTime(date: Date): string {
  const p = parts(date);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** `yyyy-MM-dd HH:mm:ss` (Alipay `timestamp`, `gmt_payment`, `time_expire`). */
export function dashedTime(date: Date): string {
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `yyyy-MM-dd`, the Beijing calendar day of an instant (bill dates). */
export function beijingDate(date: Date): string {
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DASHED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function fromParts(match: RegExpExecArray | null): Date | undefined {
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - OFFSET_MS;
  const date = new Date(utc);
  // Date.UTC rolls 2026-02-30 over to March: refuse what does not come back the same.
  return compactTime(date) === match.slice(1).join('') ? date : undefined;
}

/** Parses `yyyyMMddHHmmss` in Beijing time; undefined when it is not a real time. */
export function parseCompactTime(text: string): Date | undefined {
  return fromParts(COMPACT.exec(text));
}

/** Parses `yyyy-MM-dd HH:mm:ss` in Beijing time; undefined when it is not a real time. */
export function parseDashedTime(text: string): Date | undefined {
  return fromParts(DASHED.exec(text));
}

/** Checks a `yyyy-MM-dd` calendar day. */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && parseDashedTime(`${text} 00:00:00`) !== undefined;
}
