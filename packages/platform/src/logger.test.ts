import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactPersonalData } from './logger.ts';

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
