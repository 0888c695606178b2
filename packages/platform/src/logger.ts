import pino from 'pino';
import { readSettings, PLATFORM_SETTINGS } from './config.ts';

/**
 * One JSON line per event: what operations tooling reads, and grep-able during development. Errors go to stderr,
 * everything else to stdout; `"level"` is a label (`"info"`, `"warn"`, `"error"`), which the launcher filters on.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Personal data and credentials: never written as given, at the top of a line's fields or one level down. */
const SENSITIVE_FIELDS = [
  'idNumber',
  'phone',
  'mobile',
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'name',
  'realName',
  'fullName',
  'displayName',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'smsCode',
  'authorization',
  'cookie',
];

/** The redaction paths: a second line of defence for a call site that passes more than it should. */
export const REDACTED_PATHS = [...SENSITIVE_FIELDS, ...SENSITIVE_FIELDS.map((field) => `*.${field}`), '*["x-api-key"]', '*["x-zsb-caller"]'];

/** Where lines go: by default errors to stderr and the rest to stdout (a test passes its own stream or sink). */
export type LogDestination = pino.DestinationStream;

/** A test's collector of written lines, as an alternative to a stream. */
export type LogSink = (level: 'info' | 'warn' | 'error', line: string) => void;

function sinkDestination(sink: LogSink): LogDestination {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n').filter(Boolean)) sink((JSON.parse(line) as { level: 'info' | 'warn' | 'error' }).level, line);
    },
  };
}

function standardDestination(): LogDestination {
  return pino.multistream(
    [
      { level: 'info', stream: process.stdout },
      { level: 'error', stream: process.stderr },
    ],
    { dedupe: true },
  );
}

/**
 * A logger whose lines carry `base` (e.g. `{ service: 'gateway' }`). Quiet (`ZSB_LOG=silent`) keeps only errors.
 * Call sites pass the message first and the fields second; this wrapper turns that into pino's order.
 */
export function createLogger(base: Record<string, unknown> = {}, quiet = readSettings(process.env, { ZSB_LOG: PLATFORM_SETTINGS.ZSB_LOG }).ZSB_LOG === 'silent', destination: LogDestination | LogSink = standardDestination()): Logger {
  return wrap(
    pino(
      {
        base,
        level: quiet ? 'error' : 'info',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }), log: serializeErrors },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        // Fields are redacted by name above; this catches an ID number or phone inside a message or an error's text.
        hooks: { streamWrite: redactPersonalData },
      },
      typeof destination === 'function' ? sinkDestination(destination) : destination,
    ),
  );
}

function wrap(logger: pino.Logger): Logger {
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    child: (fields) => wrap(logger.child(fields)),
  };
}

/** An error under any field (call sites say `error`) is written with its type, message (with causes), stack and code. */
function serializeErrors(fields: Record<string, unknown>): Record<string, unknown> {
  let serialized: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) (serialized ??= { ...fields })[key] = errorRecord(pino.stdSerializers.err(value));
  }
  return serialized ?? fields;
}

/** Of pino's serialised error, what says what went wrong: not the other properties a driver copies onto it (its SQL, parameters, rows). */
function errorRecord(serialized: pino.SerializedError): Record<string, unknown> {
  const record: Record<string, unknown> = { type: serialized.type, message: serialized.message, stack: serialized.stack };
  if (typeof serialized.code === 'string' || typeof serialized.code === 'number') record.code = serialized.code;
  if (Array.isArray(serialized.aggregateErrors)) record.errors = serialized.aggregateErrors.map(errorRecord);
  return record;
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
