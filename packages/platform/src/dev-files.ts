import fs from 'node:fs';
import path from 'node:path';

/**
 * Development files of JSON lines (the SMS outbox, issued captcha answers): appended synchronously, so a line is in the
 * file before the request that wrote it is answered, and read from their end, so a long-running development instance
 * (or a load benchmark) looks up the newest lines without reading everything ever written.
 */
export function appendJsonLine(file: string, entry: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/** The last lines of a JSON-lines file that fit in `maxBytes`, oldest first (a partial first line is skipped). */
export function readJsonLinesTail<T>(file: string, maxBytes = 512 * 1024): T[] {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (length < size) lines.shift();
    return lines.filter(Boolean).map((line) => JSON.parse(line) as T);
  } finally {
    fs.closeSync(fd);
  }
}
