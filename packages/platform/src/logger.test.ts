import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, REDACTED, redactPersonalData } from './logger.ts';

/** A destination that keeps every line written to it. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const ID_NUMBER = '370102200101011015';
const PHONE = '13912345678';

describe('the platform logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one JSON line per event: an ISO time, the level as a word, the message, the base fields and the given ones', () => {
    const out = capture();
    const log = createLogger({ service: 'candidates' }, false, out.stream).child({ requestId: 'r-1' });
    log.info('rules reloaded', { changed: ['CN-SD-2023'] });
    log.warn('sweep failed', { attempt: 2 });
    expect(out.lines[0]).toContain('"level":"info"');
    expect(out.lines[1]).toContain('"level":"warn"');
    const [first] = out.entries();
    expect(first).toMatchObject({ level: 'info', service: 'candidates', requestId: 'r-1', msg: 'rules reloaded', changed: ['CN-SD-2023'] });
    expect(first.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('never writes an ID number, a phone number, a name, a password or a credential given in fields, at the top or one level down', () => {
    const out = capture();
    const log = createLogger({}, false, out.stream);
    log.warn('sms daily limit of the bound phone reached', { idNumber: ID_NUMBER, phone: PHONE, name: '张三', password: 'Secret#2026', purpose: 'REGISTER' });
    log.info('request', {
      headers: { authorization: 'Bearer eyJhbGciOi.token.sig', 'x-api-key': 'zsb_1_secret', cookie: 'sid=1' },
      candidate: { idNumber: ID_NUMBER, phone: PHONE, realName: '张三' },
      refreshToken: 'abc.1.secret',
    });
    log.child({ phone: PHONE }).error('failed', { accessToken: 'eyJ.x.y' });
    const text = out.lines.join('\n');
    for (const secret of [ID_NUMBER, PHONE, '张三', 'Secret#2026', 'eyJhbGciOi', 'zsb_1_secret', 'sid=1', 'abc.1.secret', 'eyJ.x.y']) expect(text).not.toContain(secret);
    expect(out.entries()[0]).toMatchObject({ idNumber: '[redacted]', phone: '[redacted]', purpose: 'REGISTER' });
    expect(out.entries()[1]).toMatchObject({ candidate: { idNumber: '[redacted]' }, headers: { authorization: '[redacted]' } });
  });

  it('writes an error with its type, message, stack and code, and not the properties a driver copies onto it', () => {
    const out = capture();
    const failure = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', detail: `Key (id_number)=(${ID_NUMBER}) already exists.` });
    createLogger({}, false, out.stream).error('unexpected error', { error: failure });
    const [entry] = out.entries() as { error: Record<string, unknown> }[];
    expect(entry.error).toMatchObject({ type: 'Error', message: 'duplicate key value violates unique constraint', code: '23505' });
    expect(entry.error.stack).toMatch(/^Error: duplicate key value[\s\S]*logger\.test\.ts/);
    expect(out.lines[0]).not.toContain(ID_NUMBER);
  });

  it('quiet keeps only errors', () => {
    const out = capture();
    const log = createLogger({}, true, out.stream);
    log.info('listening');
    log.warn('slow');
    log.error('failed');
    expect(out.entries().map((e) => e.msg)).toEqual(['failed']);
  });

  it('by default writes errors to stderr and everything else to stdout, each line once', () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write);
    const log = createLogger({ service: 'gateway' }, false);
    log.info('gateway listening');
    log.warn('subgraph unavailable');
    log.error('unexpected gateway error');
    vi.restoreAllMocks();
    expect(stdout.map((line) => JSON.parse(line).msg)).toEqual(['gateway listening', 'subgraph unavailable']);
    expect(stderr.map((line) => JSON.parse(line).msg)).toEqual(['unexpected gateway error']);
  });
});

describe('log lines', () => {
  it('a resident ID number or a mobile number that reaches a log line is redacted, wherever it sits', () => {
    const lines: string[] = [];
    const log = createLogger({ service: 't' }, false, (_level, line) => lines.push(line)).child({ requestId: 'r' });
    log.error('unexpected error', { error: new Error('duplicate key (id_number)=(37010220010101101X) for 13912345678') });
    log.info('lookup', { typed: '11010519491231002x', phone: '+8613912345678' });
    expect(lines.join('\n')).not.toMatch(/37010220010101101X|13912345678|11010519491231002x/);
    expect(lines[0]).toContain(`(id_number)=(${REDACTED}) for ${REDACTED}`);
    expect(JSON.parse(lines[1])).toMatchObject({ service: 't', requestId: 'r', typed: REDACTED });
  });

  it('ids, times and other numbers are left alone', () => {
    const line = JSON.stringify({ requestId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', at: 1795000000000, seconds: 1795000000, code: 'SMS_TOO_FREQUENT', hex: 'a13912345678b' });
    expect(redactPersonalData(line)).toBe(line);
  });

  it('quiet logging keeps errors only', () => {
    const lines: string[] = [];
    const log = createLogger({}, true, (_level, line) => lines.push(line));
    log.info('hidden');
    log.error('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });
});
