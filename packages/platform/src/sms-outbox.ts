import fs from 'node:fs';
import path from 'node:path';
import type { PlatformConfig } from './config.ts';
import { appendJsonLine, readJsonLinesTail } from './dev-files.ts';

/** One SMS written to the development outbox instead of being sent. */
export interface OutboxEntry {
  at: string;
  phone: string;
  text: string;
  province: string;
  purpose: string;
}

/** The development SMS outbox: `<dataDir>/sms-outbox.jsonl`, one JSON message a line. */
export function outboxFile(config: PlatformConfig): string {
  return path.join(config.dataDir, 'sms-outbox.jsonl');
}

/**
 * Appends synchronously: the message is in the outbox before the request that sent it is answered, even when
 * delivery runs in the background (development only; a line is a few hundred bytes).
 */
export function appendToOutbox(file: string, entry: OutboxEntry): void {
  appendJsonLine(file, entry);
}

/** The outbox's messages, oldest first; only one phone's when `phone` is given. */
export function readOutbox(file: string, phone?: string): OutboxEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxEntry)
    .filter((entry) => !phone || entry.phone === phone);
}

/** The 6-digit code of the newest message to a phone, for development and tests (read from the outbox's end). */
export function latestCode(file: string, phone: string): string | undefined {
  const message = readJsonLinesTail<OutboxEntry>(file).findLast((entry) => entry.phone === phone && /\d{6}/.test(entry.text));
  return /(\d{6})/.exec(message?.text ?? '')?.[1];
}
