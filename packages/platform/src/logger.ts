/** One JSON line per event on stdout: what operations tooling reads, and grep-able during development. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Where log lines go: stdout (errors to stderr) unless a test collects them. */
export type LogSink = (level: 'info' | 'warn' | 'error', line: string) => void;

const toConsole: LogSink = (level, line) => {
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
};

export function createLogger(base: Record<string, unknown> = {}, quiet = process.env.ZSB_LOG === 'silent', sink: LogSink = toConsole): Logger {
  const write = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => {
    if (quiet && level !== 'error') return;
    sink(level, redactPersonalData(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...base, ...fields }, errorReplacer)));
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, quiet, sink),
  };
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** What replaces a resident ID number or a mobile number that reached a log line. */
export const REDACTED = '[personal data redacted]';
const RESIDENT_ID = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z+])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g;

/**
 * Nothing logs ID numbers or phones on purpose (tests prove it); this catches one that slips in through an error
 * message, so it never reaches a log file.
 */
export function redactPersonalData(line: string): string {
  return line.replace(RESIDENT_ID, REDACTED).replace(MOBILE, REDACTED);
}
