/** One JSON line per event on stdout: what operations tooling reads, and grep-able during development. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(base: Record<string, unknown> = {}, quiet = process.env.ZSB_LOG === 'silent'): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (quiet && level !== 'error') return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...base, ...fields }, errorReplacer);
    (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, quiet),
  };
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
